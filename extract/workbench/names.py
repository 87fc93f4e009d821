"""Dataset and metric names as an analyst types them, resolved to the canonical names the
tables hold through the registries' aliases ("top-1", "Top-1 Acc", "IN-1K")."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Literal

from extract.rules import NameRegistries, Rules, fold

Kind = Literal["dataset", "metric"]
Registries = NameRegistries | Rules  # the full rules hold the same registries


class UnknownName(ValueError):
    """A name neither registry nor the run's tables know; the message lists the closest."""

    def __init__(self, kind: Kind, name: str, suggestions: Sequence[str]) -> None:
        hint = f"; closest known: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"unknown {kind} {name!r}{hint}")
        self.suggestions = list(suggestions)


def _surfaces(rules: Registries, kind: Kind) -> dict[str, list[tuple[str, str]]]:
    """folded surface -> (canonical name, surface as listed) for every name and alias."""
    table = rules.benchmark_by_key if kind == "dataset" else rules.metric_by_key
    return {key: [(e.name, s) for e, s in claims] for key, claims in table.items()}


def resolve(rules: Registries, kind: Kind, name: str, seen: Iterable[str] = ()) -> str:
    """The canonical name for `name`: a registry name or alias (folded as registry keys are),
    else a name the run's tables hold (unknown datasets keep their surface); otherwise
    `UnknownName` with the closest names."""
    key = fold(name)
    claims = _surfaces(rules, kind).get(key, [])
    if claims:
        # case-sensitive entries may share a folded key (CIoU vs cIoU): prefer the exact case
        exact = [canon for canon, surface in claims if surface == name.strip()]
        return exact[0] if exact else claims[0][0]
    seen_by_key = {fold(s): s for s in seen}
    if key in seen_by_key:
        return seen_by_key[key]
    raise UnknownName(kind, name, closest(rules, kind, name, seen_by_key.values()))


def closest(
    rules: Registries, kind: Kind, name: str, seen: Iterable[str] = (), n: int = 5
) -> list[str]:
    """Up to `n` canonical names whose name or an alias is most like `name`."""
    candidates: dict[str, str] = {}  # folded surface -> canonical
    for key, claims in _surfaces(rules, kind).items():
        candidates.setdefault(key, claims[0][0])
    for surface in seen:
        candidates.setdefault(fold(surface), surface)
    key = fold(name)
    # cutoff 0.6 is difflib's default similarity; names containing the query come first
    matches = [k for k in candidates if key and key in k]
    matches.sort(key=len)
    matches += difflib.get_close_matches(key, candidates, n=n * 3, cutoff=0.6)
    return list(dict.fromkeys(candidates[k] for k in matches))[:n]
