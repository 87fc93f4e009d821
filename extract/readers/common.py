"""What every reader shares: options, reject rows, opening (gzip, BOMs), bounded lines,
and turning one record's fields into a validated `Paper`.

A problem with one record becomes a `Reject` naming that record and reading goes on; a
problem with a whole input becomes one `Reject` with `record=None` (see `input_error`).
"""

from __future__ import annotations

import codecs
import gzip
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from pydantic import ValidationError

from extract.schemas import Paper, Reject
from extract.text import paper_id

EXCERPT = 120


@dataclass(frozen=True)
class ReaderOptions:
    """What a reader may be told from the command line."""

    text_column: str | None = None
    id_column: str | None = None
    title_column: str | None = None
    format: str | None = None
    max_abstract_chars: int = 100_000  # longer "abstracts" are whole papers or junk
    # One line (JSON Lines, CSV, text) or one JSON record is read into memory at most this
    # big: real records are a few KB (an OpenAlex work with its metadata ~50 KB), and
    # parsing a bounded record keeps memory flat whatever the file holds.
    max_record_bytes: int = 8 << 20


Item = Paper | Reject


def safe_text(text: str) -> tuple[str, int]:
    """`text` with NUL and lone surrogates (a JSON `\\ud800` escape, or bytes that were not
    UTF-8) replaced by U+FFFD, and how many were replaced: neither can be written to
    Parquet or shown safely, and one bad character must not cost the record."""
    if "\x00" not in text:
        try:
            text.encode("utf-8")
            return text, 0
        except UnicodeEncodeError:
            pass
    bad = sum(1 for c in text if c == "\x00" or "\ud800" <= c <= "\udfff")
    fixed = "".join("\ufffd" if c == "\x00" or "\ud800" <= c <= "\udfff" else c for c in text)
    return fixed, bad


def excerpt(text: str) -> str:
    text = " ".join(safe_text(text)[0].split())
    return text[:EXCERPT] + ("…" if len(text) > EXCERPT else "")


def reject(source: str, record: int | None, reason: str, text: str = "") -> Reject:
    return Reject(
        source=safe_text(source)[0],
        record=record,
        reason=safe_text(reason)[0],
        excerpt=excerpt(text),
    )


def input_error(reject_row: Reject) -> bool:
    """True when the reject says a whole input could not be read (file not found, not a
    regular file, no abstract column, not JSON): the runner prints these on stderr."""
    return reject_row.record is None


GZIP_ERRORS = (OSError, EOFError, zlib.error, gzip.BadGzipFile)


def open_bytes(path: Path) -> IO[bytes]:
    """The file's bytes as a stream, gunzipped when it is gzip (by magic number, not name)."""
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_PROBE = 4096


