"""Paper-level flags: code availability and a state-of-the-art claim, each with evidence.

`code_status` reads sentences that speak about code and whether it is (or will be) available;
links found earlier add evidence (a code link released now). `claims_sota` is true when a
sentence claims the state of the art for the paper's own method and is not hedged
("competitive with", "comparable to") or about others' results (rules/patterns/flags.jsonl).

Every flag that is set gets `flags` rows saying which rule fired where (the `papers` columns
stay the summary): the link or availability sentence that decided `code_status`, and every
sentence claiming the state of the art, once per dataset that sentence names.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from extract.nlp import FieldDoc, Sentence, Tools, scan
from extract.rules import PatternRule
from extract.schemas import CodeStatus, Flag, FlagName, Link
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


def _flag(
    doc: PaperDoc,
    sent: Sentence,
    match: regex.Match[str],
    rule_id: str,
    flag: FlagName,
    value: str,
    dataset: str | None = None,
    fdoc: FieldDoc | None = None,
) -> Flag:
    """A flag row for a cue matched in a sentence of the abstract, or of `fdoc` (the
    comment), offsets sentence-local."""
    start, end = sent.start_char + match.start(), sent.start_char + match.end()
    return Flag(
        **doc.provenance(fdoc or doc.abstract, start, end, rule_id, sent),
        flag=flag,
        value=value,
        dataset=dataset,
    )


def _link_flag(link: Link, value: CodeStatus) -> Flag:
    """A code link is its own evidence: the flag row points at the URL and its sentence."""
    provenance = link.model_dump(include={"paper_id", "field", "start", "end", "rule_id"})
    return Flag(**provenance, evidence=link.evidence, flag="code_status", value=value)


def _code_status(doc: PaperDoc, found: Found, tools: Tools) -> tuple[CodeStatus, list[Flag]]:
    """Released as soon as one piece of evidence says so; else promised with every promise."""
    rx = {rule.label: (rule.id, pattern) for rule, pattern in tools.regexes["links"]}
    promises: list[Flag] = []
    for link in found.links:
        if link.kind == "code" and not link.host.endswith(_MODEL_HUBS):
            if link.status == "released":
                return "released", [_link_flag(link, "released")]
            promises.append(_link_flag(link, "promised"))
    said = [doc.abstract] if doc.comment is None else [doc.abstract, doc.comment]
    for fdoc in said:
        for sent in _sentences_with(tools, "links", "CODE_WORD", fdoc):
            text = sent.text
            if rx["NEGATED"][1].search(text):
                continue
            available = rx["AVAILABILITY"][1].search(text)
            if available is None:
                continue
            promised = rx["PROMISED"][1].search(text)
            if promised is not None:
                rule = rx["PROMISED"][0]
                promises.append(
                    _flag(doc, sent, promised, rule, "code_status", "promised", fdoc=fdoc)
                )
            else:
                rule = rx["AVAILABILITY"][0]
                row = _flag(doc, sent, available, rule, "code_status", "released", fdoc=fdoc)
                return "released", [row]
    return ("promised" if promises else "none"), promises


def _datasets_in(found: Found, sent: Sentence) -> list[str]:
    """The datasets the abstract names inside one sentence, in order, once each."""
    names = [
        m.name
        for m in found.benchmark_mentions
        if m.field == "abstract" and sent.start_char <= m.start < sent.end_char
    ]
    return list(dict.fromkeys(names))


# `regex`'s (?i) matches "s" to "ſ" and "i" to "İ", which lower() keeps (or makes two
# characters): mapped first, a lower-cased sentence holds every word a (?i) match holds.
_CASELESS = str.maketrans({"ſ": "s", "İ": "i"})


def _may_match(tools: Tools, rule: PatternRule, text: str, low: str) -> bool:
    """Whether the sentence (`low`: lower-cased as `_CASELESS` says) holds one of the words
    every match of the rule holds (`requires`); a `str.find` costs far less than the regex."""
    plan = tools.plans[rule.id]
    if plan.requires is None:
        return True
    haystack = low if plan.folded else text
    return any(word in haystack for word in plan.requires)


def _sota_claims(doc: PaperDoc, tools: Tools) -> Iterator[tuple[Sentence, str, regex.Match[str]]]:
    """Each sentence claiming the state of the art, with the first SOTA rule that fires in it."""
    rules = tools.by_label["flags"]
    # every SOTA rule needs one of the SOTA_WORD cue's words
    for sent in _sentences_with(tools, "flags", "SOTA_WORD", doc.abstract):
        text = sent.text
        low = text.translate(_CASELESS).lower()
        for rule, rx in rules.get("HEDGE", ()):  # blank hedged phrases; a claim elsewhere counts
            if _may_match(tools, rule, text, low):
                text = rx.sub(lambda m: " " * len(m.group()), text)
        # (blanking only removes words: `low`, from before it, holds every word left)
        for rule, rx in rules.get("SOTA", ()):
            if _may_match(tools, rule, text, low) and (match := rx.search(text)):
                yield sent, rule.id, match
                break


def _claims_sota(doc: PaperDoc, found: Found, tools: Tools) -> list[Flag]:
    rows: list[Flag] = []
    for sent, rule_id, match in _sota_claims(doc, tools):
        datasets: list[str | None] = [*_datasets_in(found, sent)] or [None]
        for dataset in datasets:
            rows.append(_flag(doc, sent, match, rule_id, "claims_sota", "true", dataset))
    return rows


def extract(doc: PaperDoc, found: Found, tools: Tools) -> Flags:
    code_status, code_rows = _code_status(doc, found, tools)
    sota_rows = _claims_sota(doc, found, tools)
    return Flags(
        code_status=code_status,
        claims_sota=bool(sota_rows),
        evidence=(*code_rows, *sota_rows),
    )
