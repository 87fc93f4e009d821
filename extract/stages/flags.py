"""Paper-level flags: code availability and a state-of-the-art claim.

`code_status` reads sentences that speak about code and whether it is (or will be) available;
links found earlier add evidence (a code link released now). `claims_sota` is true when a
sentence claims the state of the art for the paper's own method and is not hedged
("competitive with", "comparable to") or about others' results (rules/patterns/flags.jsonl).
"""

from __future__ import annotations

import regex

from extract.nlp import Tools
from extract.schemas import CodeStatus
from extract.stages import Flags, Found, PaperDoc

# A model hub link is "code" as a link kind, but weights alone do not make code available.
_MODEL_HUBS = ("huggingface.co", "hf.co")


_SOTA_WORDS = regex.compile(
    r"(?i)state[- ]of[- ]the[- ]art|\bsota\b|\bnew record|\bfirst|\b1st|#1|top-1|\bbest\b|top of"
)


def _code_status(doc: PaperDoc, found: Found, tools: Tools) -> CodeStatus:
    rx = {rule.label: pattern for rule, pattern in tools.regexes["links"]}
    status: CodeStatus = "none"
    for link in found.links:
        if link.kind == "code" and not link.host.endswith(_MODEL_HUBS):
            if link.status == "released":
                return "released"
            status = "promised"
    for sent in doc.abstract.sentences:
        text = sent.text
        if not rx["CODE_WORD"].search(text) or rx["NEGATED"].search(text):
            continue
        if not rx["AVAILABILITY"].search(text):
            continue
        if rx["PROMISED"].search(text):
            status = "promised"
        else:
            return "released"
    return status


def _claims_sota(doc: PaperDoc, tools: Tools) -> bool:
    rules = tools.regexes["flags"]
    if not _SOTA_WORDS.search(doc.abstract.clean):
        return False  # every SOTA rule needs one of these words
    for sent in doc.abstract.sentences:
        text = sent.text
        if not _SOTA_WORDS.search(text):
            continue
        for rule, rx in rules:
            if rule.label == "HEDGE":  # blank hedged phrases; a claim elsewhere still counts
                text = rx.sub(lambda m: " " * len(m.group()), text)
        if any(rule.label == "SOTA" and rx.search(text) for rule, rx in rules):
            return True
    return False


def extract(doc: PaperDoc, found: Found, tools: Tools) -> Flags:
    return Flags(code_status=_code_status(doc, found, tools), claims_sota=_claims_sota(doc, tools))
