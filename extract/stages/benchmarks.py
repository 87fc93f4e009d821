"""Datasets and benchmarks: registry names folded to canonical form, plus unknown named ones.

Known names come from the registry walk (`Lexicon`); an alias the registry marks ambiguous
(C4, VOC, MATH) counts only with benchmark context in its sentence. Splits named right after
a mention (COCO val2017, RefCOCO+ testA) go to `split`. Unknown datasets are taken only from
clear frames ("the GenImage benchmark", "we introduce X, a dataset of ...").
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

import regex

from extract.names import ADJECTIVE, METHOD_HEADS, is_capitalised, is_coined
from extract.nlp import FieldDoc, LexiconMatch, Tools, expand_macros, scan
from extract.rules import BenchmarkEntry, fold
from extract.schemas import Benchmark
from extract.spans import Spans
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
_SLASH_SUFFIX = regex.compile(r"^([\p{L}\p{N}+-]+?)((?:/[\p{L}\p{N}+]{1,4})+)$")
_TRAILING_DIGITS = regex.compile(r"\d+$")
_SLASH = regex.compile("/")


def _split_after(tools: Tools, fdoc: FieldDoc, end_tok: int) -> str | None:
    """A split named right after the mention: 'COCO val2017', 'RefCOCO+ testA subset', or
    the numbered task of a shared task ('SemEval-2025 Task 11'), whose tasks are separate
    leaderboards."""
    words = fdoc.tokens
    for width in (2, 1):
        if end_tok + width <= len(words):
            key = fold("".join(words[end_tok : end_tok + width]))
            if key in tools.rules.splits:
                return tools.rules.splits[key]
    if end_tok < len(words):
        after = fdoc.starts[end_tok - 1] + len(words[end_tok - 1])
        for _, rx in tools.by_label["benchmarks"].get("SPLIT_AFTER", ()):
            if m := rx.match(fdoc.clean, after):
                return f"{m.group('kind').capitalize()} {m.group('number')}"
    return None


def _glued_to_previous(text: str, start: int) -> bool:
    """'EEG-ImageNet', 'Stylized-ImageNet': a name glued by a hyphen to the word before it
    is part of another dataset's name, not a mention of the registry entry."""
    return start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha()


_DATASET_WORD = regex.compile(r"(?i)\b(?:dataset|benchmark|corpus|suite|testbed)")


_TITLE_NAME = regex.compile(r"\s*([^\s:]{2,40}):\s")


def _titles_own_name(doc: PaperDoc) -> str | None:
    """'WebSight: A Vision-First Architecture ...': the name a title opens with is what the
    paper proposes, here a method that shares a dataset's name, and the abstract's
    mentions of it are that method too; not when the subtitle calls it a dataset."""
    for fdoc in doc.fields:
        m = _TITLE_NAME.match(fdoc.clean) if fdoc.name == "title" else None
        if m and not _DATASET_WORD.search(fdoc.clean, m.end()):
            return fold(m.group(1))
    return None


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


def _known(
    doc: PaperDoc, tools: Tools, fdoc: FieldDoc, own_name: str | None
) -> list[tuple[Benchmark, int, int]]:
    out = _slash_expansions(doc, tools, fdoc)
    slashed = [(s, e) for _, s, e in out]
    for m in tools.benchmarks.find(fdoc):
        entry: BenchmarkEntry = m.entry
        if m.surface in entry.ambiguous and not _has_context(tools, fdoc, m):
            continue
        start = fdoc.starts[m.start]
        end = fdoc.starts[m.end - 1] + len(fdoc.tokens[m.end - 1])
        if _glued_to_previous(fdoc.clean, start) or fold(fdoc.clean[start:end]) == own_name:
            continue
        if any(s <= start and end <= e for s, e in slashed):
            continue  # "AIME 2024/2025": the editions, not the family
        split = _split_after(tools, fdoc, m.end)
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
    return out


def _slash_names(base: str, suffix: str) -> list[str]:
    """The names a slash suffix stands for: 'RefCOCO/+' -> RefCOCO+; a suffix of as many
    digits as the base ends with replaces them: 'AIME24/25' -> AIME25, 'VOC2007/2012'."""
    names = [base + suffix]
    digits = _TRAILING_DIGITS.search(base)
    if digits and suffix.isdigit() and len(suffix) == len(digits.group()):
        names.append(base[: digits.start()] + suffix)
    return names


