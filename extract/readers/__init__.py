"""Input readers: one module per format family, each yielding `Paper` or `Reject` records.

- `plaintext`: `Abstract:`-per-line text and paper-listing pages;
- `jsonfile`: JSON Lines, JSON arrays, single objects and API responses;
- `tabular`: CSV / TSV and Parquet;
- `sources`: which record shape (arXiv API, Kaggle snapshot, OpenAlex, Semantic Scholar)
  a record has, told from its fields, and its metadata; `metadata`: dates, ids, DOIs.

Nothing raises out of `read_inputs` for bad data. A record that cannot be read is a
`Reject` naming it; an input that cannot be read at all (file not found, not a regular
file, no abstract column, not JSON) is one `Reject` with `record=None` (`input_error`).
"""

from __future__ import annotations

import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from extract.readers.common import (
    GZIP_ERRORS,
    Item,
    ReaderOptions,
    encoding_of,
    input_error,
    open_bytes,
    reject,
)
from extract.readers.jsonfile import is_json_lines, read_json, read_json_lines_range
from extract.readers.plaintext import read_abstract_lines, read_listing
from extract.readers.tabular import read_csv, read_parquet

__all__ = [
    "FORMATS",
    "Item",
    "ReaderOptions",
    "detect_format",
    "estimate_records",
    "input_error",
    "input_files",
    "json_lines_file",
    "read_file",
    "read_inputs",
    "read_json_lines_range",
    "read_parquet",
]

FORMATS = ("abstract-lines", "listing", "jsonl", "csv", "parquet")
# File names a directory input is searched for (each may end in .gz).
KNOWN_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".parquet", ".txt")
RECORD_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".tsv")
_SNIFF = 8192


def _suffix(path: Path) -> str:
    return path.name.lower().removesuffix(".gz")


def detect_format(path: Path, head: str) -> str:
    """Pick the reader from the file name, then from the first lines of text."""
    name = _suffix(path)
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith((".csv", ".tsv")):
        return "csv"
    first = next((ln for ln in head.splitlines() if ln.strip()), "").lstrip()
    if first.startswith(("{", "[")):
        return "jsonl"
    if first.startswith("Abstract:"):
        return "abstract-lines"
    return "listing"


def _looks_binary(head: bytes) -> bool:
    """Control bytes and bytes that are not UTF-8 (images, archives, executables): a text
    with NULs in one record is still valid UTF-8, and UTF-16 starts with its BOM."""
    if encoding_of(head)[0] != "utf-8" or not head:
        return False
    # \x1c-\x1f are left out: Python counts them as blank, and a cut gzip starts so
    controls = sum(1 for b in head if b < 9 or 13 < b < 28)
    if controls * 20 < len(head):  # a twentieth: text has next to none
        return False
    if controls * 4 >= len(head):  # a quarter: no text record is mostly control bytes
        return True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(head) - 4  # not just a character cut by the sample's end
    return False


def _is_blank(path: Path) -> bool:
    """Nothing but whitespace (and a BOM) in the whole file, read in chunks."""
    with open_bytes(path) as stream:
        first = True
        while chunk := stream.read(1 << 16):
            if first:
                chunk, first = chunk.removeprefix(b"\xef\xbb\xbf"), False
            if chunk.strip():
                return False
    return True


def input_files(path: Path) -> list[Path]:
    """A directory's files of a known format, recursively, in name order (hidden files and
    folders, such as a run's staging, are skipped); any other path as it is."""
    if not path.is_dir():
        return [path]
    return sorted(
        p
        for p in path.rglob("*")
        if _suffix(p).endswith(KNOWN_SUFFIXES)
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
        and p.is_file()
    )


