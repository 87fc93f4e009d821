"""The core: a pure function from a batch of papers to a batch of table rows.

`process` is what every runner calls unchanged (one process, a pool of processes, or a
cluster engine later): no I/O, no global state beyond the compiled `Tools` it is given.
A stage that fails on one paper costs that paper that stage's rows and leaves a reject row
saying so; the rest of the paper and the batch go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from extract.budget import BudgetExceeded, PaperClock, alarm_installed, cut_field
from extract.nlp import FieldDoc, Tools, make_field_docs
from extract.schemas import FieldName, Paper, PaperRow, Reject
from extract.stages import (
    Found,
    PaperDoc,
    abbreviations,
    benchmarks,
    flags,
    improvements,
    links,
    methods,
    quantities,
    results,
)

TABLES = (
    "papers",
    "methods",
    "benchmarks",
    "results",
    "improvements",
    "links",
    "flags",
    "rejects",
)

# Stage order matters: later stages read what earlier ones put in `Found`.
Stage = Callable[[PaperDoc, Found, Tools], Any]
STAGES: tuple[tuple[str, Stage], ...] = (
    ("abbreviations", abbreviations.extract),
    ("links", links.extract),
    ("benchmarks", benchmarks.extract),
    ("methods", methods.extract),
    ("quantities", quantities.extract),
    ("results", results.extract),
    ("improvements", improvements.extract),
    ("flags", flags.extract),
)


@dataclass
class Batch:
    """Rows for every table, in input order."""

    rows: dict[str, list[BaseModel]] = field(default_factory=lambda: {t: [] for t in TABLES})
    # How many strings the worker's spaCy vocabulary held after the batch (to show the
    # runner keeps it bounded); not a table.
    string_store: int = 0

    def extend(self, other: Batch) -> None:
        for table, rows in other.rows.items():
            self.rows[table].extend(rows)

    def counts(self) -> dict[str, int]:
        return {t: len(r) for t, r in self.rows.items()}


def _reject(paper: Paper, reason: str) -> Reject:
    excerpt = " ".join(paper.abstract[:1000].split())[:120]
    return Reject(source=paper.source, record=paper.record, reason=reason, excerpt=excerpt)


def _failed(paper: Paper, stage: str, exc: Exception) -> Reject:
    return _reject(
        paper, f"stage {stage} failed: {type(exc).__name__}: {exc}".splitlines()[0][:300]
    )


def _out_of_time(paper: Paper, stage: str, tools: Tools) -> Reject:
    budget = tools.rules.limits.paper_seconds
    return _reject(
        paper,
        f"stage {stage} exceeded its time budget ({budget.value:g} s per paper, {budget.id}): "
        "the paper keeps the other stages' rows",
    )


def _cut_fields(paper: Paper, tools: Tools) -> tuple[list[tuple[FieldName, str]], list[Reject]]:
    """The paper's fields to analyse, each cut to the length limit (a warning row each)."""
    limit = tools.rules.limits.field_chars
    fields: list[tuple[FieldName, str]] = []
    warnings: list[Reject] = []
    named: list[tuple[FieldName, str]] = [("title", paper.title)] if paper.title else []
    for name, text in [*named, ("abstract", paper.abstract)]:
        kept = cut_field(text, limit.value)
        if len(kept) < len(text):
            warnings.append(
                _reject(
                    paper,
                    f"warning: {name} of {len(text):,} characters processed on its first "
                    f"{len(kept):,} ({limit.id}: {limit.value:,}); the rest gives no rows",
                )
            )
        fields.append((name, kept))
    return fields, warnings


def analyse(
    paper: Paper, fields: list[FieldDoc], tools: Tools, clock: PaperClock | None = None
) -> tuple[Found, list[Reject]]:
    """Run every stage over one paper; a failing stage becomes a reject, not a crash, and so
    does one that outlasts the paper's time budget (when a `clock` enforces one)."""
    # The comment is read for links and code status only (spec: methods, benchmarks and
    # numbers come from the title and abstract).
    comment = next((f for f in fields if f.name == "comment"), None)
    doc = PaperDoc(paper=paper, fields=[f for f in fields if f.name != "comment"], comment=comment)
    found = Found()
    rejects: list[Reject] = []
    if clock is not None:
        clock.start()
    for name, stage in STAGES:
        try:
            rows = (
                stage(doc, found, tools) if clock is None else clock.run(stage, doc, found, tools)
            )
            setattr(found, name, rows)
        except BudgetExceeded:
            rejects.append(_out_of_time(paper, name, tools))
        except (
            ValidationError,
            ValueError,
            KeyError,
            IndexError,
            TypeError,
            AttributeError,
        ) as exc:
            rejects.append(_failed(paper, name, exc))
    return found, rejects


def _comment_worth_reading(comment: str, tools: Tools) -> bool:
    """Only links and code status read the comment, and they find nothing in one without a
    URL or a word about code, so most comments ("12 pages, 5 figures") are not tokenised."""
    low = comment.lower()
    if any(mark in low for mark in links.URL_MARKS):
        return True
    _, code_word = tools.by_label["links"]["CODE_WORD"][0]
    return code_word.search(comment) is not None


def process(papers: Sequence[Paper], tools: Tools) -> Batch:
    """Extract every table's rows from a batch of papers."""
    with alarm_installed() as enforced:
        return _process(papers, tools, PaperClock(tools.rules.limits, enforced))


def _process(papers: Sequence[Paper], tools: Tools, clock: PaperClock) -> Batch:
    batch = Batch()
    fields: list[tuple[FieldName, str]] = []
    owners: list[int] = []
    warnings: list[list[Reject]] = []
    for i, paper in enumerate(papers):
        paper_fields, paper_warnings = _cut_fields(paper, tools)
        fields.extend(paper_fields)
        owners.extend(i for _ in paper_fields)
        warnings.append(paper_warnings)
        if paper.comment and _comment_worth_reading(paper.comment, tools):
            fields.append(("comment", paper.comment))
            owners.append(i)
    per_paper: list[list[FieldDoc]] = [[] for _ in papers]
    for owner, (name, text, doc) in zip(owners, make_field_docs(tools, fields), strict=True):
        per_paper[owner].append(FieldDoc(name=name, text=text, doc=doc))

    for paper, fdocs, cut in zip(papers, per_paper, warnings, strict=True):
        found, rejects = analyse(paper, fdocs, tools, clock)
        rejects = [*cut, *rejects]
        batch.rows["papers"].append(
            PaperRow(
                **paper.model_dump(exclude={"record"}),
                code_status=found.flags.code_status,
                claims_sota=found.flags.claims_sota,
            )
        )
        for table in ("methods", "benchmarks", "results", "improvements", "links"):
            batch.rows[table].extend(getattr(found, table))
        batch.rows["flags"].extend(found.flags.evidence)
        batch.rows["rejects"].extend(rejects)
    batch.string_store = len(tools.nlp.vocab.strings)
    return batch
