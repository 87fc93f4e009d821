"""Pydantic records, one per output table, mirroring the columns of spec/EXTRACTION.md.

Every row a stage produces is validated through one of these models before it reaches a
table; a row that fails becomes a `Reject` instead of disappearing.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

FieldName = Literal["title", "abstract", "comment"]
DatePrecision = Literal["day", "month", "year"]
Role = Literal["proposed", "mentioned"]


# What an efficiency measurement measures (the unit and metric registries name these).
EfficiencyKind = Literal[
    "latency",
    "throughput",
    "memory",
    "compute",
    "parameters",
    "tokens",
    "time",
    "energy",
    "cost",
    "other",
]
# What a result measures: a score on a metric, or an efficiency kind.
Quantity = Literal["score", EfficiencyKind]
ModelRole = Literal["proposed", "baseline", "other"]
Qualifier = Literal["approx", "up_to", "at_least", "more_than", "average", "max"]
ImprovementKind = Literal["performance", "efficiency"]
LinkKind = Literal["code", "data", "project", "other"]
LinkStatus = Literal["released", "promised"]
CodeStatus = Literal["released", "promised", "none"]
FlagName = Literal["claims_sota", "code_status"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Paper(_Record):
    """One input paper as read, before extraction."""

    paper_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    source_id: str | None = None
    source: str
    record: int = Field(ge=0, description="line or row number in the source")
    title: str | None = None
    abstract: str = Field(min_length=1)
    published: dt.date | None = None
    published_precision: DatePrecision | None = None
    published_text: str | None = None
    categories: list[str] | None = None
    primary_category: str | None = None
    n_authors: int | None = Field(default=None, ge=0)
    upvotes: int | None = Field(default=None, ge=0)
    comment: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None


class Provenance(_Record):
    """Where a row came from: `text[start:end]` of `field` is its surface."""

    paper_id: str
    field: FieldName
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    rule_id: str = Field(min_length=1)
    evidence: str

    @model_validator(mode="after")
    def _ordered(self) -> Provenance:
        if self.end <= self.start:
            raise ValueError(f"empty or inverted span {self.start}:{self.end}")
        return self


class Method(Provenance):
    name: str = Field(min_length=1)
    long_form: str | None = None
    role: Role
    # One identity per method across spellings and papers (extract/method_identity.py)
    method_key: str = Field(min_length=1)


class Benchmark(Provenance):
    name: str = Field(min_length=1)
    mention: str = Field(min_length=1)
    split: str | None = None
    known: bool
    task: str | None = None


class Result(Provenance):
    value: float
    unit: str | None = None
    metric: str | None = None
    dataset: str | None = None
    split: str | None = None
    model: str | None = None
    qualifier: Qualifier | None = None
    quantity: Quantity = "score"
    value_norm: float | None = None  # on the metric's canonical scale (0.873 F1 -> 87.3)
    higher_is_better: bool | None = None
    model_role: ModelRole | None = None


class Improvement(Provenance):
    delta: float = Field(ge=0)
    delta_max: float | None = None
    unit: str | None = None
    kind: ImprovementKind
    metric: str | None = None
    dataset: str | None = None
    split: str | None = None
    baseline: str | None = None
    from_value: float | None = None
    to_value: float | None = None
    qualifier: Qualifier | None = None
    higher_is_better: bool | None = None


class Link(Provenance):
    url: str = Field(pattern=r"^https?://")
    kind: LinkKind
    status: LinkStatus | None = None
    host: str


class Flag(Provenance):
    """The evidence for a paper-level flag: the sentence or link that set it (the `papers`
    columns stay the summary). `dataset` when the sentence of a claim names one."""

    flag: FlagName
    value: str = Field(min_length=1)  # "true" for claims_sota; released / promised
    dataset: str | None = None


class PaperRow(_Record):
    """The `papers` table: the paper as read plus its paper-level flags."""

    paper_id: str
    source_id: str | None
    source: str
    title: str | None
    abstract: str
    published: dt.date | None
    published_precision: DatePrecision | None
    published_text: str | None
    categories: list[str] | None
    primary_category: str | None
    n_authors: int | None
    upvotes: int | None
    comment: str | None
    doi: str | None
    arxiv_id: str | None
    code_status: CodeStatus
    claims_sota: bool


class Reject(_Record):
    """An input record (or an extracted row) that could not be read or validated."""

    source: str
    record: int | None
    reason: str
    excerpt: str


#: The entity tables in output order, with the record model of each.
ENTITY_TABLES: dict[str, type[Provenance]] = {
    "methods": Method,
    "benchmarks": Benchmark,
    "results": Result,
    "improvements": Improvement,
    "links": Link,
    "flags": Flag,
}
