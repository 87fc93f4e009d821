"""Check that a refactor (a speed-up, say) leaves every table row unchanged.

    python tools/same_output.py save /tmp/before.pkl  [--limit 5000]
    ... change the code ...
    python tools/same_output.py compare /tmp/before.pkl

Runs `process` over the first N abstracts of the arXiv corpus plus the golden papers and
stores (or compares) every row of every table, table by table.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

from extract.core import process
from extract.nlp import build_tools
from extract.readers import read_inputs
from extract.rules import load_rules
from extract.schemas import Paper

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "arxiv_cs_2025.jsonl.gz"
GOLDEN = ROOT / "tests" / "golden" / "dev.jsonl"


def _papers(limit: int) -> list[Paper]:
    out: list[Paper] = []
    for path in (GOLDEN, CORPUS):
        n = 0
        for p in read_inputs([path]):
            if isinstance(p, Paper):
                out.append(p)
                n += 1
                if path == CORPUS and n >= limit:
                    break
    return out


def _rows(limit: int) -> dict[str, list[dict[str, object]]]:
    tools = build_tools(load_rules())
    papers = _papers(limit)
    tables: dict[str, list[dict[str, object]]] = {}
    for i in range(0, len(papers), 500):
        batch = process(papers[i : i + 500], tools)
        for table, rows in batch.rows.items():
            tables.setdefault(table, []).extend(r.model_dump() for r in rows)
    return tables


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=("save", "compare"))
    ap.add_argument("file", type=Path)
    ap.add_argument("--limit", type=int, default=5000, help="corpus abstracts to use")
    args = ap.parse_args()
    if args.action == "save":
        tables = _rows(args.limit)
        args.file.write_bytes(pickle.dumps({"limit": args.limit, "tables": tables}))
        print({t: len(r) for t, r in tables.items()})
        return 0
    saved = pickle.loads(args.file.read_bytes())
    tables = _rows(saved["limit"])
    same = True
    for table, before in saved["tables"].items():
        after = tables.get(table, [])
        if before == after:
            print(f"{table:13} same ({len(after):,} rows)")
            continue
        same = False
        gone = [r for r in before if r not in after]
        new = [r for r in after if r not in before]
        print(f"{table:13} DIFFERS: {len(before):,} -> {len(after):,} rows")
        for r in gone[:5]:
            print("   -", {k: v for k, v in r.items() if k not in ("evidence", "abstract")})
        for r in new[:5]:
            print("   +", {k: v for k, v in r.items() if k not in ("evidence", "abstract")})
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
