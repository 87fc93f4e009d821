"""Engines other than the local one: the same readers and `process` on a Dask cluster.

Nothing here imports Dask at module level: `--engine local` runs where Dask is not
installed, and `--engine dask` without it stops with one line saying what to install
(`require_dask`).

- `partitions`: how inputs are cut into partitions (files, Parquet row groups, line ranges
  of plain JSON Lines) and how one partition is read;
- `tasks`: what runs on a worker (paper ids of a partition; a partition's rows written as
  its own part files), with the rules built once per worker process;
- `dask_engine`: the client side (cluster, the two passes, de-duplication, progress).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Bytes of input per partition: ~10,000 arXiv-shaped abstracts, 20-40 s of one core; small
# enough to balance 2 workers on one corpus file, big enough that scheduling costs nothing.
PARTITION_BYTES = 16 << 20

INSTALL_HINT = "pip install 'abstract-extract[dask]'"


class DaskMissing(RuntimeError):
    """`--engine dask` where dask.distributed is not installed."""


@dataclass(frozen=True)
class DaskOptions:
    """Where to run: an existing scheduler, or a cluster of local worker processes."""

    scheduler: str | None = None  # e.g. tcp://10.0.0.5:8786
    local_workers: int = 2  # used when no scheduler is given
    # None: PARTITION_BYTES, or less so that a small input still makes several partitions
    # per worker (`dask_engine.partition_target`); a given size is used as it is.
    partition_bytes: int | None = None


def require_dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise DaskMissing(f"--engine dask needs dask.distributed: {INSTALL_HINT}") from None


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmgt]?)(i?)b?", re.IGNORECASE)
_UNITS = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12}


def parse_size(text: str) -> int:
    """Bytes from "16MiB", "64MB", "1.5g" or "4096"; ValueError for anything else."""
    m = _SIZE.fullmatch(text.strip())
    if m is None:
        raise ValueError(f"--partition-size: {text!r} is not a size (e.g. 64MB, 16MiB)")
    unit, binary = m.group(2).lower(), m.group(3)
    scale = 1024 ** ("kmgt".index(unit) + 1) if binary and unit else _UNITS[unit]
    size = int(float(m.group(1)) * scale)
    if size < 1:
        raise ValueError(f"--partition-size: {text!r} is less than one byte")
    return size
