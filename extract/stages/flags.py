"""Paper-level flags: code availability and a state-of-the-art claim.

`code_status` reads sentences that speak about code and whether it is (or will be) available;
links found earlier add evidence (a code link released now). `claims_sota` is true when a
sentence claims the state of the art for the paper's own method and is not hedged
("competitive with", "comparable to") or about others' results (rules/patterns/flags.jsonl).
"""

from __future__ import annotations

from extract.nlp import FieldDoc, Sentence, Tools, scan
from extract.schemas import CodeStatus
from extract.stages import Flags, Found, PaperDoc

# A model hub link is "code" as a link kind, but weights alone do not make code available.
_MODEL_HUBS = ("huggingface.co", "hf.co")


def _sentences_with(tools: Tools, stem: str, label: str, fdoc: FieldDoc) -> list[Sentence]:
    """The sentences holding a match of the rule, in order, from one scan of the whole field
    (the cue words never span two sentences); cheaper than searching every sentence."""
    rule, rx = tools.by_label[stem][label][0]
    out: list[Sentence] = []
    for m in scan(tools, rule, rx, fdoc):
        sent = fdoc.sentence_at(m.start())
        if not out or out[-1] is not sent:
            out.append(sent)
    return out


def _code_status(doc: PaperDoc, found: Found, tools: Tools) -> CodeStatus:
    rx = {rule.label: pattern for rule, pattern in tools.regexes["links"]}
    status: CodeStatus = "none"
    for link in found.links:
        if link.kind == "code" and not link.host.endswith(_MODEL_HUBS):
            if link.status == "released":
                return "released"
            status = "promised"
    said = [doc.abstract] if doc.comment is None else [doc.abstract, doc.comment]
    for fdoc in said:
        for sent in _sentences_with(tools, "links", "CODE_WORD", fdoc):
            text = sent.text
            if rx["NEGATED"].search(text):
                continue
            if not rx["AVAILABILITY"].search(text):
                continue
            if rx["PROMISED"].search(text):
                status = "promised"
            else:
                return "released"
    return status


def _claims_sota(doc: PaperDoc, tools: Tools) -> bool:
    rules = tools.by_label["flags"]
    # every SOTA rule needs one of the SOTA_WORD cue's words
    for sent in _sentences_with(tools, "flags", "SOTA_WORD", doc.abstract):
        text = sent.text
        for _, rx in rules.get("HEDGE", ()):  # blank hedged phrases; a claim elsewhere counts
            text = rx.sub(lambda m: " " * len(m.group()), text)
        if any(rx.search(text) for _, rx in rules.get("SOTA", ())):
            return True
    return False


def extract(doc: PaperDoc, found: Found, tools: Tools) -> Flags:
    return Flags(code_status=_code_status(doc, found, tools), claims_sota=_claims_sota(doc, tools))
