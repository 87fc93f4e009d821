"""Agreement with golden extractions, scored as spec/EXTRACTION.md says.

Per paper, predicted rows are matched one-to-one to golden items under each field's
criterion; counts are summed over papers (micro precision, recall, F1). Names fold case,
spaces, hyphens and LaTeX markup; numbers compare as numbers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from extract.core import Batch
from extract.rules import fold
from extract.schemas import Paper
from extract.stages.links import normalise_url
from extract.text import paper_id, strip_markup


class GoldCase(BaseModel):
    """One golden line; validated so a malformed golden file fails loudly."""

    model_config = ConfigDict(extra="forbid")

    paper_id: str
    title: str | None
    abstract: str
    methods: list[dict[str, Any]]
    benchmarks: list[dict[str, Any]]
    results: list[dict[str, Any]]
    improvements: list[dict[str, Any]]
    links: list[dict[str, Any]]
    code_status: str
    claims_sota: bool


def load_gold(path: Path) -> list[GoldCase]:
    cases = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                cases.append(GoldCase.model_validate_json(line))
            except ValueError as exc:
                raise ValueError(f"{path}:{lineno}: invalid golden case: {exc}") from exc
    return cases


def gold_papers(cases: Sequence[GoldCase], source: str) -> list[Paper]:
    return [
        Paper(
            paper_id=paper_id(c.abstract),
            source=source,
            record=i,
            title=c.title,
            abstract=c.abstract,
        )
        for i, c in enumerate(cases, start=1)
    ]


def name_key(name: str | None) -> str:
    return fold(strip_markup(name or ""))


def _num(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6


@dataclass
class Count:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


def _match(
    count: Count,
    pid: str,
    preds: Sequence[Any],
    golds: Sequence[Any],
    same: Callable[[Any, Any], bool],
    show: Callable[[Any], str],
) -> None:
    """Greedy one-to-one matching (the criteria are equivalences, so greedy is optimal)."""
    used = [False] * len(golds)
    for p in preds:
        hit = next((i for i, g in enumerate(golds) if not used[i] and same(p, g)), None)
        if hit is None:
            count.fp += 1
            count.false_hits.append(f"{pid}: {show(p)}")
        else:
            used[hit] = True
            count.tp += 1
    for i, g in enumerate(golds):
        if not used[i]:
            count.fn += 1
            count.misses.append(f"{pid}: {show(g)}")


def _names(g: dict[str, Any]) -> set[str]:
    return {name_key(g["name"]), *(name_key(a) for a in g.get("aliases", []))}


FIELDS = (
    "methods.proposed",
    "methods.mentioned",
    "benchmarks",
    "results.value",
    "results.value+metric",
    "results.value+metric+dataset",
    "improvements.delta",
    "improvements.delta+metric",
    "improvements.delta+metric+dataset",
    "links",
)


@dataclass
class Scores:
    counts: dict[str, Count] = field(default_factory=lambda: {f: Count() for f in FIELDS})
    code_status: Accuracy = field(default_factory=Accuracy)
    claims_sota: Accuracy = field(default_factory=Accuracy)

    def as_dict(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for name, c in self.counts.items():
            out[f"{name}.precision"] = round(c.precision, 4)
            out[f"{name}.recall"] = round(c.recall, 4)
            out[f"{name}.f1"] = round(c.f1, 4)
        out["code_status.accuracy"] = round(self.code_status.value, 4)
        out["claims_sota.accuracy"] = round(self.claims_sota.value, 4)
        return out


def _rows_by_paper(batch: Batch, table: str) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for row in batch.rows[table]:
        out.setdefault(getattr(row, "paper_id"), []).append(row)  # noqa: B009
    return out


def score(cases: Iterable[GoldCase], batch: Batch) -> Scores:
    scores = Scores()
    tables = {t: _rows_by_paper(batch, t) for t in batch.rows if t != "rejects"}
    c = scores.counts
    for case in cases:
        pid = paper_id(case.abstract)
        rows = {t: tables[t].get(pid, []) for t in tables}
        for role in ("proposed", "mentioned"):
            _match(
                c[f"methods.{role}"],
                pid,
                [m for m in rows["methods"] if m.role == role],
                [g for g in case.methods if g["role"] == role],
                lambda p, g: name_key(p.name) in _names(g),
                lambda x: x.name if hasattr(x, "name") else x["name"],
            )
        _match(
            c["benchmarks"],
            pid,
            rows["benchmarks"],
            case.benchmarks,
            lambda p, g: bool({name_key(p.name), name_key(p.mention)} & _names(g)),
            lambda x: x.name if hasattr(x, "name") else x["name"],
        )

        def metric_eq(p: Any, g: dict[str, Any]) -> bool:
            return name_key(p.metric) == name_key(g["metric"])

        def dataset_eq(p: Any, g: dict[str, Any]) -> bool:
            return name_key(p.dataset) == name_key(g["dataset"])

        def show_result(x: Any) -> str:
            d = x if isinstance(x, dict) else x.model_dump()
            return f"{d['value']} {d['unit'] or ''} | {d['metric']} | {d['dataset']}"

        def show_impr(x: Any) -> str:
            d = x if isinstance(x, dict) else x.model_dump()
            rng = f"-{d['delta_max']}" if d["delta_max"] is not None else ""
            return f"{d['delta']}{rng} {d['unit'] or ''} | {d['metric']} | {d['dataset']}"

        def value_eq(p: Any, g: dict[str, Any]) -> bool:
            return _num(p.value, g["value"])

        def delta_eq(p: Any, g: dict[str, Any]) -> bool:
            return _num(p.delta, g["delta"]) and _num(p.delta_max, g["delta_max"])

        for level, crit in (
            ("value", value_eq),
            ("value+metric", lambda p, g: value_eq(p, g) and metric_eq(p, g)),
            (
                "value+metric+dataset",
                lambda p, g: value_eq(p, g) and metric_eq(p, g) and dataset_eq(p, g),
            ),
        ):
            _match(c[f"results.{level}"], pid, rows["results"], case.results, crit, show_result)
        for level, crit in (
            ("delta", delta_eq),
            ("delta+metric", lambda p, g: delta_eq(p, g) and metric_eq(p, g)),
            (
                "delta+metric+dataset",
                lambda p, g: delta_eq(p, g) and metric_eq(p, g) and dataset_eq(p, g),
            ),
        ):
            _match(
                c[f"improvements.{level}"],
                pid,
                rows["improvements"],
                case.improvements,
                crit,
                show_impr,
            )
        _match(
            c["links"],
            pid,
            rows["links"],
            case.links,
            lambda p, g: p.url == (normalise_url(g["url"]) or g["url"]),
            lambda x: x.url if hasattr(x, "url") else x["url"],
        )
        paper = (tables["papers"].get(pid) or [None])[0]
        for acc, key in ((scores.code_status, "code_status"), (scores.claims_sota, "claims_sota")):
            acc.total += 1
            got = getattr(paper, key) if paper is not None else None
            if got == getattr(case, key):
                acc.right += 1
            else:
                acc.wrong.append(f"{pid}: predicted {got}, golden {getattr(case, key)}")
    return scores


def report(scores: Scores, show: Sequence[str] = ()) -> str:
    lines = [f"{'field':<36} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}"]
    for name, c in scores.counts.items():
        scores_ = f"{c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}"
        lines.append(f"{name:<36} {scores_} {c.tp:5d} {c.fp:5d} {c.fn:5d}")
    lines.append(f"{'code_status (accuracy)':<36} {scores.code_status.value:6.3f}")
    lines.append(f"{'claims_sota (accuracy)':<36} {scores.claims_sota.value:6.3f}")
    for name in show:
        if name in scores.counts:
            c = scores.counts[name]
            lines += [f"\n== {name}: misses ({len(c.misses)})", *c.misses]
            lines += [f"== {name}: false hits ({len(c.false_hits)})", *c.false_hits]
        elif name in ("code_status", "claims_sota"):
            acc = getattr(scores, name)
            lines += [f"\n== {name}: wrong ({len(acc.wrong)})", *acc.wrong]
    return "\n".join(lines)


def dump_scores(scores: Scores, path: Path) -> None:
    path.write_text(json.dumps(scores.as_dict(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
