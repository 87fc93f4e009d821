"""Pass 1: find the numbers of a sentence and group them into lists, ranges and from->to
pairs. Numbers are read over characters, not tokens (`~3.2%`, `+6.5`, `3.0% to 4.6%`,
`10times`, `2x`); exact multipliers written as words count too ("doubling", "three times")."""

from __future__ import annotations

import regex

from extract.nlp import Tools
from extract.stages.numbers.record import LEFT_WINDOW, Group, Number, grammar

_WORD_HINTS = ("twice", "doubl", "tripl", "quadrupl", "fold", "times")
_WORD_VALUE = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "hundred": 100,
    "thousand": 1000,
}


def _unit(raw: str | None) -> str | None:
    if not raw:
        return None
    raw = raw.strip().lower()
    if raw in ("%", "percent"):
        return "%"
    if raw in ("×", "x", "times", "fold", "-fold"):
        return "x"
    return "points"


def _word_numbers(tools: Tools, text: str, offset: int) -> list[Number]:
    """Exact multipliers written as words: doubling (2x), three times (3x), a hundred times."""
    low = text.lower()
    if not any(hint in low for hint in _WORD_HINTS):
        return []  # most sentences have none: skip the regex
    out = []
    for m in grammar(tools, "WORD_TIMES").finditer(text):
        if m.group("double"):
            value = 2.0
        elif m.group("triple"):
            value = 3.0
        elif m.group("quad"):
            value = 4.0
        else:
            value = float(_WORD_VALUE[m.group("word").lower()])
        # "doubling" is a change itself; "threefold" and "three times" only with a change
        # word ("a threefold speedup"): "our contributions are threefold" is no number.
        folded = m.group().lower().endswith("fold")
        sign = "times" if m.group("word") or folded else "verb"
        out.append(Number(value, 0, "x", offset + m.start(), offset + m.end(), sign=sign))
    return out


# Every number the grammar reads holds a digit; most sentences have none, and a search for
# one costs far less than the number grammar's try at every position.
_DIGIT = regex.compile(r"\d")


def find_numbers(tools: Tools, text: str, offset: int) -> list[Number]:
    """Every number of `text` (offsets shifted by `offset`), in text order."""
    out = _word_numbers(tools, text, offset)
    if not _DIGIT.search(text):
        return out  # (the word multipliers come in text order)
    for m in grammar(tools, "NUMBER").finditer(text):
        digits = m.group("num").replace(",", "")
        if len(digits) > 30:
            continue  # a digit run, not a quantity (and float() of it is slow)
        value = float(digits)
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        sign = m.group("sign")
        if sign == "-":
            value = -value
        elif sign == "±":
            continue  # a spread, not a value
        out.append(
            Number(
                value, decimals, _unit(m.group("unit")), offset + m.start(), offset + m.end(), sign
            )
        )
    return sorted(out, key=lambda n: n.start)


def _joins_range(tools: Tools, prev: Group, num: Number, gap: str) -> bool:
    last = prev.members[-1]
    same_unit = last.unit == num.unit or last.unit is None
    return (
        prev.shape == "single"
        and same_unit
        and bool(grammar(tools, "RANGE_GAP").match(gap) or (num.sign == "-" and not gap.strip()))
    )


def group_numbers(tools: Tools, numbers: list[Number], text: str, base: int) -> list[Group]:
    """Numbers read together: "A to B" ranges, "from A to B" pairs, "A, B and C" lists."""
    groups: list[Group] = []
    list_gap = grammar(tools, "LIST_GAP")
    for num in numbers:
        prev = groups[-1] if groups else None
        if prev is not None:
            gap = text[prev.end - base : num.start - base]
            last = prev.members[-1]
            if _joins_range(tools, prev, num, gap):
                if num.sign == "-":
                    num.value = -num.value
                last.unit = last.unit or num.unit
                prev.members.append(num)
                after_pair = len(groups) > 1 and groups[-2].shape == "from_to"
                before = text[max(0, prev.start - base - LEFT_WINDOW) : prev.start - base]
                is_pair = (grammar(tools, "FROM").search(before) or after_pair) and "to" in gap
                prev.shape = "from_to" if is_pair else "range"
                continue
            if prev.shape in ("single", "list") and list_gap.match(gap) and last.unit == num.unit:
                prev.members.append(num)
                prev.shape = "list"
                continue
            # "1.0, 1.3 and 2.5 percentage points": a unit written once, after the last item
            # of a list of bare numbers with as many decimals.
            if (
                prev.shape == "list"
                and num.unit is not None
                and list_gap.match(gap)
                and all(m.unit is None and m.decimals == num.decimals for m in prev.members)
            ):
                for m in prev.members:
                    m.unit = num.unit
                prev.members.append(num)
                continue
        groups.append(Group([num]))
    return groups


def restated(tools: Tools, groups: list[Group], text: str, base: int) -> set[int]:
    """Word multipliers that a from->to pair in the same clause states exactly: "doubling
    the share of admissible generations from 21% to 42%" is one claim, the pair."""
    out = set()
    for i, g in enumerate(groups[:-1]):
        if g.first.sign not in ("verb", "times"):
            continue
        later = groups[i + 1]
        pair = next((h for h in groups if h.start >= later.start and h.shape == "from_to"), None)
        if pair is not None and not regex.search(r"[,;]", text[g.end - base : pair.start - base]):
            out.add(id(g))
    return out