def _tokens_with_slash(fdoc: FieldDoc) -> list[int]:
    """The indices of the tokens holding a '/', in order, found from the slashes of the
    text (a few) rather than by testing every token."""
    starts, text = fdoc.starts, fdoc.clean
    held = {bisect_right(starts, m.start()) - 1 for m in _SLASH.finditer(text)}
    return sorted(k for k in held if k >= 0 and "/" in fdoc.tokens[k])


def _slash_expansions(
    doc: PaperDoc, tools: Tools, fdoc: FieldDoc
) -> list[tuple[Benchmark, int, int]]:
    """'RefCOCO/+/g' names three datasets: the base and the base with each suffix; a base
    that is only an edition takes the word before it ('AIME 2024/2025')."""
    out: list[tuple[Benchmark, int, int]] = []
    if "/" not in fdoc.clean:
        return out
    by_key = tools.rules.benchmark_by_key
    for k in _tokens_with_slash(fdoc):
        text, idx = fdoc.tokens[k], fdoc.starts[k]
        m = _SLASH_SUFFIX.match(text)
        if not m:
            continue
        base, start = m.group(1), idx
        if fold(base) not in by_key and k > 0 and base.isdigit():
            before = fdoc.tokens[k - 1]
            if fold(before + base) in by_key:
                base, start = f"{before} {base}", fdoc.starts[k - 1]
        end = idx + len(text)
        names = [base, *(n for x in m.group(2).split("/")[1:] for n in _slash_names(base, x))]
        seen: set[str] = set()
        for name in names:
            for entry, _surface in by_key.get(fold(name), ()):
                if entry.name in seen:
                    continue
                seen.add(entry.name)
                row = Benchmark(
                    name=entry.name,
                    mention=fdoc.clean[start:end],
                    split=None,
                    known=True,
                    task=entry.task[0] if entry.task else None,
                    **doc.provenance(fdoc, start, end, "bench.registry.slash"),
                )
                out.append((row, start, end))
    return out


# Heads that make a long form a dataset's name even though METHOD_HEADS lists them.
_DATASET_HEADS = frozenset(["dataset", "benchmark", "corpus", "suite", "testbed", "bench"])
_POSTMODIFIER = regex.compile(r"\s(?:for|of|on|in|with|under)\s")


def _head(long_form: str) -> str:
    """The head noun of a long form, before any post-modifier: 'Temporal Anachronism
    Benchmark for Vision-Language Models' -> 'benchmark'."""
    before: str = _POSTMODIFIER.split(long_form, maxsplit=1)[0]
    return before.split()[-1].lower().split("-")[-1]


# A dataset noun closing a capitalised name ("the Portal Dialogue Corpus").
_OWN_HEAD = regex.compile(r"\s(?:Dataset|Database|Benchmark|Corpus|Testbed)$")


def _not_a_dataset(name: str, tools: Tools) -> bool:
    """Names a dataset frame catches that are metrics, evaluators or tasks; a name closed by
    its own dataset noun is judged without it ('Video Question Answering Benchmark')."""
    for text in {name, _OWN_HEAD.sub("", name)}:
        if text in tools.rules.not_methods or text.lower() in tools.rules.not_methods_lower:
            return True  # a task or concept: "Video Question Answering benchmark"
        if fold(text) in tools.rules.metric_by_key:
            return True  # "ImageReward", "CLIPScore": metrics
        rules = tools.by_label["benchmarks"].get("NOT_DATASET", ())
        if any(rx.fullmatch(text) for _, rx in rules):
            return True
    return False


# A hyphen-joined function word ends no name.
_FUNCTION_TAIL = regex.compile(r"-(?:on|in|of|for|to|with|at|by|and|or|from|the)$")


