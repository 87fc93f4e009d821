"""Text as read vs text as matched.

Rules match a *clean* view of each field: LaTeX markup, HTML entities and exotic Unicode
spacing are normalised so that `$\\sim$3.2\\%` reads as `~3.2%`. Offsets in the output
tables must index the text *as read*, so the clean view keeps a map back to the raw text.
Same-length substitutions (newlines, NBSP, full-width digits) keep offsets identical and
cost nothing; only length-changing edits are recorded as segments.
"""

from __future__ import annotations

import hashlib
import html
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

import regex

_WS = regex.compile(r"\s+")
# str.split() also splits at these four separators, which regex's \s (Unicode White_Space,
# the definition ids were made with) does not.
_NOT_REGEX_SPACE = "\x1c\x1d\x1e\x1f"


def paper_id(abstract: str) -> str:
    """First 16 hex digits of SHA-256 over the NFC-normalised, whitespace-collapsed abstract."""
    text = unicodedata.normalize("NFC", abstract)
    if not any(sep in text for sep in _NOT_REGEX_SPACE):
        norm = " ".join(text.split())  # the same as below, several times faster
    else:
        norm = _WS.sub(" ", text).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


# One-character substitutions that keep offsets: spacing, full-width forms, dashes.
_SAME_LENGTH = {
    **{ord(c): " " for c in "\n\r\t\u00a0\u2002\u2003\u2009\u200a\u202f\u205f\u3000\u2028"},
    **{0xFF10 + i: str(i) for i in range(10)},
    0xFF05: "%",
    0xFF0E: ".",
    0x2212: "-",  # minus sign
    0x2010: "-",
    0x2011: "-",
    0xFE6A: "%",
}

# Length-changing rewrites, applied in one alternation so each char is consumed once.
# Group names say what replaces the match (see _replacement).
_LATEX_SYMBOL = {
    "sim": "~",
    "approx": "~",
    "times": "×",
    "uparrow": "↑",
    "downarrow": "↓",
    "pm": "±",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "rightarrow": "→",
    "to": "→",
    "%": "%",
    "&": "&",
    "_": "_",
    "#": "#",
    "$": "$",
}
_REWRITE = regex.compile(
    r"""
    (?P<symbol>\\(?:sim|approx|times|uparrow|downarrow|pm|leq?|geq?|rightarrow|to)(?![A-Za-z])\s?|\\[%&_\#$])
  | (?P<wrapper>\\(?:url|href|textbf|textit|emph|mathrm|mathbf|mathit|texttt|textsc|text
                   |rm|bf|it|mathcal|mathbb|operatorname|footnote)\b\s*\{?)
  | (?P<command>\\[A-Za-z]+\s?)
  | (?P<sim>(?<=[\d%])sim(?=\s?\d))
  | (?P<bracegap>\}\{)
  | (?P<brace>[{}$])
  | (?P<tilde>(?<=[\p{L}\p{N}%}.,)])~(?=[\p{L}$\\(]))
  | (?P<entity>&(?:[A-Za-z]{2,8}|\#\d{1,6}|\#x[0-9A-Fa-f]{1,6});)
  | (?P<tag></?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,200})?/?>)
    """,
    regex.VERBOSE,
)
_NEEDS_REWRITE = regex.compile(r"[\\{}$&<~]|[\d%]sim")


def _replacement(m: regex.Match[str]) -> str:
    kind = m.lastgroup
    s = m.group()
    if kind == "symbol":
        return _LATEX_SYMBOL.get(s.strip()[1:], "")
    if kind == "entity":
        out = html.unescape(s)
        return out if out != s else s
    if kind == "sim":  # "3%sim20%": a \sim whose backslash was lost
        return "~"
    if kind in ("tilde", "bracegap"):
        return " "
    if kind == "tag":
        return " "
    return ""  # wrapper, command, brace


