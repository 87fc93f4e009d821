"""Code and resource links: every URL in the text, normalised, with its kind and status.

Kind comes from the host (rules/hosts.json) and is refined by the clause before the URL
("The paper list ... is available at", "Filtered data:"); status is promised when that
clause speaks in the future tense ("will be released at").
"""

from __future__ import annotations

import json
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import regex

from extract.nlp import FieldDoc, Tools
from extract.schemas import Link
from extract.stages import Found, PaperDoc

_URL = regex.compile(
    r"(?:https?://|www\.|(?<![\w.@/])(?:github\.com|gitlab\.com|huggingface\.co|bitbucket\.org)/)"
    r"[^\s<>\"'{}\\|^`]+",
    regex.IGNORECASE,
)
# Every URL _URL finds contains one of these (lower-cased): a text with none has no URL.
URL_MARKS = ("http", "www.", "github.com", "gitlab.com", "huggingface.co", "bitbucket.org")
_TRAILING = ".,;:!?)]}>'\"*"
_SCHEME = regex.compile(r"(?i)https?://")


@lru_cache(maxsize=4)
def _hosts(directory: Path) -> list[tuple[str, str]]:
    raw = json.loads((directory / "hosts.json").read_text(encoding="utf-8"))
    pairs = [
        (prefix, kind)
        for kind, prefixes in raw.items()
        if kind != "_comment"
        for prefix in prefixes
    ]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


def normalise_url(surface: str) -> str | None:
    """Scheme added, host lower-cased, trailing punctuation and `.git` removed."""
    url = surface
    while url and url[-1] in _TRAILING:
        # Keep a closing bracket that closes one inside the URL, e.g. wiki/Foo_(bar).
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    if not _SCHEME.match(url):
        url = "https://" + url
    url = url.removesuffix(".git")
    parts = urlsplit(url)
    if not parts.netloc or "." not in parts.netloc:
        return None
    path = parts.path.rstrip("/") if parts.path != "/" else ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def host_kind(url: str, hosts: list[tuple[str, str]]) -> str:
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    target = host + parts.path
    for prefix, kind in hosts:
        if target.startswith(prefix) or host.endswith("." + prefix):
            return kind
    return "other"


class _Clauses:
    """The clause before each URL: text from the sentence start (or the previous URL in the
    sentence) up to it. Each sentence's URLs are found once; splitting the sentence up to
    every URL again made a sentence of n URLs cost n² (hundreds of pasted links)."""

    def __init__(self, fdoc: FieldDoc) -> None:
        self.fdoc = fdoc
        # sentence start -> starts and ends of its URLs (in the sentence's text)
        self.spans: dict[int, tuple[list[int], list[int]]] = {}

    def before(self, start: int) -> str:
        sent = self.fdoc.sentence_at(start)
        clean, at = self.fdoc.clean, start - sent.start_char
        spans = self.spans.get(sent.start_char)
        if spans is None:
            found = list(_URL.finditer(sent.text))
            spans = self.spans[sent.start_char] = (
                [m.start() for m in found],
                [m.end() for m in found],
            )
        # the sentence's URLs before this one are those a split of the text before it finds
        # (a URL that ends before it ends there in both), unless one runs into it
        k = bisect_left(spans[0], at) - 1
        if k < 0:
            return clean[sent.start_char : start]
        if spans[1][k] <= at:
            return clean[sent.start_char + spans[1][k] : start]
        parts: list[str] = _URL.split(clean[sent.start_char : start])
        return parts[-1]


def _first_label(tools: Tools, text: str) -> str | None:
    for rule, rx in tools.regexes["links"]:
        if rule.label.startswith("LINK_") and rx.search(text):
            return rule.label
    return None


def extract(doc: PaperDoc, found: Found, tools: Tools) -> list[Link]:
    hosts = _hosts(tools.rules.directory)
    _, promised_rx = tools.by_label["links"]["PROMISED"][0]
    links: list[Link] = []
    seen: set[str] = set()
    for fdoc in doc.link_fields:
        low = fdoc.lower
        if low is not None and not any(mark in low for mark in URL_MARKS):
            continue
        clauses = _Clauses(fdoc)
        for m in _URL.finditer(fdoc.clean):
            url = normalise_url(m.group())
            if url is None or url in seen:
                continue
            seen.add(url)
            end = m.start() + len(m.group().rstrip(_TRAILING))
            clause = clauses.before(m.start())
            kind = host_kind(url, hosts)
            label = _first_label(tools, clause)
            rule = f"link.host.{kind}"
            if kind == "code" and label in ("LINK_OTHER", "LINK_DATA", "LINK_PROJECT"):
                kind = label.removeprefix("LINK_").lower()
                rule = f"link.kind.{kind}"
            status = "promised" if promised_rx.search(clause) else "released"
            links.append(
                Link(
                    url=url,
                    kind=kind,
                    status=status,
                    host=urlsplit(url).netloc,
                    **doc.provenance(fdoc, m.start(), max(end, m.start() + 1), rule),
                )
            )
    return links