def _plausible_unknown(name: str, tools: Tools, found: Found, named: bool) -> bool:
    """Whether a frame's candidate is a dataset name. `named`: the frame names it as a
    dataset ("we introduce X, a benchmark", "X: A Dataset for"), so a plain capitalised
    word counts ("Herculean"); other frames need a coined name or a capitalised phrase."""
    words = name.split()
    if not words or _not_a_dataset(name, tools) or ADJECTIVE.search(words[-1]):
        return False  # "ProX-curated" is an adjective
    if _FUNCTION_TAIL.search(words[-1]):
        return False  # "Llama-3-on this dataset": a dash glued the next word on
    for ab in found.abbreviations:
        # "Auto Benchmark Audit (ABA)": the name of a method, not of a dataset
        if ab.short == name and _head(ab.long) in METHOD_HEADS - _DATASET_HEADS:
            return False
    if tools.families.fullmatch(name):
        return False  # a model, not a dataset
    if _PREFIX_ONLY.match(name):
        return False  # "Cross-Dataset (evaluation)", "Multi-Bench": a prefix, not a name
    if _BENCH_SHAPE.search(name):
        return True  # R-Bench, GIFT-Eval: the suffix is the evidence
    coined = sum(is_coined(w) for w in words)
    capitalised = sum(is_capitalised(w) or is_coined(w) or w[0].isdigit() for w in words)
    if named and all(is_capitalised(w) or is_coined(w) for w in words):
        return True  # not a number: "we benchmark 12 methods", "(1) benchmark construction"
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
    spans = Spans(known)
    for _, rx in tools.by_label["benchmarks"].get("LIST", ()):
        matches = (
            m for sent in sorted(sentences, key=lambda x: x.start_char)
            for m in rx.finditer(fdoc.clean, sent.start_char, sent.end_char)
        )  # fmt: skip
        for m in matches:
            items = list(_ITEM.finditer(fdoc.clean, m.start(), m.end()))
            if not any(spans.covers(i.start()) for i in items):
                continue
            for i in items:
                if _ITEM_END.match(fdoc.clean, i.end()):  # not "OpenAI's", not a subject
                    yield i.group(), i.start(), i.end()


def _candidates(
    tools: Tools, fdoc: FieldDoc, known: list[tuple[int, int]]
) -> Iterator[tuple[str, bool, str, int, int]]:
    """(rule id, named?, surface, start, end) of every unknown-dataset candidate; `named`
    when the frame itself calls the name a dataset (label NAMED_DATASET)."""
    labels = tools.by_label["benchmarks"]
    for label in ("NAMED_DATASET", "UNKNOWN_DATASET"):
        for rule, rx in labels.get(label, ()):
            for m in scan(tools, rule, rx, fdoc):
                if rule.id == "bench.frame.noun_after" and m.group().rstrip().endswith("s"):
                    continue  # "VG datasets", "LLM benchmarks": a category, not a name
                yield (
                    rule.id,
                    label == "NAMED_DATASET",
                    m.group("name"),
                    m.start("name"),
                    m.end("name"),
                )
    for surface, start, end in _list_items(tools, fdoc, known):
        yield "bench.list", False, surface, start, end
    for rule, rx in labels.get("PLURAL_LIST", ()):
        for m in scan(tools, rule, rx, fdoc):  # "datasets (FDA and FSCW)": every item
            for item, start, end in zip(
                m.captures("item"), m.starts("item"), m.ends("item"), strict=True
            ):
                yield rule.id, True, item, start, end


def _strip_leading(surface: str, start: int) -> tuple[str, int]:
    """Drop leading function words a frame swept in ("The UKBOB dataset"), keeping offsets."""
    words = surface.split(" ")
    while len(words) > 1 and words[0] in _LEADING:
        start += len(words[0]) + 1
        words = words[1:]
    return " ".join(words), start


_COINED_BEFORE_PAREN = regex.compile(r"([\p{L}\p{N}][\p{L}\p{N}+\-]*) \($")


# Markup a name's tail may follow in the clean text ("AD^2-Bench", "$τ^2$-bench").
_MARKUP = frozenset("^_$\\{")

# How far back a long form's opening parenthesis is looked for (a long form is a few words).
_LONG_FORM_REACH = 120


def _name_before_long_form(text: str, name: str, start: int, end: int) -> tuple[str, int, int]:
    """'StatABench (Statistical AnalysisBenchmark), a benchmark': a several-word name that
    closes a parenthesis opened right after a coined word is (the tail of) that word's long
    form ('SciRAG-SSLI (Scientific RAG - ... Logically Irrelevant)'); the word is the name."""
    if " " not in name or text[end : end + 1] != ")":
        return name, start, end
    opening = text.rfind("(", max(0, start - _LONG_FORM_REACH), start)
    if opening < 0 or ")" in text[opening:start]:
        return name, start, end
    m = _COINED_BEFORE_PAREN.search(text, max(0, opening - 40), opening + 1)
    if not m or not is_coined(m.group(1)):
        return name, start, end
    # more than the name in the parentheses: a long form only if its capitals spell the word
    if opening + 1 < start and not _spells(m.group(1), text[opening + 1 : end]):
        return name, start, end  # "FooNet (tested on the Quokka Image Set)": a dataset
    return m.group(1), m.start(1), m.end(1)


