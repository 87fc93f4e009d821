"""Abbreviation definitions: "long form (SF)" and "SF (long form)".

After Schwartz & Hearst (2003), "A simple algorithm for identifying abbreviation definitions
in biomedical text", PSB 2003: a short form in parentheses is matched right-to-left against
the words before it, each short-form character found in order, the first at a word start;
the long form may have at most min(|SF| + 5, 2|SF|) words and never crosses a sentence.
One addition: digits that multiply a letter (O^2DETR = two O's) are retried without the digit.
"""

from __future__ import annotations

import regex

from extract.nlp import FieldDoc, Tools
from extract.stages import Abbreviation, Found, PaperDoc
from extract.text import strip_markup

_PAREN = regex.compile(r"\(([^()]{1,80})\)")
_WORD = regex.compile(r"\S+")
_QUOTES = "\"'“”‘’`"
_DIGITS = regex.compile(r"\d")
_NOT_SHORT = {"ours", "e.g.", "i.e.", "etc", "resp", "see", "cf"}


def _short_form_ok(sf: str) -> bool:
    """A plausible short form: 1-2 words, 2-12 chars, a letter, starts alphanumeric."""
    return (
        2 <= len(sf) <= 12
        and len(sf.split()) <= 2
        and sf[0].isalnum()
        and any(c.isupper() for c in sf)
        and sf.lower() not in _NOT_SHORT
    )


def best_long_form(short: str, long: str) -> str | None:
    """The shortest suffix of `long` whose characters spell `short` (Schwartz & Hearst)."""
    s, pos = len(short) - 1, len(long) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while pos >= 0 and (
            long[pos].lower() != c or (s == 0 and pos > 0 and long[pos - 1].isalnum())
        ):
            pos -= 1
        if pos < 0:
            return None
        pos -= 1
        s -= 1
    start = long.rfind(" ", 0, pos + 2) + 1  # the word holding the first matched char
    candidate = long[start:].strip(" ,;:" + _QUOTES)
    if not candidate or short.lower() in candidate.lower().split():
        return None
    return candidate


def _match(short: str, window: str) -> str | None:
    found = best_long_form(short, window)
    if found is None and any(c.isdigit() for c in short):
        found = best_long_form(_DIGITS.sub("", short), window)
    if found is None:
        return None
    n_words = len(found.split())
    letters = sum(c.isalnum() for c in short)
    if n_words > min(letters + 5, letters * 2) or len(found) <= len(short):
        return None
    return found


def _in_field(doc: PaperDoc, fdoc: FieldDoc) -> list[Abbreviation]:
    text = fdoc.clean
    out: list[Abbreviation] = []
    for m in _PAREN.finditer(text):
        inner = m.group(1).split(";")[0].split(",")[0].strip().strip(_QUOTES)
        sent = fdoc.sentence_at(m.start())
        before = text[sent.start_char : m.start()].rstrip()
        if _short_form_ok(strip_markup(inner)):
            short = strip_markup(inner)
            words = list(_WORD.finditer(before))
            letters = sum(c.isalnum() for c in short)
            take = words[-min(letters + 5, letters * 2) :]
            if not take:
                continue
            window_start = take[0].start()
            window = before[window_start:].strip(_QUOTES + " ")
            long = _match(short, window)
            if long is None:
                continue
            ls = sent.start_char + before.rfind(long)
            ss = m.start(1) + m.group(1).find(inner)
            out.append(Abbreviation(short, long, fdoc, ss, ss + len(inner), ls, ls + len(long)))
        elif len(inner.split()) >= 2:
            # Reverse order: "SF (long form)"; SF is the word right before the parenthesis.
            prev = _WORD.findall(before)
            if not prev:
                continue
            short = strip_markup(prev[-1].strip(_QUOTES + ",:"))
            if not _short_form_ok(short):
                continue
            long = _match(short, inner)
            if long is None or not inner.startswith(long):
                continue
            ss = sent.start_char + before.rfind(prev[-1])
            ls = m.start(1) + m.group(1).find(long)
            out.append(Abbreviation(short, long, fdoc, ss, ss + len(short), ls, ls + len(long)))
    return out


def extract(doc: PaperDoc, found: Found, tools: Tools) -> list[Abbreviation]:
    return [a for fdoc in doc.fields for a in _in_field(doc, fdoc)]
