"""Trends: how many papers per 1,000 of each month use a benchmark, method or metric,
which are rising or falling, and the best value over time on one dataset and metric."""

from __future__ import annotations

import pandas as pd

from extract.workbench import By
from extract.workbench.leaderboard import BoardQuery, board_rows
from extract.workbench.store import Store

# the (paper_id, item) pairs each grouping counts; a paper counts once per item and month
_ITEMS: dict[By, str] = {
    "benchmark": "SELECT paper_id, name AS item FROM benchmarks",
    "method": "SELECT paper_id, method_key AS item FROM methods",
    "metric": "SELECT paper_id, metric AS item FROM results "
    "UNION ALL SELECT paper_id, metric AS item FROM improvements",
}
_NEEDS: dict[By, tuple[str, ...]] = {
    "benchmark": ("benchmarks",),
    "method": ("methods",),
    "metric": ("results", "improvements"),
}

# A month holding fewer than this share of the dated papers is left out of the monthly
# figures: a handful of old papers in a 2025 corpus would give one-paper months whose
# per-1,000 rates are noise (1 of 1 = 1,000).
MIN_MONTH_SHARE = 0.01

_MONTHS = f"""
WITH dated AS (
    SELECT paper_id, code_status, CAST(date_trunc('month', published) AS DATE) AS month
    FROM papers WHERE published IS NOT NULL
),
months AS (
    SELECT month, count(*) AS month_papers FROM dated GROUP BY month
    HAVING count(*) >= {MIN_MONTH_SHARE} * (SELECT count(*) FROM dated)
)
"""

_MONTHLY_SQL = (
    _MONTHS
    + """,
items AS (SELECT DISTINCT paper_id, item FROM ({items}) WHERE item IS NOT NULL)
SELECT i.item, d.month, count(*) AS papers, any_value(m.month_papers) AS month_papers,
       1000.0 * count(*) / any_value(m.month_papers) AS per_1000
FROM items i JOIN dated d USING (paper_id) JOIN months m USING (month)
GROUP BY i.item, d.month
ORDER BY d.month, papers DESC, i.item
"""
)


def monthly(store: Store, by: By) -> pd.DataFrame:
    """item, month, papers, month_papers, per_1000: one row per item and month it occurs."""
    missing = [t for t in _NEEDS[by] if not store.has(t)]
    if missing:
        raise ValueError(f"no {', '.join(missing)} table in {store.folder}/")
    return store.frame(_MONTHLY_SQL.format(items=_ITEMS[by]))


def papers_per_month(store: Store) -> pd.DataFrame:
    """month, papers: the months the monthly figures cover."""
    return store.frame(_MONTHS + "SELECT month, month_papers AS papers FROM months ORDER BY month")


def code_by_month(store: Store) -> pd.DataFrame:
    """month, papers, released, promised: how many papers of each month say their code is
    available now or will be."""
    return store.frame(
        _MONTHS + "SELECT month, count(*) AS papers, "
        "count(*) FILTER (code_status = 'released') AS released, "
        "count(*) FILTER (code_status = 'promised') AS promised "
        "FROM dated JOIN months USING (month) GROUP BY month ORDER BY month"
    )


def rising_and_falling(store: Store, by: By, top: int = 10, min_papers: int = 10) -> pd.DataFrame:
    """Per item: papers per 1,000 in the earlier and the later half of the run's papers
    and the change; the `top` largest rises and falls among items with `min_papers` papers."""
    counts = monthly(store, by)
    months = papers_per_month(store)
    columns = ["trend", by, "papers", "early_per_1000", "late_per_1000", "change"]
    if len(months) < 2 or counts.empty:
        return pd.DataFrame(columns=columns)
    # the earlier half ends with the month in which half of the papers are reached
    reached = months["papers"].cumsum() >= months["papers"].sum() / 2
    later = min(int(reached.to_numpy().argmax()) + 1, len(months) - 1)
    split = months["month"].iloc[later]
    early_n = months.loc[months["month"] < split, "papers"].sum()
    late_n = months.loc[months["month"] >= split, "papers"].sum()
    late = counts["month"] >= split
    table = pd.DataFrame(
        {
            "papers": counts.groupby("item")["papers"].sum(),
            "early_per_1000": counts[~late].groupby("item")["papers"].sum() * 1000 / early_n,
            "late_per_1000": counts[late].groupby("item")["papers"].sum() * 1000 / late_n,
        }
    ).fillna(0.0)
    table = table[table["papers"] >= min_papers]
    table["change"] = table["late_per_1000"] - table["early_per_1000"]
    table = table.rename_axis(by).reset_index().round(2)
    ordered = table.sort_values(["change", by], ascending=[False, True])
    rising = ordered[ordered["change"] > 0].head(top).assign(trend="rising")
    falling = ordered[ordered["change"] < 0].iloc[::-1].head(top).assign(trend="falling")
    return pd.concat([rising, falling])[columns].reset_index(drop=True)


def best_over_time(
    store: Store, dataset: str, metric: str, all_roles: bool = False
) -> pd.DataFrame:
    """The results that set a new best on a dataset and metric, in date order (the steps of
    a state-of-the-art-over-time plot); results without a date are left out."""
    rows = board_rows(
        store, BoardQuery(dataset=dataset, metric=metric, top=None, all_roles=all_roles)
    )
    rows = rows[rows["date"].notna()].sort_values(["date", "rank"], kind="stable")
    score = rows["value_norm"].where(rows["up"], -rows["value_norm"])
    record = score > score.cummax().shift(fill_value=float("-inf"))
    return rows[record.to_numpy()].reset_index(drop=True)
