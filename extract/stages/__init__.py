"""Extraction stages. Every stage module exposes the same entry point:

    extract(doc: PaperDoc, found: Found, tools: Tools) -> list[<Record>]

`doc` is the paper with its analysed fields, `found` holds what earlier stages produced
(passed explicitly, never through globals), `tools` the compiled rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from extract.nlp import FieldDoc, Sentence
from extract.schemas import (
    Benchmark,
    CodeStatus,
    Flag,
    Improvement,
    Link,
    Method,
    Paper,
    Result,
)

if TYPE_CHECKING:
    from extract.stages.quantities import Quantity


@dataclass
class Abbreviation:
    """A long form defined with a short form in parentheses (either order)."""

    short: str
    long: str
    field: FieldDoc
    short_start: int  # clean offsets of the short form
    short_end: int
    long_start: int
    long_end: int


@dataclass(frozen=True)
class Mention:
    """Every place a stage saw a benchmark or method, in clean offsets, for later stages
    (the tables keep one row per name; linking numbers needs every occurrence)."""

    field: str
    start: int
    end: int
    name: str
    split: str | None = None


@dataclass(frozen=True)
class Flags:
    """Paper-level flags (the `papers` table's code_status and claims_sota) and the
    `flags` rows that are their evidence."""

    code_status: CodeStatus = "none"
    claims_sota: bool = False
    evidence: tuple[Flag, ...] = ()


@dataclass
class Found:
    """What earlier stages found in one paper, for the stages that come after."""

    abbreviations: list[Abbreviation] = field(default_factory=list)
    benchmark_mentions: list[Mention] = field(default_factory=list)
    method_mentions: list[Mention] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    flags: Flags = field(default_factory=Flags)
    benchmarks: list[Benchmark] = field(default_factory=list)
    methods: list[Method] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    improvements: list[Improvement] = field(default_factory=list)


@dataclass
class PaperDoc:
    """A paper with its fields analysed (title first when there is one); the arXiv comment
    is kept apart because only links and code status read it."""

    paper: Paper
    fields: list[FieldDoc]
    comment: FieldDoc | None = None

    @property
    def link_fields(self) -> list[FieldDoc]:
        """The fields links and code status are read from: title, abstract, comment."""
        return self.fields if self.comment is None else [*self.fields, self.comment]

    @property
    def abstract(self) -> FieldDoc:
        return next(f for f in self.fields if f.name == "abstract")

    @property
    def title(self) -> FieldDoc | None:
        return next((f for f in self.fields if f.name == "title"), None)

    def provenance(
        self, fdoc: FieldDoc, start: int, end: int, rule_id: str, sent: Sentence | None = None
    ) -> dict[str, Any]:
        """Provenance columns for a clean-text span: raw offsets, rule, sentence as read."""
        raw_start, raw_end = fdoc.raw_span(start, end)
        if raw_end <= raw_start:  # a span made only of markup: point at what produced it
            raw_end = raw_start + 1
        sentence = sent if sent is not None else fdoc.sentence_at(start)
        return {
            "paper_id": self.paper.paper_id,
            "field": fdoc.name,
            "start": raw_start,
            "end": raw_end,
            "rule_id": rule_id,
            "evidence": fdoc.evidence(sentence),
        }
