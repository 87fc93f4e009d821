"""Fuzz (hypothesis, bounded): arbitrary bytes and arbitrary Unicode or JSON values in every
field of a record never raise, never cost a good neighbour record, and every reject names
its reason."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.readers import read_file
from extract.readers.sources import KNOWN_KEYS
from extract.schemas import Paper, Reject

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
ABSTRACT = "We propose FooNet, which achieves 81.7% top-1 accuracy on ImageNet."
FIELDS = sorted(KNOWN_KEYS)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=40)
    | st.just(10**900),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
hostile_records = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=6)
# a line of arbitrary bytes (no line break: a record is one line)
hostile_lines = st.binary(max_size=200).map(lambda b: b.replace(b"\n", b" "))


def good(i: int) -> dict[str, str]:
    return {"id": f"good-{i}", "title": f"T{i}", "abstract": f"{ABSTRACT} Variant {i}."}


def read(data: bytes, name: str) -> list[Paper | Reject]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return list(read_file(path))


def check(items: list[Paper | Reject], n_good: int) -> None:
    kept = [p.source_id for p in items if isinstance(p, Paper) and p.abstract.startswith(ABSTRACT)]
    assert [k for k in kept if k and k.startswith("good-")] == [f"good-{i}" for i in range(n_good)]
    for item in items:
        if isinstance(item, Reject):
            assert item.reason.strip()
        for text in (getattr(item, f, None) for f in ("abstract", "title", "reason", "excerpt")):
            if isinstance(text, str):
                text.encode("utf-8")  # every kept text can be written


Slot = tuple[bool, Any]
slots = st.lists(
    st.one_of(
        st.tuples(st.just(True), st.none()),
        st.tuples(st.just(False), hostile_records),
        st.tuples(st.just(False), hostile_lines),
    ),
    min_size=1,
    max_size=6,
)


def assemble(slots: list[Slot]) -> tuple[list[Any], int]:
    """The records in order (good ones numbered) and how many are good."""
    values: list[Any] = []
    n_good = 0
    for is_good, payload in slots:
        values.append(good(n_good) if is_good else payload)
        n_good += is_good
    return values, n_good


@FUZZ
@given(slots=slots)
def test_json_lines_records_are_isolated(slots: list[Slot]) -> None:
    values, n_good = assemble(slots)
    lines = [v if isinstance(v, bytes) else json.dumps(v).encode() for v in values]
    check(read(b"\n".join(lines) + b"\n", "in.jsonl"), n_good)


@FUZZ
@given(slots=slots)
def test_json_array_elements_are_isolated(slots: list[Slot]) -> None:
    values, n_good = assemble(slots)
    # arbitrary bytes become arbitrary text where a record should be
    values = [v.decode("utf-8", "surrogateescape") if isinstance(v, bytes) else v for v in values]
    check(read(json.dumps(values, indent=1).encode(), "in.json"), n_good)


@FUZZ
@given(
    rows=st.lists(
        st.one_of(
            st.tuples(st.just(True), st.none()),
            st.tuples(st.just(False), st.lists(st.text(max_size=60), min_size=3, max_size=3)),
        ),
        min_size=1,
        max_size=6,
    ),
    sep=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_csv_rows_with_arbitrary_text_are_isolated(
    rows: list[tuple[bool, list[str] | None]], sep: str, encoding: str
) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep)
    writer.writerow(["id", "title", "abstract"])
    n_good = 0
    for is_good, fields in rows:
        if is_good or fields is None:
            writer.writerow(good(n_good).values())
            n_good += 1
        else:
            writer.writerow(fields)
    data = buf.getvalue().encode(encoding, errors="surrogatepass")
    check(read(data, "in.csv"), n_good)
