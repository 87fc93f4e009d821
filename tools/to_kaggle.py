"""Rewrite arXiv API records (the corpus's shape) as Kaggle arXiv-metadata-snapshot records,
to check that both shapes give the same entity rows (issue 14).

    python tools/to_kaggle.py CORPUS.jsonl.gz OUT.jsonl [--limit N]

The snapshot carries a version date the API records lack: each record gets the first day
of the month its arXiv id encodes as `versions[0].created`, the way the snapshot writes it."""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path


def kaggle(record: dict[str, object]) -> dict[str, object]:
    arxiv_id = str(record["id"])
    yy, mm = arxiv_id[:2], arxiv_id[2:4]
    created = f"Mon, 1 {_MONTHS[int(mm) - 1]} 20{yy} 00:00:00 GMT"
    authors = [str(a) for a in record.get("authors") or []]  # type: ignore[attr-defined]
    return {
        "id": arxiv_id,
        "submitter": authors[0] if authors else None,
        "authors": ", ".join(authors),
        "title": record.get("title"),
        "comments": record.get("comment"),
        "journal-ref": None,
        "doi": None,
        "report-no": None,
        "categories": " ".join(record.get("categories") or []),  # type: ignore[arg-type]
        "license": None,
        "abstract": record.get("summary"),
        "versions": [{"version": "v1", "created": created}],
        "update_date": f"20{yy}-{mm}-01",
        "authors_parsed": [[*reversed(a.rsplit(" ", 1)), ""] for a in authors],
    }


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    with gzip.open(args.corpus, "rt", encoding="utf-8") as src, args.out.open("w") as dst:
        for i, line in enumerate(src):
            if args.limit is not None and i >= args.limit:
                break
            dst.write(json.dumps(kaggle(json.loads(line)), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
