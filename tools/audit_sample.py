"""Draw a random sample of result or improvement rows from a run, for judging by hand.

    python tools/audit_sample.py OUTPUT_DIR results 100 --seed 12 > sample.jsonl

Each line holds the row's columns and its evidence sentence; the judge adds `verdict`
(right / partly / wrong) and `why`. Tables may be one Parquet file or a folder of parts."""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import pandas as pd

from extract.schemas import ENTITY_TABLES, Provenance

# A table's own columns, in schema order; provenance is shown as rule_id and evidence.
COLUMNS = {
    table: [c for c in ENTITY_TABLES[table].model_fields if c not in Provenance.model_fields]
    for table in ("results", "improvements")
}


def _clean(v: object) -> object:
    if isinstance(v, float) and math.isnan(v):
        return None
    return v.item() if hasattr(v, "item") else v


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("table", choices=sorted(COLUMNS))
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args()
    path = args.out / args.table
    frame = pd.read_parquet(path if path.is_dir() else path.with_suffix(".parquet"))
    sample = frame.sample(n=min(args.n, len(frame)), random_state=args.seed)
    for i, (_, row) in enumerate(sample.iterrows(), start=1):
        item = {"n": i, "paper_id": row["paper_id"], "rule_id": row["rule_id"]}
        item.update({c: _clean(row[c]) for c in COLUMNS[args.table] if c in row})
        item["evidence"] = " ".join(str(row["evidence"]).split())
        sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