@dataclass(frozen=True)
class CleanText:
    """A clean view of one field with a map from clean offsets back to raw offsets."""

    raw: str
    clean: str
    # Parallel lists: clean_starts[i] is where segment i starts in the clean text; raw_starts
    # [i] where it starts in the raw text; raw_ends[i] where it ends; identity[i] whether it is
    # copied char for char (else it is a rewrite whose inner offsets snap to its edges).
    clean_starts: tuple[int, ...] = ()
    raw_starts: tuple[int, ...] = ()
    raw_ends: tuple[int, ...] = ()
    identity: tuple[bool, ...] = ()

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span to the raw span that produced it."""
        if not self.clean_starts:
            return start, end
        raw_start, raw_end = self._map(start, is_end=False), self._map(end, is_end=True)
        # An empty span where markup was deleted maps its start past the markup and its end
        # before it; it is still empty.
        return raw_start, max(raw_end, raw_start)

    def _map(self, pos: int, *, is_end: bool) -> int:
        i = bisect_right(self.clean_starts, pos) - 1
        if is_end and i > 0 and self.clean_starts[i] == pos:
            i -= 1  # an end offset belongs to the segment it closes
        i = max(i, 0)
        offset = pos - self.clean_starts[i]
        if self.identity[i]:
            return min(self.raw_starts[i] + offset, self.raw_ends[i])
        return self.raw_ends[i] if is_end and offset > 0 else self.raw_starts[i]


_NON_ASCII = regex.compile(r"[^\x00-\x7f]")


def clean_text(raw: str) -> CleanText:
    """Normalise `raw` for matching; see the module docstring."""
    text = raw.translate(_SAME_LENGTH)
    if not text.isascii():
        # Drop combining marks that would split tokens (they follow a base char). Only
        # non-ASCII characters can be marks: look those up, not every character.
        marks = [
            m.start() for m in _NON_ASCII.finditer(text) if unicodedata.category(m.group()) == "Mn"
        ]
        if marks:
            chars = list(text)
            for at in marks:
                chars[at] = " "
            text = "".join(chars)
    if not _NEEDS_REWRITE.search(text):
        return CleanText(raw=raw, clean=text)
    pieces: list[str] = []
    clean_starts: list[int] = []
    raw_starts: list[int] = []
    raw_ends: list[int] = []
    identity: list[bool] = []
    pos = 0
    out_len = 0

    def add(piece: str, r0: int, r1: int, same: bool) -> None:
        nonlocal out_len
        clean_starts.append(out_len)
        raw_starts.append(r0)
        raw_ends.append(r1)
        identity.append(same)
        pieces.append(piece)
        out_len += len(piece)

    for m in _REWRITE.finditer(text):
        if m.start() > pos:
            add(text[pos : m.start()], pos, m.start(), True)
        rep = _replacement(m)
        if rep == m.group():
            add(rep, m.start(), m.end(), True)
        elif rep:
            add(rep, m.start(), m.end(), False)
        else:
            # Deleted text still needs an anchor so spans that start after it map right.
            clean_starts.append(out_len)
            raw_starts.append(m.start())
            raw_ends.append(m.end())
            identity.append(False)
        pos = m.end()
    if pos < len(text):
        add(text[pos:], pos, len(text), True)
    # Zero-length segments share a clean start with the next one; keep the later one so
    # bisect lands on the segment that actually holds the character.
    keep = [
        i
        for i in range(len(clean_starts))
        if i + 1 >= len(clean_starts) or clean_starts[i + 1] != clean_starts[i]
    ]
    return CleanText(
        raw=raw,
        clean="".join(pieces),
        clean_starts=tuple(clean_starts[i] for i in keep),
        raw_starts=tuple(raw_starts[i] for i in keep),
        raw_ends=tuple(raw_ends[i] for i in keep),
        identity=tuple(identity[i] for i in keep),
    )


_MARKUP = regex.compile(r"[\\{}$^]|\b(?:rm|mathrm|textbf|bf)\b\s*")


def strip_markup(surface: str) -> str:
    """A name as the paper writes it, minus LaTeX markup and superscripts (O^2DETR -> O2DETR)."""
    cleaned: str = _WS.sub(" ", _MARKUP.sub("", surface))
    return cleaned.strip()
