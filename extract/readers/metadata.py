"""Paper metadata as the sources write it, read into the `papers` columns: dates with their
precision, arXiv ids (new and old style) and the month they carry, DOIs, author counts."""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime
from typing import Any

import regex

from extract.schemas import DatePrecision

Dated = tuple[dt.date, DatePrecision]

_ISO = regex.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]*(?:Z|[+-][\d:]+)?)?")
# arXiv's oldest papers are from 1991; a year outside this range is a typo or a placeholder.
_YEARS = range(1900, 2200)


def parse_date(value: Any) -> Dated | None:
    """A date and how precise it is, from an ISO date or datetime ("2025-03-14",
    "2025-03-14T17:59:59Z", "2025-03", "2025"), an RFC 2822 date (the Kaggle snapshot's
    `versions[].created`), a year number, or a date object (Parquet)."""
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    if isinstance(value, int) and not isinstance(value, bool):
        return (dt.date(value, 1, 1), "year") if value in _YEARS else None
    if not isinstance(value, str) or len(value) > 64:
        return None
    text = value.strip()
    if m := _ISO.fullmatch(text):
        year, month, day = (int(g) if g else None for g in m.groups())
        return _dated(year, month, day)
    try:
        stamp = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return (stamp.date(), "day") if stamp.year in _YEARS else None


def _dated(year: int | None, month: int | None, day: int | None) -> Dated | None:
    if year is None or year not in _YEARS:
        return None
    try:
        if day is not None and month is not None:
            return dt.date(year, month, day), "day"
        if month is not None:
            return dt.date(year, month, 1), "month"
    except ValueError:
        return None
    return dt.date(year, 1, 1), "year"


# New style since April 2007: YYMM.NNNN (to 2014) or YYMM.NNNNN, optional version.
_NEW_ID = regex.compile(r"(?<!\d)(?<!\d\.)(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?(?!\d)(?!\.\d)")
# Old style: archive(.SUBJECT-CLASS)/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136.
_OLD_ID = regex.compile(r"(?<![\w-])([a-z][a-z-]*(?:\.[A-Z]{2})?)/(\d{2})(\d{2})\d{3}(?:v\d+)?\b")
_ARXIV_HINT = regex.compile(r"(?i)arxiv|^\s*(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})")


def arxiv_id(value: Any) -> str | None:
    """The arXiv id (without version) in an id, URL or DOI: "2507.22367v2",
    "http://arxiv.org/abs/2507.22367v2", "arXiv:hep-th/9901001", "10.48550/arXiv.2507.22367".
    Only text that names arXiv or is an id by itself counts: a bare number elsewhere is not."""
    if not isinstance(value, str) or len(value) > 300 or not _ARXIV_HINT.search(value):
        return None
    if m := _NEW_ID.search(value):
        month = int(m.group(2))
        # new-style ids start at 0704 (April 2007)
        if 1 <= month <= 12 and (int(m.group(1)), month) >= (7, 4):
            return str(m.group()).split("v")[0]
        return None
    if (m := _OLD_ID.search(value)) and 1 <= int(m.group(3)) <= 12:
        return str(regex.sub(r"v\d+$", "", m.group()))
    return None


def arxiv_month(identifier: str) -> Dated | None:
    """The month an arXiv id was issued: 2507.22367 -> 2025-07; hep-th/9901001 -> 1999-01
    (old-style two-digit years from 91 are 19xx)."""
    if m := _NEW_ID.fullmatch(identifier):
        return _dated(2000 + int(m.group(1)), int(m.group(2)), None)
    if m := _OLD_ID.fullmatch(identifier):
        yy = int(m.group(2))
        return _dated((1900 if yy >= 91 else 2000) + yy, int(m.group(3)), None)
    return None


_DOI = regex.compile(r"10\.\d{4,9}/\S+")


def doi(value: Any) -> str | None:
    """A DOI without its resolver or `doi:` prefix, lower-cased (DOIs are case-insensitive,
    and OpenAlex writes them lower-case): "https://doi.org/10.1/ABC" -> "10.1/abc"."""
    if not isinstance(value, str) or len(value) > 500:
        return None
    m = _DOI.search(value)
    return m.group().lower() if m else None


_PARENS = regex.compile(r"\([^()]*\)")
_AUTHOR_SPLIT = regex.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def count_authors(value: Any) -> int | None:
    """Authors in a list, or in a string as the Kaggle snapshot writes them ("A. Smith,
    B. Jones (MIT) and C. Lee": affiliations in parentheses are not authors)."""
    if isinstance(value, list):
        return len(value)
    if not isinstance(value, str) or not value.strip():
        return None
    names = _AUTHOR_SPLIT.split(_PARENS.sub(" ", value))
    return sum(1 for n in names if n.strip())


def categories(value: Any) -> list[str] | None:
    """Subject categories from a list (of strings, or of arXiv API `{"term": ...}` tags) or
    a space-separated string (the Kaggle snapshot's "cs.CV cs.LG")."""
    if isinstance(value, str):
        items: list[Any] = value.split()
    elif isinstance(value, list):
        items = [v.get("term") if isinstance(v, dict) else v for v in value]
    else:
        return None
    out = [v.strip() for v in items if isinstance(v, str) and v.strip()]
    return list(dict.fromkeys(out)) or None


def term(value: Any) -> str | None:
    """A category written as text or as an arXiv API `{"term": ...}` tag."""
    if isinstance(value, dict):
        value = value.get("term")
    return value.strip() if isinstance(value, str) and value.strip() else None
