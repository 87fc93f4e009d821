"""JSON inputs: JSON Lines, a JSON array (one line or pretty-printed), a single object, or
an API response wrapping its records (`{"data": [...]}` from Semantic Scholar,
`{"results": [...]}` from OpenAlex).

Each record is parsed on its own, so a bad one (not JSON, nested too deep, a number too
large to convert) is one reject and reading goes on. A JSON document is read value by value
from a bounded buffer, never whole; after a syntax error inside a document the rest of the
file cannot be told apart into records, so reading stops there with the line named.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import regex

from extract.readers.common import (
    GZIP_ERRORS,
    Item,
    ReaderOptions,
    line_range,
    lines,
    open_text,
    reject,
)
from extract.readers.sources import Row, papers_from_rows, text_column
from extract.schemas import Reject

WRAPPER_KEYS = ("data", "results")
_CHUNK = 1 << 20
_NONBLANK = regex.compile(r"\S")
_HEAD = 1 << 16
# Python refuses to convert integers over 4,300 digits (a guard against quadratic time);
# no real field needs more than a few dozen digits.
_MAX_INT_DIGITS = 1000


class TooLargeNumber:
    """Stands for an integer too long to convert: the record keeps its other fields, and a
    field that had to be text or a number says what it got."""

    def __init__(self, digits: str) -> None:
        self.digits = len(digits)

    def __repr__(self) -> str:
        return f"<integer of {self.digits:,} digits>"


def _parse_int(digits: str) -> int | TooLargeNumber:
    return int(digits) if len(digits) <= _MAX_INT_DIGITS else TooLargeNumber(digits)


DECODER = json.JSONDecoder(parse_int=_parse_int)


def _records(
    value: Any, record: int, source: str, options: ReaderOptions, line: str | None = None
) -> Iterator[Row]:
    """One parsed value as records: an object, or an API response's list of them."""
    if isinstance(value, dict) and text_column(value, options) is None:
        wrapped = next((value[k] for k in WRAPPER_KEYS if isinstance(value.get(k), list)), None)
        if wrapped is not None:
            # records inside a response are numbered by their place in it
            for n, item in enumerate(wrapped, start=1):
                yield from _records(item, n, source, options)
            return
    if value is TOO_DEEP:
        yield record, reject(source, record, "JSON nested too deep")
    elif isinstance(value, dict):
        yield record, value
    else:
        what, text = ("JSON value", repr(value)[:200]) if line is None else ("JSON line", line)
        yield record, reject(source, record, f"{what} is not an object", text)


