#!/usr/bin/env python3
"""Validate the metric registry rules/metrics.jsonl.

  python tools/check_metrics.py [rules/metrics.jsonl]

Checks: every line is a JSON object with exactly the schema keys and the right
types; unit is in the allowed set; kind is performance|efficiency; names are
sorted (case-insensitively); no surface (name or alias) is listed twice, within
an entry or across entries, after folding; every REQUIRED canonical name is
present; at least MIN_ENTRIES entries.

Folding: remove spaces, hyphens and underscores; lowercase unless the entry is
case_sensitive.  A case-sensitive surface also clashes with a case-insensitive
one when their lowercased folds are equal (the case-insensitive one would match
the same text), and with another case-sensitive one when the folds are equal.
Exit status 0 when valid, 1 otherwise (errors on stderr).
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from pathlib import Path

KEYS = {"name", "aliases", "case_sensitive", "unit", "higher_is_better", "kind", "area"}
UNITS = {
    None,
    "%",
    "x",
    "dB",
    "ms",
    "s",
    "h",
    "GB",
    "MB",
    "M",
    "B",
    "G",
    "T",
    "FPS",
    "m",
    "mm",
    "cm",
    "px",
    "J",
    "W",
}
KINDS = {"performance", "efficiency"}
AREAS = {
    "classification",
    "detection",
    "segmentation",
    "generation",
    "nlp",
    "retrieval",
    "speech",
    "3d",
    "driving",
    "tracking",
    "timeseries",
    "rl",
    "graph",
    "medical",
    "calibration",
    "safety",
    "efficiency",
    "general",
}
MIN_ENTRIES = 120
REQUIRED = [
    "accuracy",
    "top-1 accuracy",
    "top-5 accuracy",
    "zero-shot accuracy",
    "F1",
    "mAP",
    "AP",
    "AP50",
    "AP75",
    "AP50-95",
    "AP_r",
    "AP_S",
    "AP_M",
    "AP_L",
    "box AP",
    "mask AP",
    "mask AP_r",
    "novel AP",
    "mIoU",
    "IoU",
    "CIoU",
    "PQ",
    "AUC",
    "AUROC",
    "sensitivity",
    "specificity",
    "precision",
    "recall",
    "recall@1",
    "success rate",
    "attack success rate",
    "miss rate",
    "false-negative rate",
    "MAE",
    "MSE",
    "RMSE",
    "MAPE",
    "PSNR",
    "SSIM",
    "LPIPS",
    "FID",
    "BLEU",
    "ROUGE",
    "ROUGE-L",
    "word error rate",
    "C-Index",
    "KLD",
    "speed",
    "GPU memory",
    "GFLOPs",
    "latency",
    "throughput",
    "parameter count",
]


def fold(surface: str, case_sensitive: bool) -> str:
    s = re.sub(r"[\s\-_]+", "", surface)
    return s if case_sensitive else s.lower()


def check(path: Path) -> list[str]:
    errors: list[str] = []
    entries: list[tuple[int, dict]] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            errors.append(f"line {lineno}: blank line")
            continue
        try:
            e = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {lineno}: invalid JSON: {exc}")
            continue
        if not isinstance(e, dict):
            errors.append(f"line {lineno}: not an object")
            continue
        keys = set(e)
        if keys != KEYS:
            errors.append(
                f"line {lineno}: keys missing {sorted(KEYS - keys)} unknown {sorted(keys - KEYS)}"
            )
            continue
        bad = []
        if (
            not isinstance(e["name"], str)
            or not e["name"].strip()
            or e["name"] != e["name"].strip()
        ):
            bad.append("name must be a non-empty stripped string")
        if not isinstance(e["aliases"], list) or not all(
            isinstance(a, str) and a.strip() and a == a.strip() for a in e["aliases"]
        ):
            bad.append("aliases must be a list of non-empty stripped strings")
        for k in ("case_sensitive", "higher_is_better"):
            if not isinstance(e[k], bool):
                bad.append(f"{k} must be a boolean")
        if e["unit"] not in UNITS:
            bad.append(f"unit {e['unit']!r} not in {sorted(u for u in UNITS if u)} or null")
        if e["kind"] not in KINDS:
            bad.append(f"kind {e['kind']!r} not in {sorted(KINDS)}")
        if e["area"] not in AREAS:
            bad.append(f"area {e['area']!r} not in {sorted(AREAS)}")
        if bad:
            errors.extend(f"line {lineno} ({e.get('name')!r}): {b}" for b in bad)
            continue
        entries.append((lineno, e))

    # sorted by name (case-insensitive, then exact)
    names = [e["name"] for _, e in entries]
    key = lambda n: (n.casefold(), n)  # noqa: E731
    if names != sorted(names, key=key):
        for (_la, a), (lb, b) in itertools.pairwise(entries):
            if key(a["name"]) > key(b["name"]):
                errors.append(f"line {lb}: {b['name']!r} out of order after {a['name']!r}")

    # surface clashes: both case-sensitive and equal folds, or either one
    # case-insensitive and equal lowercased folds
    seen: dict[str, list[tuple[str, str, str, bool]]] = {}  # lower fold -> records
    for lineno, e in entries:
        cs = e["case_sensitive"]
        for s in [e["name"], *e["aliases"]]:
            f = fold(s, cs)
            if not f:
                errors.append(f"line {lineno}: surface {s!r} folds to nothing")
                continue
            recs = seen.setdefault(f.lower(), [])
            for other_entry, other_s, other_f, other_cs in recs:
                if (cs and other_cs and f == other_f) or not (cs and other_cs):
                    where = (
                        "within the entry" if other_entry == e["name"] else f"with {other_entry!r}"
                    )
                    errors.append(
                        f"line {lineno}: surface {s!r} of {e['name']!r} clashes "
                        f"{where} (surface {other_s!r}, fold {f!r})"
                    )
                    break
            recs.append((e["name"], s, f, cs))

    present = set(names)
    for r in REQUIRED:
        if r not in present:
            errors.append(f"required canonical name missing: {r!r}")
    dups = {n for n in names if names.count(n) > 1}
    for n in sorted(dups):
        errors.append(f"duplicate name {n!r}")
    if len(entries) < MIN_ENTRIES:
        errors.append(f"only {len(entries)} valid entries, need >= {MIN_ENTRIES}")
    return errors


def main(argv: list[str]) -> int:
    path = Path(
        argv[1]
        if len(argv) > 1
        else Path(__file__).resolve().parents[1] / "rules" / "metrics.jsonl"
    )
    errors = check(path)
    for err in errors:
        print(err, file=sys.stderr)
    n = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    if errors:
        print(f"{path}: {len(errors)} error(s) in {n} entries", file=sys.stderr)
        return 1
    print(f"{path}: OK, {n} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
