"""The title: a method named before its colon ("NAME: subtitle"), or, when the subtitle
says benchmark or dataset, a dataset paper's dataset, which no rule may propose."""

from __future__ import annotations

import regex

from extract.names import is_coined
from extract.nlp import Tools
from extract.rules import fold
from extract.stages import PaperDoc
from extract.stages.methods.candidate import Candidate, tidy, word_in
from extract.stages.methods.shape import DATA_WORDS, acceptable

_DATA_SUBTITLE = regex.compile(
    r"(?i)^\s*[:–—-]\s*(?:benchmarking\b|(?:an?\s+|the\s+)?(?:[\w-]+,?\s+){0,6}?"
    r"(?:dataset|benchmark|corpus|suite|testbed|leaderboard|collection)s?\b)"
)
_TITLE_NAME = regex.compile(r"^\s*(?P<name>[^:–—]{2,60}?)\s*(?::|\s[–—-]\s)\s*\S")


def title_dataset(doc: PaperDoc) -> str | None:
    """The folded name of a "NAME: A ... Benchmark for ..." title: a dataset paper's dataset,
    which no rule of this stage should propose as a method."""
    title = doc.title
    m = _TITLE_NAME.match(title.clean) if title is not None else None
    if m is None or title is None:
        return None
    name = tidy(m.group("name"))[0]
    if name and (DATA_WORDS.search(name) or _DATA_SUBTITLE.match(title.clean[m.end("name") :])):
        return fold(name)
    return None


def title_name(doc: PaperDoc, tools: Tools, dataset_title: str | None) -> list[Candidate]:
    title = doc.title
    if title is None or dataset_title is not None:
        return []
    m = _TITLE_NAME.match(title.clean)
    if not m:
        return []
    name, shift = tidy(m.group("name"))
    if not name:
        return []
    words = name.split()
    in_abstract = word_in(name, doc.abstract.clean)
    coined = any(is_coined(w) for w in words)
    if len(words) > 3 or not (coined or (in_abstract and len(words) == 1)):
        return []
    if not acceptable(name, "NAMING", tools):
        return []
    start = m.start("name") + shift
    return [Candidate(name, "proposed", title, start, start + len(name), "method.title")]
