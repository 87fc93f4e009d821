"""Input readers: one function per format, each yielding `Paper` or `Reject` records.

Formats are detected in one place (`detect_format`). A problem with one record becomes a
`Reject` and reading goes on; a problem with a whole file (unreadable, corrupt gzip, CSV
without an abstract column) becomes one `Reject` naming the file. Nothing raises out of
`read_inputs` for bad data.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

import regex
from pydantic import ValidationError

from extract.schemas import Paper, Reject
from extract.text import paper_id

TEXT_COLUMNS = ("abstract", "summary", "text")
ID_COLUMNS = ("id", "paper_id", "arxiv_id", "source_id")
TITLE_COLUMNS = ("title",)
FORMATS = ("abstract-lines", "listing", "jsonl", "csv", "parquet")
EXCERPT = 120


@dataclass(frozen=True)
class ReaderOptions:
    """What a reader may be told from the command line."""

    text_column: str | None = None
    id_column: str | None = None
    title_column: str | None = None
    format: str | None = None
    max_abstract_chars: int = 100_000  # longer "abstracts" are whole papers or junk


Item = Paper | Reject


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text[:EXCERPT] + ("…" if len(text) > EXCERPT else "")


def _reject(source: str, record: int | None, reason: str, excerpt: str = "") -> Reject:
    return Reject(source=source, record=record, reason=reason, excerpt=_excerpt(excerpt))


_SNIFF = 8192


def _open(path: Path) -> IO[bytes]:
    """The file's bytes as a stream, gunzipped when it is gzip (by magic number, not name)."""
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _head(path: Path) -> bytes:
    with _open(path) as stream:
        return stream.read(_SNIFF)


_GZIP_ERRORS = (OSError, EOFError, zlib.error, gzip.BadGzipFile)


def _is_blank(path: Path) -> bool:
    """Nothing but whitespace (and a BOM) in the whole file, read in chunks."""
    with _open(path) as stream:
        first = True
        while chunk := stream.read(1 << 16):
            if first:
                chunk, first = chunk.removeprefix(b"\xef\xbb\xbf"), False
            if chunk.strip():
                return False
    return True


def _lines(
    path: Path, source: str, *, keep_ends: bool = False
) -> Iterator[tuple[int, str] | Reject]:
    """Decoded lines, streamed: a BOM and CR line ends are dropped; a line with invalid
    UTF-8 is decoded with replacement and noted; a stream that breaks is one reject."""
    lineno = 0
    try:
        with _open(path) as stream:
            for lineno, raw in enumerate(stream, start=1):
                if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    line = raw.decode("utf-8", errors="replace")
                    yield _reject(
                        source,
                        lineno,
                        f"invalid UTF-8 at byte {exc.start} of the line; decoded with replacement",
                        line,
                    )
                yield lineno, (line if keep_ends else line.rstrip("\r\n"))
    except _GZIP_ERRORS as exc:
        yield _reject(source, lineno + 1, f"corrupt or truncated gzip after line {lineno}: {exc}")