def _text_format(path: Path, source: str, options: ReaderOptions) -> str | Item:
    """The format of a text file, or the reject saying why it cannot be read."""
    try:
        with open_bytes(path) as stream:
            head = stream.read(_SNIFF)
        blank = not head.removeprefix(b"\xef\xbb\xbf").strip() and _is_blank(path)
    except GZIP_ERRORS as exc:
        return reject(source, None, f"corrupt or truncated gzip: {exc}")
    if blank:
        return reject(source, None, "empty file")
    # a JSON or CSV file is checked record by record: one binary record costs only itself
    if not _suffix(path).endswith(RECORD_SUFFIXES) and _looks_binary(head):
        return reject(source, None, "binary file (NUL bytes); not text")
    text = head.decode(encoding_of(head)[0], errors="replace")
    return options.format or detect_format(path, text.lstrip("\ufeff"))


def json_lines_file(path: Path, options: ReaderOptions) -> bool:
    """True when `path` is read as plain (not gzip) UTF-8 JSON Lines, a record per line, so
    that ranges of its lines can be read on their own (`read_json_lines_range`)."""
    if options.format not in (None, "jsonl"):
        return False
    try:
        with path.open("rb") as probe:
            head = probe.read(_SNIFF)
        if head[:2] == b"\x1f\x8b" or encoding_of(head)[0] != "utf-8":
            return False
        return _text_format(path, str(path), options) == "jsonl" and is_json_lines(path)
    except OSError:
        return False


def _read_one(path: Path, options: ReaderOptions) -> Iterator[Item]:
    source = str(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        yield reject(source, None, "file not found")
        return
    except OSError as exc:
        yield reject(source, None, f"cannot read: {exc.strerror or exc}")
        return
    if not stat.S_ISREG(mode):  # a FIFO or device would block or never end
        yield reject(source, None, "not a regular file")
        return
    fmt = options.format or ("parquet" if _suffix(path).endswith(".parquet") else None)
    if fmt != "parquet":
        found = _text_format(path, source, options)
        if not isinstance(found, str):
            yield found
            return
        fmt = found
    readers = {"abstract-lines": read_abstract_lines, "listing": read_listing}
    readers |= {"jsonl": read_json, "csv": read_csv, "parquet": read_parquet}
    if fmt not in readers:
        yield reject(source, None, f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
        return
    yielded = False
    try:
        for item in readers[fmt](path, source, options):
            yielded = True
            yield item
    except OSError as exc:  # e.g. the file vanished or a disk error mid-read
        yield reject(source, None, f"read failed: {exc.strerror or exc}")
        return
    if not yielded:
        # e.g. only control characters Python counts as blank (\x1c-\x1f): say so, never
        # let an input vanish without a row
        yield reject(source, None, "no records: the file holds only blank lines")


def read_file(path: Path, options: ReaderOptions | None = None) -> Iterator[Item]:
    """Read one input (a file of any supported format, or a directory of them); problems
    become `Reject` records."""
    options = options or ReaderOptions()
    files = input_files(path)
    if not files:
        known = ", ".join(KNOWN_SUFFIXES)
        yield reject(str(path), None, f"directory holds no file of a known format ({known})")
    for file in files:
        yield from _read_one(file, options)


def estimate_records(paths: Iterable[Path]) -> int | None:
    """Roughly how many records the inputs hold (lines of text, Parquet rows), for a
    progress bar's time-left; None when it cannot be told cheaply. Only regular files are
    opened: a FIFO among the inputs would block here."""
    total = 0
    for path in (f for p in paths for f in input_files(p)):
        try:
            if not stat.S_ISREG(path.stat().st_mode):
                continue
            if _suffix(path).endswith(".parquet"):
                import pyarrow.parquet as pq

                total += pq.ParquetFile(path).metadata.num_rows
                continue
            with open_bytes(path) as stream:
                total += sum(
                    chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b"")
                )
        except (*GZIP_ERRORS, ValueError):
            return None
        except Exception:  # pyarrow's errors for a bad Parquet file: no estimate, no crash
            return None
    return total


def read_inputs(paths: Iterable[Path], options: ReaderOptions | None = None) -> Iterator[Item]:
    """Read every input in order, yielding papers and rejects as they come."""
    for path in paths:
        yield from read_file(path, options)
