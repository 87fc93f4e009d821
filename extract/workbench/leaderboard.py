"""Leaderboards: the best result per paper (and per model within a paper) for one dataset
and metric, ranked in the metric's direction, as one DuckDB query over the tables."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from extract.workbench.store import Store

COLUMNS = ["rank", "value", "model", "title", "paper", "date", "code", "evidence"]


@dataclass(frozen=True)
class BoardQuery:
    """What a leaderboard shows; dataset and metric are canonical names (see names.py)."""

    dataset: str
    metric: str
    since: dt.date | None = None  # first day of the first month included
    until: dt.date | None = None  # first day of the month after the last one included
    category: str | None = None
    top: int | None = 20
    all_roles: bool = False


def month_start(text: str, after: bool = False) -> dt.date:
    """'2025-03' -> 2025-03-01, or 2025-04-01 with `after` (the end of an --until month)."""
    try:
        year, month = (int(p) for p in text.split("-"))
        day = dt.date(year, month, 1)
    except ValueError as exc:
        raise ValueError(f"expected a month as YYYY-MM, got {text!r}") from exc
    if after:
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return day


# Direction: the row's own higher_is_better (newer outputs), else the metric registry's,
# else higher. `score` is the value on the metric's scale, negated when lower is better, so
# every ordering below is "largest score first".
_BOARD_SQL = """
WITH scored AS (
    SELECT r.*,
           coalesce(r.higher_is_better, m.higher_is_better, true) AS up,
           CASE WHEN coalesce(r.higher_is_better, m.higher_is_better, true)
                THEN r.value_norm ELSE -r.value_norm END AS score
    FROM results r LEFT JOIN metric_registry m ON m.name = r.metric
    WHERE r.dataset = $dataset AND r.metric = $metric AND r.value_norm IS NOT NULL
      AND ($all_roles OR r.model_role IS NULL OR r.model_role <> 'baseline')
),
best AS (
    SELECT *, row_number() OVER (
        PARTITION BY paper_id, coalesce(model, '') ORDER BY score DESC, start) AS nth
    FROM scored
),
code AS (
    SELECT paper_id, min(url) AS url FROM {links} GROUP BY paper_id
)
SELECT b.value, b.unit, b.value_norm, b.up, b.model, b.qualifier, b.evidence,
       b.paper_id, b.field, b.start, b."end", b.rule_id,
       p.title, coalesce(p.arxiv_id, p.source_id, p.paper_id) AS paper, p.published AS date,
       p.published_precision AS date_precision,
       c.url AS code
FROM best b JOIN papers p USING (paper_id) LEFT JOIN code c USING (paper_id)
WHERE b.nth = 1
  AND ($since IS NULL OR p.published >= $since)
  AND ($until IS NULL OR p.published < $until)
  AND ($category IS NULL OR p.primary_category = $category
       OR list_contains(p.categories, $category))
ORDER BY b.score DESC, p.published NULLS LAST, b.paper_id, b.model NULLS FIRST
"""

_NO_LINKS = "(SELECT CAST(NULL AS VARCHAR) AS paper_id, CAST(NULL AS VARCHAR) AS url)"


def board_rows(store: Store, query: BoardQuery) -> pd.DataFrame:
    """The board's rows, best first, with their provenance (offsets, rule, evidence)."""
    links = "(SELECT * FROM links WHERE kind = 'code')" if store.has("links") else _NO_LINKS
    frame = store.frame(
        _BOARD_SQL.format(links=links),
        {
            "dataset": query.dataset,
            "metric": query.metric,
            "all_roles": query.all_roles,
            "since": query.since,
            "until": query.until,
            "category": query.category,
        },
    )
    if query.top is not None:
        frame = frame.head(query.top)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame


_QUALIFIER_MARKS = {"approx": "~", "up_to": "up to ", "at_least": "≥", "more_than": ">"}
# a number as abstracts write one (1,234.5), and a percent sign after it (LaTeX's too)
_NUMBER = re.compile(r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])")
_PERCENT = re.compile(r"\s?\\?%")


def locate_value(evidence: str, value: float) -> tuple[int, int] | None:
    """Where the evidence sentence writes the value (with its % sign): the first number equal
    to it. Found in the sentence rather than through the row's offsets, which point into the
    abstract: reading every abstract costs a leaderboard most of its time."""
    for m in _NUMBER.finditer(evidence):
        if math.isclose(float(m.group().replace(",", "")), value, rel_tol=1e-9):
            percent = _PERCENT.match(evidence, m.end())
            return m.start(), percent.end() if percent else m.end()
    return None


def written_value(value: float, unit: object, qualifier: object, evidence: object) -> str:
    """A value as the paper wrote it ('83.0%', not 83), with its unit ('3.2 ms') and a mark
    for its qualifier. (Missing text arrives from a data frame as None or NaN.)"""
    text = f"{value:g}"
    if isinstance(evidence, str) and (span := locate_value(evidence, value)):
        text = evidence[span[0] : span[1]].replace("\\", "")
    if isinstance(unit, str) and unit not in text:
        text += unit if unit in ("%", "x") else f" {unit}"
    return _QUALIFIER_MARKS.get(qualifier if isinstance(qualifier, str) else "", "") + text


def shown_date(date: Any, precision: Any) -> str | None:
    """A date as precise as its source: '2025-03' for a month (an arXiv id's), else the day."""
    if date is None or pd.isna(date):
        return None
    return pd.Timestamp(date).strftime("%Y-%m" if precision in ("month", "year") else "%Y-%m-%d")


def board_view(rows: pd.DataFrame) -> pd.DataFrame:
    """The columns an analyst reads: rank, value as written, model, title, id, date, code."""
    view = pd.DataFrame(
        {
            "rank": rows["rank"],
            "value": [
                written_value(v, u, q, e)
                for v, u, q, e in zip(
                    rows["value"], rows["unit"], rows["qualifier"], rows["evidence"], strict=True
                )
            ],
            "model": rows["model"],
            "title": rows["title"],
            "paper": rows["paper"],
            "date": [
                shown_date(d, p) for d, p in zip(rows["date"], rows["date_precision"], strict=True)
            ],
            "code": rows["code"],
            "evidence": rows["evidence"],
        }
    )
    return view[COLUMNS]