def detect_format(path: Path, head: str) -> str:
    """Pick the reader from the file name, then from the first lines of text."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith((".csv", ".tsv")):
        return "csv"
    first = next((ln for ln in head.splitlines() if ln.strip()), "")
    if first.lstrip().startswith("{"):
        return "jsonl"
    if first.startswith("Abstract:"):
        return "abstract-lines"
    return "listing"


def make_paper(
    source: str,
    record: int,
    abstract: Any,
    *,
    title: Any = None,
    source_id: Any = None,
    options: ReaderOptions,
    **meta: Any,
) -> Item:
    """Validate one record into a `Paper`, or say why it cannot be one."""
    if not isinstance(abstract, str):
        return _reject(source, record, "abstract is missing or not text", repr(abstract))
    if not abstract.strip():
        return _reject(source, record, "empty or whitespace-only abstract", "")
    if len(abstract) > options.max_abstract_chars:
        return _reject(
            source,
            record,
            f"abstract of {len(abstract):,} characters exceeds the limit of "
            f"{options.max_abstract_chars:,}",
            abstract,
        )
    title_text = title.strip() if isinstance(title, str) and title.strip() else None
    try:
        return Paper(
            paper_id=paper_id(abstract),
            source_id=None if source_id is None else str(source_id),
            source=source,
            record=record,
            title=title_text,
            abstract=abstract,
            **meta,
        )
    except ValidationError as exc:
        return _reject(source, record, f"invalid record: {exc.errors()[0]['msg']}", abstract)


# --- Abstract:-per-line text ----------------------------------------------------------


def read_abstract_lines(path: Path, source: str, options: ReaderOptions) -> Iterator[Item]:
    """One abstract per line, each line starting `Abstract:` (seeds 000-002)."""
    for item in _lines(path, source):
        if isinstance(item, Reject):
            yield item
            continue
        lineno, line = item
        if not line.strip():
            continue
        if not line.startswith("Abstract:"):
            yield _reject(source, lineno, "line does not start with 'Abstract:'", line)
            continue
        yield make_paper(source, lineno, line[len("Abstract:") :].strip(), options=options)


# --- Paper-listing page text ---------------------------------------------------------

_AUTHORS = regex.compile(r"^\s*•\s*(\d+)\s+authors?\s*$")
_DATE = regex.compile(r"^([A-Z][a-z]{2}) (\d{1,2})(?:, (\d{4}))?(?:\s+(\d+))?\s*$")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}
# An abstract line is long prose; a title never is. The shortest seed abstract has 1,376
# characters and the longest title 132, so 300 separates them with a wide margin.
_MIN_ABSTRACT = 300


def _listing_meta(lines: list[str]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for line in lines:
        if m := _AUTHORS.match(line):
            meta["n_authors"] = int(m.group(1))
        elif m := _DATE.match(line.strip()):
            month, day, year, votes = m.groups()
            meta["published_text"] = f"{month} {day}" + (f", {year}" if year else "")
            if year and month in _MONTHS:
                try:
                    meta["published"] = dt.date(int(year), _MONTHS[month], int(day))
                except ValueError:
                    meta["published"] = None
            if votes:
                meta["upvotes"] = int(votes)
    return meta


def read_listing(path: Path, source: str, options: ReaderOptions) -> Iterator[Item]:
    """A paper-listing page: title, blank, abstract, then an optional meta block (seed 003).
    A page is small and its blocks need look-ahead, so it is read whole."""
    text_lines: list[str] = []
    for item in _lines(path, source):
        if isinstance(item, Reject):
            yield item
        else:
            text_lines.append(item[1])
    text = "\n".join(text_lines)
    lines = text.splitlines()
    rows = [(i, ln) for i, ln in enumerate(lines, start=1) if ln.strip()]
    abstract_at = [k for k, (_, ln) in enumerate(rows) if len(ln.strip()) >= _MIN_ABSTRACT]
    if not abstract_at:
        yield _reject(source, None, "no abstract found in listing text", text[:200])
        return
    for n, k in enumerate(abstract_at):
        lineno, abstract = rows[k]
        title = rows[k - 1][1] if k > 0 and (k - 1) not in abstract_at else None
        block_end = abstract_at[n + 1] - 1 if n + 1 < len(abstract_at) else len(rows)
        meta = _listing_meta([ln for _, ln in rows[k + 1 : block_end]])
        yield make_paper(source, lineno, abstract.strip(), title=title, options=options, **meta)


# --- Tabular formats -----------------------------------------------------------------


def _pick(columns: Iterable[str], wanted: str | None, candidates: tuple[str, ...]) -> str | None:
    cols = list(columns)
    if wanted:
        return wanted if wanted in cols else None
    lower = {c.lower(): c for c in cols}
    return next((lower[c] for c in candidates if c in lower), None)


def _records(
    rows: Iterable[tuple[int, dict[str, Any] | Reject]], source: str, options: ReaderOptions
) -> Iterator[Item]:
    """Shared by JSON Lines, CSV and Parquet: map columns, validate each row."""
    text_col = id_col = title_col = None
    checked = False
    for record, row in rows:
        if isinstance(row, Reject):
            yield row
            continue
        if not checked:
            text_col = _pick(row, options.text_column, TEXT_COLUMNS)
            id_col = _pick(row, options.id_column, ID_COLUMNS)
            title_col = _pick(row, options.title_column, TITLE_COLUMNS)
            checked = True
        if text_col is None or text_col not in row:
            wanted = options.text_column or " / ".join(TEXT_COLUMNS)
            found = ", ".join(sorted(row)) or "none"
            yield _reject(
                source, record, f"no abstract column ({wanted}); columns found: {found}", ""
            )
            if options.text_column is None and not isinstance(row, dict):
                return
            continue
        meta: dict[str, Any] = {}
        authors = row.get("authors")
        if isinstance(authors, list):
            meta["n_authors"] = len(authors)
        yield make_paper(
            source,
            record,
            row.get(text_col),
            title=row.get(title_col) if title_col else None,
            source_id=row.get(id_col) if id_col else None,
            options=options,
            **meta,
        )


def _jsonl_rows(path: Path, source: str) -> Iterator[tuple[int, dict[str, Any] | Reject]]:
    for item in _lines(path, source):
        if isinstance(item, Reject):
            yield item.record or 0, item
            continue
        lineno, line = item
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield lineno, _reject(source, lineno, f"malformed JSON: {exc.msg}", line)
            continue
        if not isinstance(obj, dict):
            yield lineno, _reject(source, lineno, "JSON line is not an object", line)
            continue
        yield lineno, obj


def read_jsonl(path: Path, source: str, options: ReaderOptions) -> Iterator[Item]:
    """JSON Lines, streamed (the arXiv dump's field names work as they are)."""
    yield from _records(_jsonl_rows(path, source), source, options)


def read_csv(path: Path, source: str, options: ReaderOptions) -> Iterator[Item]:
    """CSV or TSV with a header row, streamed."""
    dialect = "excel-tab" if source.lower().removesuffix(".gz").endswith(".tsv") else "excel"
    csv.field_size_limit(max(options.max_abstract_chars * 4, 1 << 20))
    notes: list[Reject] = []  # decoding problems, reported next to the row they hit

    def text_lines() -> Iterator[str]:
        for item in _lines(path, source, keep_ends=True):
            if isinstance(item, Reject):
                notes.append(item)
            else:
                yield item[1]

    for item in _csv_records(text_lines(), dialect, source, options):
        yield from notes
        notes.clear()
        yield item
    yield from notes


def _csv_records(
    lines: Iterator[str], dialect: str, source: str, options: ReaderOptions
) -> Iterator[Item]:
    reader = csv.DictReader(lines, dialect=dialect)
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        yield _reject(source, None, f"unreadable CSV header: {exc}", "")
        return
    if not header:
        yield _reject(source, None, "empty CSV: no header row", "")
        return
    if _pick(header, options.text_column, TEXT_COLUMNS) is None:
        wanted = options.text_column or " / ".join(TEXT_COLUMNS)
        yield _reject(
            source, None, f"no abstract column ({wanted}); columns found: {', '.join(header)}", ""
        )
        return

    def rows() -> Iterator[tuple[int, dict[str, Any] | Reject]]:
        try:
            for n, row in enumerate(reader, start=2):
                yield n, {k: v for k, v in row.items() if k is not None}
        except csv.Error as exc:
            yield reader.line_num, _reject(source, reader.line_num, f"malformed CSV: {exc}", "")
        except _GZIP_ERRORS as exc:
            yield (
                reader.line_num,
                _reject(source, reader.line_num, f"corrupt or truncated gzip: {exc}", ""),
            )

    yield from _records(rows(), source, options)


def read_parquet(path: Path, source: str, options: ReaderOptions) -> Iterator[Item]:
    """Parquet, read a row group at a time so memory stays flat."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several unrelated types for bad files
        yield _reject(source, None, f"unreadable Parquet file: {exc}", "")
        return
    columns = pf.schema_arrow.names
    if _pick(columns, options.text_column, TEXT_COLUMNS) is None:
        wanted = options.text_column or " / ".join(TEXT_COLUMNS)
        yield _reject(
            source, None, f"no abstract column ({wanted}); columns found: {', '.join(columns)}", ""
        )
        return

    def rows() -> Iterator[tuple[int, dict[str, Any] | Reject]]:
        n = 0
        for batch in pf.iter_batches(batch_size=4096):
            for row in batch.to_pylist():
                n += 1
                yield n, row

    yield from _records(rows(), source, options)


def read_file(path: Path, options: ReaderOptions | None = None) -> Iterator[Item]:
    """Read one input file of any supported format; problems become `Reject` records."""
    options = options or ReaderOptions()
    source = str(path)
    if not path.exists():
        yield _reject(source, None, "file not found", "")
        return
    if not path.is_file():
        yield _reject(source, None, "not a regular file", "")
        return
    fmt = options.format
    if fmt is None and path.name.lower().endswith(".parquet"):
        fmt = "parquet"
    if fmt == "parquet":
        yield from read_parquet(path, source, options)
        return
    try:
        head = _head(path)
    except _GZIP_ERRORS as exc:
        yield _reject(source, None, f"corrupt or truncated gzip: {exc}", "")
        return
    if not head.removeprefix(b"\xef\xbb\xbf").strip() and _is_blank(path):
        yield _reject(source, None, "empty file", "")
        return
    if b"\x00" in head:
        yield _reject(source, None, "binary file (NUL bytes); not text", "")
        return
    fmt = fmt or detect_format(path, head.decode("utf-8", errors="replace").lstrip("\ufeff"))
    readers = {"abstract-lines": read_abstract_lines, "listing": read_listing}
    readers |= {"jsonl": read_jsonl, "csv": read_csv}
    if fmt not in readers:
        yield _reject(source, None, f"unknown format {fmt!r}; known: {', '.join(FORMATS)}", "")
        return
    yielded = False
    for item in readers[fmt](path, source, options):
        yielded = True
        yield item
    if not yielded:
        # e.g. only control characters Python counts as blank (\x1c-\x1f): say so, never
        # let an input vanish without a row
        yield _reject(source, None, "no records: the file holds only blank lines", "")


def estimate_records(paths: Iterable[Path]) -> int | None:
    """Roughly how many records the inputs hold (lines of text, Parquet rows), for a
    progress bar's time-left; None when it cannot be told cheaply."""
    total = 0
    for path in paths:
        try:
            if path.name.lower().endswith(".parquet"):
                import pyarrow.parquet as pq

                total += pq.ParquetFile(path).metadata.num_rows
                continue
            with _open(path) as stream:
                total += sum(
                    chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b"")
                )
        except (*_GZIP_ERRORS, ValueError):
            return None
    return total


def read_inputs(paths: Iterable[Path], options: ReaderOptions | None = None) -> Iterator[Item]:
    """Read every input in order, yielding papers and rejects as they come."""
    for path in paths:
        yield from read_file(path, options)
