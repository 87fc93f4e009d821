#!/usr/bin/env python3
"""Validate rules/benchmarks.jsonl (stdlib only).

Checks: valid JSON per line, exactly the schema keys, value types, `ambiguous`
is a subset of {name} | aliases, area/role in the allowed sets, no folded key
(name or alias) claimed by two different entries, entries sorted by name
(case-insensitive), at least --min entries.  Aliases that fold to the same key
as their own entry's name or another alias of the same entry are reported as
notes (they are harmless; a few are listed on purpose because the golden files
spell them that way).

Usage: python tools/check_registry.py [PATH] [--min 450]
Exit status 0 when all checks pass, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys

from extract.rules import AREAS as REGISTRY_AREAS

KEYS = {"name", "aliases", "ambiguous", "case_sensitive", "task", "area", "role"}
AREAS = set(REGISTRY_AREAS)  # one home for the allowed areas: the loader
ROLES = {"eval", "train", "both"}
_DEL = str.maketrans("", "", " -_~")


def fold(s: str) -> str:
    return s.lower().translate(_DEL)


def is_str_list(v) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) and x.strip() == x and x for x in v)


def check(path: str, min_entries: int) -> tuple[list[str], list[str], int]:
    errors: list[str] = []
    notes: list[str] = []
    owner: dict[str, tuple[str, int]] = {}
    names: list[str] = []
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for ln, line in enumerate(lines, 1):
        where = f"line {ln}"
        try:
            e = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: invalid JSON ({exc})")
            continue
        if not isinstance(e, dict):
            errors.append(f"{where}: not an object")
            continue
        keys = set(e)
        if keys != KEYS:
            errors.append(
                f"{where}: keys differ: missing {sorted(KEYS - keys)}, unknown {sorted(keys - KEYS)}"
            )
            continue
        name = e["name"]
        if not isinstance(name, str) or not name.strip() or name.strip() != name:
            errors.append(f"{where}: bad name {name!r}")
            continue
        where = f"line {ln} ({name})"
        names.append(name)
        for k in ("aliases", "ambiguous", "task"):
            if not is_str_list(e[k]):
                errors.append(f"{where}: {k} must be a list of non-empty trimmed strings")
        if not isinstance(e["case_sensitive"], bool):
            errors.append(f"{where}: case_sensitive must be a bool")
        if not e["task"]:
            errors.append(f"{where}: task is empty")
        if e["area"] not in AREAS:
            errors.append(f"{where}: area {e['area']!r} not allowed")
        if e["role"] not in ROLES:
            errors.append(f"{where}: role {e['role']!r} not allowed")
        if not is_str_list(e["aliases"]) or not is_str_list(e["ambiguous"]):
            continue
        surfaces = [name, *e["aliases"]]
        if len(set(e["aliases"])) != len(e["aliases"]):
            errors.append(f"{where}: alias listed twice")
        extra = set(e["ambiguous"]) - set(surfaces)
        if extra:
            errors.append(f"{where}: ambiguous not among name/aliases: {sorted(extra)}")
        mine: dict[str, str] = {}
        for s in surfaces:
            k = fold(s)
            if not k:
                errors.append(f"{where}: surface {s!r} folds to empty")
                continue
            if k in owner and owner[k][0] != name:
                errors.append(
                    f"{where}: {s!r} folds to {k!r}, already claimed by {owner[k][0]!r} (line {owner[k][1]})"
                )
            elif k in mine:
                notes.append(f"{where}: {s!r} folds like {mine[k]!r} (same entry)")
            owner.setdefault(k, (name, ln))
            mine.setdefault(k, s)
    order = [n.lower() for n in names]
    if order != sorted(order):
        for i in range(1, len(order)):
            if order[i] < order[i - 1]:
                errors.append(
                    f"not sorted by name (case-insensitive): {names[i - 1]!r} before {names[i]!r}"
                )
                break
    if len(names) < min_entries:
        errors.append(f"only {len(names)} entries, need >= {min_entries}")
    return errors, notes, len(names)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("path", nargs="?", default="rules/benchmarks.jsonl")
    ap.add_argument("--min", type=int, default=450)
    ap.add_argument("-v", "--verbose", action="store_true", help="print notes too")
    args = ap.parse_args(argv)
    errors, notes, n = check(args.path, args.min)
    for e in errors:
        print("ERROR", e)
    if args.verbose:
        for m in notes:
            print("note ", m)
    print(f"{n} entries, {len(errors)} errors, {len(notes)} notes")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
