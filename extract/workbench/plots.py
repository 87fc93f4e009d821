"""The report's plots: matplotlib figures written as SVG text to inline in the page.

matplotlib is the long-maintained standard for static plots in Python; SVG inlined in the
HTML needs no script, runtime or network to show, prints sharply, and stays small (text is
kept as text). Figures are built without pyplot (no global figure state), and the SVG is
made deterministic (fixed id salt, no date) so the same tables give the same report.
"""

from __future__ import annotations

import io
from typing import Any

import matplotlib as mpl
import pandas as pd
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure

_STYLE: dict[Any, Any] = {
    "svg.fonttype": "none",  # text stays text: smaller, selectable, searchable
    "svg.hashsalt": "abstract-extract",  # stable element ids from run to run
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_SIZE = (6.4, 2.8)  # inches; 640x280 px at 100 dpi fits beside a ten-row table


def _svg(fig: Figure) -> str:
    # the artists that draw data get ids "data-N" in the SVG, so a check (the browser test)
    # can tell a plot with data from empty axes
    drawn = [a for ax in fig.axes for a in [*ax.lines, *ax.collections, *ax.patches]]
    for n, artist in enumerate(drawn, start=1):
        artist.set_gid(f"data-{n}")
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]  # drop the XML prolog and doctype: inlined in HTML
    start, end = text.find("<metadata>"), text.find("</metadata>")
    if 0 <= start < end:  # the RDF creator block says nothing a reader needs
        text = text[:start] + text[end + len("</metadata>") :]
    return text


def _date_axis(fig: Figure) -> None:
    for ax in fig.axes:
        locator = AutoDateLocator()  # type: ignore[no-untyped-call]  # (untyped in matplotlib)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]


def _legend_above(ax: Any, ncols: int) -> None:
    """The legend in a row above the axes, where it hides no line or bar."""
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.02), ncols=ncols, frameon=False, fontsize=8)


def best_over_time_svg(results: pd.DataFrame, steps: pd.DataFrame, ylabel: str, up: bool) -> str:
    """Every dated result as a dot and the running best as a step line (a new state of the
    art where it rises), from the first result to the last."""
    with mpl.rc_context(_STYLE):
        fig = Figure(figsize=_SIZE)
        ax = fig.add_subplot()
        ax.scatter(results["date"], results["value_norm"], s=10, color="#9aa5b1", label="result")
        end = results["date"].max()
        xs = [*steps["date"], end]
        ys = [*steps["value_norm"], steps["value_norm"].iloc[-1]]
        ax.step(xs, ys, where="post", color="#c2410c", linewidth=1.8, label="best so far")
        ax.scatter(steps["date"], steps["value_norm"], s=22, color="#c2410c", zorder=3)
        ax.set_ylabel(ylabel + ("" if up else " (lower is better)"))
        ax.legend(loc="lower right" if up else "upper right", frameon=False)
        ax.grid(axis="y", color="#e5e7eb")
        _date_axis(fig)
        return _svg(fig)


def monthly_lines_svg(monthly: pd.DataFrame, items: list[str], ylabel: str) -> str:
    """One line per item: its papers per 1,000 of each month (columns item, month, per_1000)."""
    with mpl.rc_context(_STYLE):
        fig = Figure(figsize=_SIZE)
        ax = fig.add_subplot()
        months = sorted(monthly["month"].unique())
        for item in items:
            series = monthly[monthly["item"] == item].set_index("month")["per_1000"]
            series = series.reindex(months, fill_value=0.0)
            ax.plot(series.index, series.to_numpy(), marker="o", markersize=3, label=item)
        ax.set_ylabel(ylabel)
        _legend_above(ax, ncols=3)
        ax.grid(axis="y", color="#e5e7eb")
        _date_axis(fig)
        return _svg(fig)


def code_by_month_svg(by_month: pd.DataFrame) -> str:
    """Share of each month's papers whose code is released or promised, stacked bars
    (columns month, papers, released, promised)."""
    with mpl.rc_context(_STYLE):
        fig = Figure(figsize=_SIZE)
        ax = fig.add_subplot()
        months = pd.to_datetime(by_month["month"])
        released = 100 * by_month["released"] / by_month["papers"]
        promised = 100 * by_month["promised"] / by_month["papers"]
        width = 20  # days: a month's bar with a gap
        ax.bar(months, released, width=width, color="#15803d", label="released")
        ax.bar(months, promised, width=width, bottom=released, color="#86efac", label="promised")
        ax.set_ylabel("% of the month's papers")
        _legend_above(ax, ncols=2)
        ax.grid(axis="y", color="#e5e7eb")
        _date_axis(fig)
        return _svg(fig)