def _parse_line(line: str) -> Any:
    try:
        return DECODER.decode(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed JSON: {exc.msg}") from exc
    except RecursionError as exc:
        raise ValueError("JSON nested too deep") from exc


def _line_rows(
    items: Iterator[tuple[int, str] | Reject], source: str, options: ReaderOptions
) -> Iterator[Row]:
    for item in items:
        if isinstance(item, Reject):
            yield item.record or 0, item
            continue
        lineno, line = item
        if not line.strip():
            continue
        try:
            value = _parse_line(line)
        except ValueError as exc:
            yield lineno, reject(source, lineno, str(exc), line)
            continue
        yield from _records(value, lineno, source, options, line)


class _Buffer:
    """A sliding window over a text stream, with the line number of its read position."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.text = ""
        self.pos = 0
        self.line = 1
        self.eof = False

    def fill(self) -> bool:
        """Read more; False at the end of the stream."""
        if self.eof:
            return False
        more = self.stream.read(_CHUNK)
        if not more:
            self.eof = True
            return False
        if self.pos > _CHUNK:  # drop what has been parsed
            self.text, self.pos = self.text[self.pos :], 0
        self.text += more
        return True

    def advance(self, to: int) -> None:
        self.line += self.text.count("\n", self.pos, to)
        self.pos = to

    def peek(self) -> str:
        """The next non-blank character ('' at the end), positioned on it."""
        while True:
            m = _NONBLANK.search(self.text, self.pos)
            self.advance(m.start() if m else len(self.text))
            if m or not self.fill():
                return self.text[self.pos : self.pos + 1]


TOO_DEEP = object()  # stands for a value nested deeper than the parser can go
_JSON_TOKEN = regex.compile(r'"(?:[^"\\]|\\.)*+"|[\[\]{}]')


def _end_of_nested(text: str, pos: int) -> int | None:
    """Where the array or object starting at `pos` ends, found by counting brackets outside
    strings (no recursion), so a value too deep to parse can be stepped over; None when it
    does not end in `text`."""
    depth = 0
    for m in _JSON_TOKEN.finditer(text, pos):
        token = m.group()
        if token in "[{":
            depth += 1
        elif token in "]}":
            depth -= 1
            if depth == 0:
                return int(m.end())
    return None


class _SyntaxError(ValueError):
    """A JSON document broke on `line`; `resync` when reading on line by line can still
    find whole records after it (JSON Lines, or an array written on one line)."""

    def __init__(self, reason: str, line: int, resync: bool = True) -> None:
        super().__init__(reason)
        self.line = line  # where the broken value starts
        self.resync = resync


def _next_value(buf: _Buffer, limit: int) -> tuple[int, Any]:
    """Decode the value at the buffer's position, reading more while it is incomplete."""
    start_line = buf.line
    while True:
        try:
            value, end = DECODER.raw_decode(buf.text, buf.pos)
        except json.JSONDecodeError as exc:
            if len(buf.text) - buf.pos <= limit and buf.fill():
                continue
            if len(buf.text) - buf.pos > limit:
                why = f"JSON value on line {start_line} is longer than the limit of {limit:,}"
                raise _SyntaxError(why, start_line) from exc
            line = start_line + buf.text.count("\n", buf.pos, exc.pos)
            raise _SyntaxError(f"not JSON on line {line}: {exc.msg}", start_line) from exc
        except RecursionError as exc:
            skip_to = _end_of_nested(buf.text, buf.pos)
            if skip_to is None and len(buf.text) - buf.pos <= limit and buf.fill():
                continue
            if skip_to is None:
                raise _SyntaxError(
                    f"JSON nested too deep on line {start_line}", start_line
                ) from exc
            buf.advance(skip_to)
            return start_line, TOO_DEEP
        if end == len(buf.text) and buf.fill():  # a number may go on in the next chunk
            continue
        buf.advance(end)
        return start_line, value


def _array_values(buf: _Buffer, limit: int) -> Iterator[tuple[int, Any]]:
    """The elements of the array at the buffer's position, one at a time."""
    opened = buf.line
    buf.advance(buf.pos + 1)
    first = True
    while True:
        mark = buf.peek()
        if not mark:
            raise _SyntaxError(f"JSON array opened on line {opened} is not closed", buf.line)
        if mark == "]":
            buf.advance(buf.pos + 1)
            return
        if not first and mark == ",":
            buf.advance(buf.pos + 1)
            buf.peek()
        first = False
        try:
            yield _next_value(buf, limit)
        except _SyntaxError as exc:
            # inside a pretty-printed array the lines after the error are fragments
            exc.resync = exc.line == opened
            raise


def _document_values(path: Path, source: str, options: ReaderOptions) -> Iterator[Row]:
    """The values of a JSON document (array elements, or objects one after another); after
    a syntax error, the rest is read line by line when whole records can still be found."""
    read = 0
    limit = options.max_record_bytes
    with open_text(path) as stream:
        buf = _Buffer(stream)
        try:
            while mark := buf.peek():
                values = (
                    _array_values(buf, limit) if mark == "[" else iter([_next_value(buf, limit)])
                )
                for lineno, value in values:
                    read += 1
                    yield from _records(value, lineno, source, options)
            return
        except _SyntaxError as exc:
            error = exc
    if error.resync:
        yield error.line, reject(source, error.line, f"{error}; reading on line by line")
        yield from (
            (n, row)
            for n, row in _line_rows(lines(path, source, options), source, options)
            if n > error.line
        )
    elif read == 0:
        yield error.line, reject(source, None, str(error))
    else:
        tail = f"; the rest of the file after record {read} was not read"
        yield error.line, reject(source, error.line, f"{error}{tail}")


def is_json_lines(path: Path) -> bool:
    """JSON Lines unless the file starts a document (`[`, or `{` not closed on its line):
    a pretty-printed document's lines are fragments, while JSON Lines has a whole object on
    each line. A first line longer than the sample is read as a document, which a single
    long object or array is; anything else is read line by line, each line on its own."""
    with open_text(path) as stream:
        head = stream.read(_HEAD)
    sample = head.splitlines()
    if len(head) == _HEAD:
        sample = sample[:-1]  # cut by the sample's end
    first = next((t.strip() for t in sample if t.strip()), None)
    if first is None:
        return not head.strip().startswith(("[", "{"))
    return not (first.startswith("[") or (first.startswith("{") and not first.endswith("}")))


_SYNTAX = ("malformed JSON", "not JSON", "JSON nested")


def read_json(path: Path, source: str, options: ReaderOptions) -> Iterator[Item]:
    """JSON Lines or a JSON document, streamed either way. When not one record of the file
    is JSON, a last reject with record=None says so for the whole input."""
    parsed = 0
    first_error: Reject | None = None

    def watch(rows: Iterator[Row]) -> Iterator[Row]:
        nonlocal parsed, first_error
        for n, row in rows:
            if not isinstance(row, Reject):
                parsed += 1
            elif first_error is None and row.reason.startswith(_SYNTAX) and row.record:
                first_error = row
            yield n, row

    try:
        rows = (
            _line_rows(lines(path, source, options), source, options)
            if is_json_lines(path)
            else _document_values(path, source, options)
        )
        yield from papers_from_rows(watch(rows), source, options)
    except GZIP_ERRORS as exc:
        yield reject(source, None, f"corrupt or truncated gzip: {exc}")
    if parsed == 0 and first_error is not None:
        reason = first_error.reason.split(";")[0].removeprefix("malformed JSON: ")
        if not reason.startswith("not JSON"):
            reason = f"not JSON on line {first_error.record}: {reason}"
        yield reject(source, None, f"{reason} (no record of the file is JSON)")


def read_json_lines_range(
    path: Path,
    source: str,
    options: ReaderOptions,
    span: tuple[int, int],
    first_line: int,
    *,
    shape_seen: bool,
) -> Iterator[Item]:
    """The records of a plain UTF-8 JSON Lines file between two line boundaries (`span`,
    byte offsets), numbered as in the whole file: what `read_json` yields for those lines
    when `shape_seen` says whether the lines before showed a record with an abstract."""
    rows = _line_rows(line_range(path, source, options, *span, first_line), source, options)
    yield from papers_from_rows(rows, source, options, shape_seen=shape_seen)
