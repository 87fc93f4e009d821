"""Datasets and benchmarks: registry names folded to canonical form, plus unknown named ones.

Known names come from the registry walk (`Lexicon`); an alias the registry marks ambiguous
(C4, VOC, MATH) counts only with benchmark context in its sentence. Splits named right after
a mention (COCO val2017, RefCOCO+ testA) go to `split`. Unknown datasets are taken only from
clear frames ("the GenImage benchmark", "we introduce X, a dataset of ...").
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from extract.names import ADJECTIVE, METHOD_HEADS, is_capitalised, is_coined
from extract.nlp import FieldDoc, LexiconMatch, Tools, expand_macros, scan
from extract.rules import BenchmarkEntry, fold
from extract.schemas import Benchmark
from extract.stages import Found, Mention, PaperDoc

# Leading words a frame regex may sweep into a name ("The UKBOB dataset").
_LEADING = frozenset(
    [
        "The",
        "A",
        "An",
        "Our",
        "This",
        "These",
        "That",
        "Their",
        "Its",
        "Each",
        "Both",
        "New",
        "Novel",
        "Large",
        "Large-scale",
        "Public",
        "Experiments",
        "Results",
        "Extensive",
        "On",
        "In",
        "For",
        "With",
        "From",
        "Using",
        "Across",
        "Several",
        "Various",
    ]
)
_PREFIX_ONLY = regex.compile(
    r"(?i)^(?:cross|multi|inter|intra|out|in|within|same|single|sub|super|meta|mini)-?"
    r"(?:dataset|domain|bench|benchmark|corpus|eval)s?$"
)
_BENCH_SHAPE = regex.compile(r"(?:Bench|Eval|Arena|Dataset|Corpus)(?:[- ]?v?\d+(?:\.\d+)?)?$")
_SLASH_SUFFIX = regex.compile(r"^([\p{L}\p{N}+-]+?)((?:/[\p{L}\p{N}+]{1,3})+)$")


def _split_after(tools: Tools, fdoc: FieldDoc, end_tok: int) -> tuple[str | None, int]:
    """A split named right after the mention: 'COCO val2017', 'RefCOCO+ testA subset'."""
    words = fdoc.tokens
    for width in (2, 1):
        if end_tok + width <= len(words):
            key = fold("".join(words[end_tok : end_tok + width]))
            if key in tools.rules.splits:
                return tools.rules.splits[key], end_tok + width
    return None, end_tok


_PLURAL_FRAME = regex.compile(r"^\s*(?:datasets|benchmarks|corpora|tasks)\b")


def _has_context(tools: Tools, fdoc: FieldDoc, m: LexiconMatch[BenchmarkEntry]) -> bool:
    sent = fdoc.sentence_of_token(m.start)
    after = fdoc.clean[fdoc.starts[m.end - 1] + len(fdoc.tokens[m.end - 1]) :]
    if _PLURAL_FRAME.match(after):
        return False  # "VG datasets": a category of datasets, not one
    _, ctx = tools.by_label["benchmarks"]["CONTEXT"][0]
    if ctx.search(sent.text):
        return True
    others = tools.benchmarks.find(fdoc, sent)
    return any(o.entry.name != m.entry.name and o.surface not in o.entry.ambiguous for o in others)


def _known(doc: PaperDoc, tools: Tools, fdoc: FieldDoc) -> list[tuple[Benchmark, int, int]]:
    out: list[tuple[Benchmark, int, int]] = []
    for m in tools.benchmarks.find(fdoc):
        entry: BenchmarkEntry = m.entry
        if m.surface in entry.ambiguous and not _has_context(tools, fdoc, m):
            continue
        start = fdoc.starts[m.start]
        end = fdoc.starts[m.end - 1] + len(fdoc.tokens[m.end - 1])
        split, _ = _split_after(tools, fdoc, m.end)
        rule = "bench.registry" + (".ambiguous" if m.surface in entry.ambiguous else "")
        out.append(
            (
                Benchmark(
                    name=entry.name,
                    mention=fdoc.clean[start:end],
                    split=split,
                    known=True,
                    task=entry.task[0] if entry.task else None,
                    **doc.provenance(fdoc, start, end, rule),
                ),
                start,
                end,
            )
        )
    out.extend(_slash_expansions(doc, tools, fdoc))
    return out


def _slash_expansions(
    doc: PaperDoc, tools: Tools, fdoc: FieldDoc
) -> list[tuple[Benchmark, int, int]]:
    """'RefCOCO/+/g' names three datasets: the base and the base with each suffix."""
    out: list[tuple[Benchmark, int, int]] = []
    if "/" not in fdoc.clean:
        return out
    for text, idx in zip(fdoc.tokens, fdoc.starts, strict=True):
        m = _SLASH_SUFFIX.match(text) if "/" in text else None
        if not m:
            continue
        base = m.group(1)
        for suffix in ["", *m.group(2).split("/")[1:]]:
            for entry, _surface in tools.rules.benchmark_by_key.get(fold(base + suffix), ()):
                out.append(
                    (
                        Benchmark(
                            name=entry.name,
                            mention=text,
                            split=None,
                            known=True,
                            task=entry.task[0] if entry.task else None,
                            **doc.provenance(fdoc, idx, idx + len(text), "bench.registry.slash"),
                        ),
                        idx,
                        idx + len(text),
                    )
                )
    return out


def _plausible_unknown(name: str, tools: Tools, found: Found) -> bool:
    words = name.split()
    if not words or name in tools.rules.not_methods or ADJECTIVE.search(words[-1]):
        return False  # "ProX-curated" is an adjective
    for ab in found.abbreviations:
        # "Auto Benchmark Audit (ABA)": the name of a method, not of a dataset
        if ab.short == name and ab.long.split()[-1].lower().split("-")[-1] in METHOD_HEADS:
            return False
    if tools.families.fullmatch(name):
        return False  # a model, not a dataset
    if _PREFIX_ONLY.match(name):
        return False  # "Cross-Dataset (evaluation)", "Multi-Bench": a prefix, not a name
    if _BENCH_SHAPE.search(name):
        return True  # R-Bench, GIFT-Eval: the suffix is the evidence
    coined = sum(is_coined(w) for w in words)
    capitalised = sum(is_capitalised(w) or is_coined(w) or w[0].isdigit() for w in words)
    return coined >= 1 or (len(words) >= 2 and capitalised == len(words))


_ITEM = regex.compile(expand_macros("{NAME}"))
# What may follow a list item: punctuation, a conjunction, a frame noun, or the end.
_ITEM_END = regex.compile(
    r"\s*(?:[,.;:)/]|(?:and|or)\b|(?:datasets?|benchmarks?|corpora|corpus|splits?)\b|$)"
)


def _list_items(
    tools: Tools, fdoc: FieldDoc, known: list[tuple[int, int]]
) -> Iterator[tuple[str, int, int]]:
    """Items of a list that also names a known benchmark: 'C4, RedPajama-V2, and FineWeb'."""
    # A list never spans two sentences: only those naming a known benchmark can qualify.
    sentences = {fdoc.sentence_at(s) for s, _ in known}
    for _, rx in tools.by_label["benchmarks"].get("LIST", ()):
        matches = (
            m for sent in sorted(sentences, key=lambda x: x.start_char)
            for m in rx.finditer(fdoc.clean, sent.start_char, sent.end_char)
        )  # fmt: skip
        for m in matches:
            items = list(_ITEM.finditer(fdoc.clean, m.start(), m.end()))
            if not any(s <= i.start() < e for i in items for s, e in known):
                continue
            for i in items:
                if _ITEM_END.match(fdoc.clean, i.end()):  # not "OpenAI's", not a subject
                    yield i.group(), i.start(), i.end()


def _candidates(
    tools: Tools, fdoc: FieldDoc, known: list[tuple[int, int]]
) -> Iterator[tuple[str, str, int, int]]:
    """(rule id, surface, start, end) of every unknown-dataset candidate."""
    for rule, rx in tools.by_label["benchmarks"].get("UNKNOWN_DATASET", ()):
        for m in scan(tools, rule, rx, fdoc):
            if rule.id == "bench.frame.noun_after" and m.group().rstrip().endswith("s"):
                continue  # "VG datasets", "LLM benchmarks": a category, not a name
            yield rule.id, m.group("name"), m.start("name"), m.end("name")
    for surface, start, end in _list_items(tools, fdoc, known):
        yield "bench.list", surface, start, end


def _strip_leading(surface: str, start: int) -> tuple[str, int]:
    """Drop leading function words a frame swept in ("The UKBOB dataset"), keeping offsets."""
    words = surface.split(" ")
    while len(words) > 1 and words[0] in _LEADING:
        start += len(words[0]) + 1
        words = words[1:]
    return " ".join(words), start


def _unknown(
    doc: PaperDoc, tools: Tools, fdoc: FieldDoc, taken: list[tuple[int, int]], found: Found
) -> list[tuple[Benchmark, int, int]]:
    out: list[tuple[Benchmark, int, int]] = []
    for rule_id, surface, raw_start, end in _candidates(tools, fdoc, list(taken)):
        name, start = _strip_leading(surface, raw_start)
        quote = len(name) - len(name.lstrip("\"'“”"))
        name, start = name.strip("\"'“”"), start + quote
        end = start + len(name)
        if not name or not _plausible_unknown(name, tools, found):
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        row = Benchmark(
            name=name,
            mention=name,
            split=None,
            known=False,
            task=None,
            **doc.provenance(fdoc, start, end, rule_id),
        )
        out.append((row, start, end))
    return out


def extract(doc: PaperDoc, found: Found, tools: Tools) -> list[Benchmark]:
    """One row per dataset name per paper, first mention, with the first split named."""
    rows: list[Benchmark] = []
    for fdoc in doc.fields:
        known = _known(doc, tools, fdoc)
        taken = [(s, e) for _, s, e in known]
        rows.extend(b for b, _, _ in known)
        for b, s, e in known:
            found.benchmark_mentions.append(Mention(fdoc.name, s, e, b.name, b.split))
        for b, s, e in _unknown(doc, tools, fdoc, taken, found):
            rows.append(b)
            found.benchmark_mentions.append(Mention(fdoc.name, s, e, b.name, None))
    by_name: dict[str, Benchmark] = {}
    for row in sorted(rows, key=lambda b: (b.field != "title", b.start)):
        key = fold(row.name)
        first = by_name.get(key)
        if first is None:
            by_name[key] = row
        elif first.split is None and row.split is not None:
            by_name[key] = first.model_copy(update={"split": row.split})
    return list(by_name.values())