def _spells(short: str, long_form: str) -> bool:
    """Whether the capitals opening the long form's words appear in order among the short
    name's capitals ('Scientific RAG - Semantically Similar ...' in SciRAG-SSLI)."""
    capitals = iter(c for c in short if c.isupper())
    return all(c in capitals for c in (w[0] for w in long_form.split() if w[:1].isupper()))


def _registry_entry(
    tools: Tools, rule_id: str, name: str, own_name: str | None
) -> BenchmarkEntry | None:
    """The registry entry a frame's name is ('the POPE and MME benchmarks'): an ambiguous
    surface the walk left for want of context has it in the frame. Not for a frame that
    introduces a dataset, nor for the title's own name: a new dataset that shares an
    older one's name ('we introduce ... (AQuA), a dataset'; 'CVBench: Evaluating ...')."""
    introducing = (r.id for r, _ in tools.by_label["benchmarks"].get("NAMED_DATASET", ()))
    if fold(name) == own_name or rule_id in introducing:
        return None
    for entry, surface in tools.rules.benchmark_by_key.get(fold(name), ()):
        if not entry.case_sensitive or fold(name, keep_case=True) == fold(surface, keep_case=True):
            return entry
    return None


def _unknown(
    doc: PaperDoc,
    tools: Tools,
    fdoc: FieldDoc,
    taken: list[tuple[int, int]],
    found: Found,
    own_name: str | None,
) -> list[tuple[Benchmark, int, int]]:
    out: list[tuple[Benchmark, int, int]] = []
    spans = Spans(taken)
    for rule_id, named, surface, raw_start, end in _candidates(tools, fdoc, list(taken)):
        name, start = _strip_leading(surface, raw_start)
        quote = len(name) - len(name.lstrip("\"'“”"))
        name, start = name.strip("\"'“”"), start + quote
        end = start + len(name)
        name, start, end = _name_before_long_form(fdoc.clean, name, start, end)
        if start and fdoc.clean[start - 1] in _MARKUP:
            continue  # "AD^2-Bench": the tail of a name written with markup, not a name
        # "Additionally, a dataset ...": a sentence-opening word before a comma is no name
        opener = fdoc.sentence_at(start).start_char == start and fdoc.clean[end : end + 1] == ","
        entry = _registry_entry(tools, rule_id, name, own_name) if name else None
        if entry is None and (
            not name or not _plausible_unknown(name, tools, found, named and not opener)
        ):
            continue
        if spans.overlaps(start, end):
            continue
        spans.add(start, end)
        row = Benchmark(
            name=entry.name if entry else name,
            mention=name,
            split=None,
            known=entry is not None,
            task=entry.task[0] if entry and entry.task else None,
            **doc.provenance(fdoc, start, end, rule_id),
        )
        out.append((row, start, end))
    return out


_WORD_PARTS = regex.compile(r"[\s\-]+")


def _spelled_out(name: str, names: set[str]) -> bool:
    """'Long-Context MLLM Personalization' beside LCMP: a long form whose initials spell
    another dataset row of the field is that dataset, not a second one."""
    parts = [p for p in _WORD_PARTS.split(name) if p]
    if " " not in name or len(parts) < 3:
        return False
    initials = fold("".join(p[0] for p in parts))
    return initials != fold(name) and initials in names


def extract(doc: PaperDoc, found: Found, tools: Tools) -> list[Benchmark]:
    """One row per dataset name per paper, first mention, with the first split named."""
    rows: list[Benchmark] = []
    own_name = _titles_own_name(doc)
    for fdoc in doc.fields:
        known = _known(doc, tools, fdoc, own_name)
        taken = [(s, e) for _, s, e in known]
        rows.extend(b for b, _, _ in known)
        for b, s, e in known:
            found.benchmark_mentions.append(Mention(fdoc.name, s, e, b.name, b.split))
        unknown = _unknown(doc, tools, fdoc, taken, found, own_name)
        names = {fold(b.name) for b, _, _ in [*known, *unknown]}
        for b, s, e in unknown:
            if _spelled_out(b.name, names):
                continue
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