def encoding_of(head: bytes) -> tuple[str, int]:
    """The text encoding a byte-order mark says (UTF-8 when there is none) and the BOM's
    length; UTF-16's BOM is left for the codec, which reads its byte order from it. Two
    bytes that look like a UTF-16 BOM count only when NULs follow as UTF-16 text has them
    (every ASCII character, so every separator and line break, has one): a UTF-8 file
    whose first record starts with such bytes stays UTF-8."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            if name == "utf-16" and head[2:].count(0) * 10 < len(head) - 2:
                return "utf-8", 0
            return name, len(bom) if name == "utf-8" else 0
    return "utf-8", 0


def open_text(path: Path, errors: str = "surrogateescape") -> IO[str]:
    """The file as text in its BOM's encoding; bytes that do not decode become lone
    surrogates, which `safe_text` later replaces and notes on the record holding them."""
    with open_bytes(path) as probe:
        encoding, skip = encoding_of(probe.read(_PROBE))
    stream = open_bytes(path)
    stream.read(skip)
    if encoding != "utf-8":
        errors = "replace"  # surrogateescape only escapes single bytes
    return io.TextIOWrapper(cast(Any, stream), encoding=encoding, errors=errors, newline="")


def _utf8_lines(
    stream: IO[bytes], source: str, limit: int, keep_ends: bool, first_line: int = 1
) -> Iterator[tuple[int, str] | Reject]:
    """UTF-8 lines of at most `limit` bytes; a longer line is skipped in pieces (never held
    whole) and rejected; a line that is not UTF-8 is decoded with replacement and noted.
    Lines are numbered from `first_line` (a range of a file starts past its first line)."""
    lineno = first_line - 1
    while raw := stream.readline(limit + 1):
        lineno += 1
        if lineno == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if len(raw) > limit and not raw.endswith(b"\n"):
            size = len(raw)
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(1 << 20)
                size += len(raw)
            yield reject(source, lineno, f"line of {size:,} bytes exceeds the limit of {limit:,}")
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.decode("utf-8", errors="replace")
            yield reject(
                source,
                lineno,
                f"invalid UTF-8 at byte {exc.start} of the line; decoded with replacement",
                line,
            )
        yield lineno, (line if keep_ends else line.rstrip("\r\n"))


def _wide_lines(
    stream: IO[str], source: str, limit: int, keep_ends: bool
) -> Iterator[tuple[int, str] | Reject]:
    """Lines of a UTF-16 text stream, bounded like `_utf8_lines` (in characters)."""
    lineno = 0
    while line := stream.readline(limit + 1):
        lineno += 1
        if len(line) > limit and not line.endswith("\n"):
            size = len(line)
            while line and not line.endswith("\n"):
                line = stream.readline(1 << 20)
                size += len(line)
            yield reject(source, lineno, f"line of {size:,} characters exceeds the limit")
            continue
        yield lineno, (line if keep_ends else line.rstrip("\r\n"))


def lines(
    path: Path, source: str, options: ReaderOptions, *, keep_ends: bool = False
) -> Iterator[tuple[int, str] | Reject]:
    """Decoded lines, streamed and bounded; a stream that breaks is one reject."""
    lineno = 0
    limit = options.max_record_bytes
    try:
        with open_bytes(path) as probe:
            encoding, _ = encoding_of(probe.read(_PROBE))
        wide = encoding != "utf-8"
        with open_text(path) if wide else open_bytes(path) as stream:
            read = _wide_lines if wide else _utf8_lines
            for item in read(cast(Any, stream), source, limit, keep_ends):
                lineno = item[0] if isinstance(item, tuple) else lineno
                yield item
    except GZIP_ERRORS as exc:
        yield reject(source, lineno + 1, f"corrupt or truncated gzip after line {lineno}: {exc}")


class _ByteRange:
    """The bytes of an open file from `start` to `end`, read with `readline` only."""

    def __init__(self, stream: IO[bytes], start: int, end: int) -> None:
        stream.seek(start)
        self.stream, self.left = stream, end - start

    def readline(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        raw = self.stream.readline(self.left if size < 0 else min(size, self.left))
        self.left -= len(raw)
        return raw


def line_range(
    path: Path, source: str, options: ReaderOptions, start: int, end: int, first_line: int
) -> Iterator[tuple[int, str] | Reject]:
    """The lines of a plain UTF-8 file between two line boundaries (byte offsets), bounded
    and numbered as `lines` numbers them in the whole file (line `first_line` at `start`)."""
    with path.open("rb") as stream:
        window = cast(IO[bytes], _ByteRange(stream, start, end))
        yield from _utf8_lines(window, source, options.max_record_bytes, False, first_line)


@dataclass
class RecordFields:
    """One record's fields, mapped from its source's shape (see `sources`)."""

    abstract: Any
    title: Any = None
    source_id: Any = None
    meta: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # fields that could not be used


_TEXT_META = ("comment", "primary_category", "doi", "arxiv_id", "published_text")


def _clean_fields(rec: RecordFields) -> tuple[dict[str, Any], list[str]]:
    """Every kept text with NUL and lone surrogates replaced; notes saying where."""
    notes = list(rec.notes)
    out: dict[str, Any] = dict(rec.meta)
    for name in ("abstract", "title", "source_id", *_TEXT_META):
        value = getattr(rec, name) if name in ("abstract", "title", "source_id") else out.get(name)
        if isinstance(value, str):
            value, bad = safe_text(value)
            if bad:
                notes.append(
                    f"{name}: {bad} invalid UTF-8 byte(s), NUL or lone surrogate(s) "
                    "replaced with U+FFFD"
                )
        out[name] = value
    if out.get("categories"):
        out["categories"] = [safe_text(c)[0] for c in out["categories"]]
    return out, notes


def make_paper(source: str, record: int, rec: RecordFields, options: ReaderOptions) -> list[Item]:
    """Validate one record into a `Paper` (plus a reject row noting what was replaced or
    ignored in it), or a reject saying why it cannot be one."""
    source = safe_text(source)[0]
    abstract = rec.abstract
    if not isinstance(abstract, str):
        why = "; ".join(["abstract is missing or not text", *rec.notes])
        return [reject(source, record, why, repr(abstract)[:200])]
    if not abstract.strip():
        return [reject(source, record, "empty or whitespace-only abstract")]
    if len(abstract) > options.max_abstract_chars:
        return [
            reject(
                source,
                record,
                f"abstract of {len(abstract):,} characters exceeds the limit of "
                f"{options.max_abstract_chars:,}",
                abstract,
            )
        ]
    values, notes = _clean_fields(rec)
    title = values.pop("title")
    if title is not None and not isinstance(title, str):
        notes.append(f"title is not text ({type(title).__name__}); ignored")
    values["title"] = title.strip() if isinstance(title, str) and title.strip() else None
    sid = values.pop("source_id")
    if sid is not None and not isinstance(sid, str | int):
        notes.append(f"id is not text or a number ({type(sid).__name__}); ignored")
    values["source_id"] = str(sid) if isinstance(sid, str | int) and sid != "" else None
    try:
        paper = Paper(paper_id=paper_id(values["abstract"]), source=source, record=record, **values)
    except (ValidationError, ValueError) as exc:
        reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        return [reject(source, record, f"invalid record: {reason}", abstract)]
    if not notes:
        return [paper]
    return [reject(source, record, "; ".join(notes), paper.abstract), paper]
