"""`extract compact DIR`: rewrite each table into as few part files as its size needs.

Appends add part files run by run (small ones for small daily runs); compaction streams each
table's rows, in order, into parts of about `TARGET_PART_BYTES` each, as a new version
published like any run (readers never see a half-compacted table).
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from extract.dataset import DatasetError, OutputFolder, read_manifest, staged, write_manifest
from extract.stopping import stop_on_signals
from extract.tables import MODELS, ROW_GROUP_ROWS, PartWriter

# Parquet readers do best with files of a few hundred MB; far smaller ones cost a file open
# and a footer read each, far larger ones cannot be split between readers.
TARGET_PART_BYTES = 256 * 2**20


def compact(out: Path, target_bytes: int = TARGET_PART_BYTES) -> dict[str, tuple[int, int]]:
    """Compact every table of `out`; returns each table's part count before and after."""
    started = time.time()
    with stop_on_signals(), OutputFolder(out) as folder:
        current = folder.current()
        manifest = read_manifest(current) if current else None
        if current is None or manifest is None:
            raise DatasetError(f"no dataset in {out}/; run `python -m extract run` first")
        counts: dict[str, tuple[int, int]] = {}
        with staged(folder, append=False) as staging:
            for table in MODELS:
                before = sorted((current / table).glob("part-*.parquet"))
                after = _compact_table(before, staging.path / table, staging.number, target_bytes)
                counts[table] = (len(before), after)
            entry = {
                "kind": "compact",
                "version": staging.number,
                "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
                "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "parts": {t: {"before": b, "after": a} for t, (b, a) in counts.items()},
            }
            write_manifest(staging.path, {**manifest, "runs": [*manifest["runs"], entry]})
            folder.publish(staging)
    return counts


def _compact_table(parts: list[Path], dest: Path, version: int, target_bytes: int) -> int:
    """Stream `parts` in order into as few new parts as `target_bytes` allows."""
    if not parts:
        raise DatasetError(f"{dest.name} has no part files; the dataset is damaged")
    files = [pq.ParquetFile(p) for p in parts]
    rows = sum(f.metadata.num_rows for f in files)
    n_parts = max(1, math.ceil(sum(p.stat().st_size for p in parts) / target_bytes))
    # whole row groups per part, so the part count is at most n_parts
    part_rows = math.ceil(rows / n_parts / ROW_GROUP_ROWS) * ROW_GROUP_ROWS or ROW_GROUP_ROWS
    writer = PartWriter(dest, files[0].schema_arrow, version, part_rows=part_rows)
    for file in files:
        for batch in file.iter_batches(batch_size=ROW_GROUP_ROWS):
            writer.write(pa.Table.from_batches([batch]))
    return writer.close(empty_part=True)
