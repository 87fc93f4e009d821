"""Property tests: the core never crashes on any text and every row it writes is valid;
offset maps stay in range; readers never raise on any bytes."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import tempfile
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import regex
import spacy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from spacy.language import Language

import extract.nlp as nlp_module
from extract.core import process
from extract.nlp import FieldDoc, Tools, build_nlp
from extract.readers import read_file
from extract.rules import fold
from extract.schemas import Paper, Reject
from extract.text import clean_text, paper_id

ENTITIES = ("methods", "benchmarks", "results", "improvements", "links")
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- strategies ------------------------------------------------------------------------

FRAGMENTS = [
    "We propose",
    "FooNet",
    "ResNet-50",
    "ViT-B/16",
    "BERT",
    "GPT-4o",
    "on ImageNet",
    "CIFAR-10",
    "COCO val2017",
    "top-1 accuracy",
    "mAP",
    "F1",
    "outperforms",
    "improves by",
    "over the baseline",
    "state-of-the-art",
    "faster",
    "fewer parameters",
    r"$\sim$",
    r"\%",
    r"\textbf{",
    r"\url{",
    r"\times",
    r"\pm",
    "}",
    "{",
    "$",
    "~",
    "&amp;",
    "&nbsp;",
    "&#x41;",
    "&bogus;",
    "<b>",
    "</b>",
    "<sub>2</sub>",
    "https://github.com/foo/bar",
    "http://example.org/x?y=1",
    "(",
    ")",
    "[",
    "]",
    ",",
    ".",
    ";",
    ":",
    "\n",
    "\r\n",
    "\u00a0",
    "％",
    "×",
    "±",
    "µ",
    "\u0301",
    "٪",
    "😀",
    "from",
    "to",
    "x",
    "%",
    "pp",
    "points",
    "Code is available at",
    "will be released",
]

number = st.one_of(
    st.integers(-10, 100_000).map(str),
    st.floats(0, 1000, allow_nan=False).map(lambda f: f"{f:.{abs(hash(f)) % 4}f}"),
    st.builds(lambda a, b: f"{a}.{b}", st.integers(0, 99), st.integers(0, 999)),
)
quantity = st.builds(
    lambda n, u: n + u,
    number,
    st.sampled_from(["", "%", " %", "x", "×", " times", "-fold", " points", "\\%", "\u00a0%"]),
)
camel = st.from_regex(r"[A-Z][a-z]{1,6}[A-Z][A-Za-z0-9]{0,6}(-[0-9]{1,3})?", fullmatch=True)
piece = st.one_of(
    st.sampled_from(FRAGMENTS),
    quantity,
    camel,
    st.text(max_size=8),
)
ml_text = (
    st.lists(piece, min_size=1, max_size=40)
    .flatmap(
        lambda parts: st.lists(
            st.sampled_from([" ", "", " ", "\n", "  ", "\t"]),
            min_size=len(parts),
            max_size=len(parts),
        ).map(lambda seps: "".join(p + s for p, s in zip(parts, seps, strict=True)))
    )
    .filter(bool)
)
any_text = st.one_of(st.text(min_size=1), ml_text)


def make_paper(abstract: str, title: str | None) -> Paper:
    return Paper(
        paper_id=paper_id(abstract), source="prop", record=1, abstract=abstract, title=title
    )


# --- the core ----------------------------------------------------------------------------


@SETTINGS
@given(abstract=any_text, title=st.one_of(st.none(), any_text))
def test_process_never_raises_and_rows_are_valid(
    tools: Tools, abstract: str, title: str | None
) -> None:
    paper = make_paper(abstract, title)
    batch = process([paper], tools)
    assert len(batch.rows["papers"]) == 1
    assert not batch.rows["rejects"], [r.model_dump()["reason"] for r in batch.rows["rejects"]]
    fields = {"abstract": abstract, "title": title}
    for table in ("papers", *ENTITIES):
        for row in batch.rows[table]:
            again = type(row).model_validate(row.model_dump())
            assert again == row
            if table == "papers":
                continue
            d = row.model_dump()
            assert d["paper_id"] == paper.paper_id
            text = fields[d["field"]]
            assert text is not None, d
            assert 0 <= d["start"] < d["end"] <= len(text), (table, d, text)
            assert text[d["start"] : d["end"]], (table, d)


@SETTINGS
@given(batch=st.lists(ml_text, min_size=2, max_size=5, unique_by=paper_id))
def test_a_paper_gets_the_same_rows_alone_or_in_a_batch(tools: Tools, batch: list[str]) -> None:
    papers = [make_paper(a, None) for a in batch]
    together = process(papers, tools).rows
    for paper in papers:
        alone = process([paper], tools).rows
        for table in ENTITIES:
            mine = [r for r in together[table] if r.model_dump()["paper_id"] == paper.paper_id]
            assert mine == alone[table]


NON_SPACE = st.characters(blacklist_categories=("Zs", "Zl", "Zp", "Cc", "Cs"))
SPACES = st.text(alphabet=" \t\n\r\u00a0\u2003\u3000\u2028", min_size=1, max_size=3)


@SETTINGS
@given(
    words=st.lists(st.text(alphabet=NON_SPACE, min_size=1, max_size=12), min_size=1, max_size=12),
    data=st.data(),
)
def test_paper_id_is_stable_under_whitespace_changes(words: list[str], data: st.DataObject) -> None:
    plain = " ".join(words)
    seps = data.draw(st.lists(SPACES, min_size=len(words) - 1, max_size=len(words) - 1))
    lead, trail = data.draw(st.text(alphabet=" \n\t", max_size=3)), data.draw(SPACES)
    spaced = lead + words[0] + "".join(s + w for s, w in zip(seps, words[1:], strict=True)) + trail
    assert paper_id(spaced) == paper_id(plain)
    assert len(paper_id(plain)) == 16


@SETTINGS
@given(raw=st.text(alphabet="ab1 .\n\t\x1c\x1d\x1e\x1f\x85\xa0\u2028\u3000\u200b\ufeff\u0301"))
@example(raw="a\x1cb")
@example(raw=" \x1f ")
def test_paper_id_hashes_the_text_as_the_regex_definition_collapses_it(raw: str) -> None:
    """The fast path (str.split) must give the ids the \\s+ definition gives: old outputs
    and golden files are keyed by them."""
    norm = regex.sub(r"\s+", " ", unicodedata.normalize("NFC", raw)).strip()
    assert paper_id(raw) == hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


@SETTINGS
@given(raw=any_text, data=st.data())
def test_clean_offsets_map_inside_the_raw_text_in_order(raw: str, data: st.DataObject) -> None:
    ct = clean_text(raw)
    n = len(ct.clean)
    s = data.draw(st.integers(0, n), label="start")
    e = data.draw(st.integers(s, n), label="end")
    rs, re_ = ct.to_raw(s, e)
    assert 0 <= rs <= re_ <= len(raw), (s, e, rs, re_)
    # the whole clean text maps to the whole raw text's range
    whole = ct.to_raw(0, n)
    assert 0 <= whole[0] <= whole[1] <= len(raw)


# --- readers -----------------------------------------------------------------------------

SUFFIXES = (".jsonl", ".csv", ".tsv", ".txt", ".jsonl.gz", ".csv.gz", ".txt.gz", "")
ABSTRACT = "We propose FooNet, which achieves 81.7% top-1 accuracy on ImageNet."


def read_all(data: bytes, suffix: str) -> list[Paper | Reject]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        items = list(read_file(path))
    assert all(isinstance(i, Paper | Reject) for i in items)
    return items


@SETTINGS
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES), gz=st.booleans())
def test_readers_never_raise_on_random_bytes(data: bytes, suffix: str, gz: bool) -> None:
    payload = gzip.compress(data) if gz else data
    read_all(payload, suffix)


def _valid_files() -> dict[str, bytes]:
    rows = [
        {"id": str(i), "title": f"T{i}", "abstract": f"{ABSTRACT} Variant {i} é ü 😀."}
        for i in range(40)
    ]
    jsonl_bytes = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["id", "title", "abstract"])
    writer.writeheader()
    writer.writerows(rows)
    csv_bytes = buf.getvalue().encode()
    text_bytes = "".join(f"Abstract:{r['abstract']}\n" for r in rows).encode()
    return {
        ".jsonl": jsonl_bytes,
        ".csv": csv_bytes,
        ".txt": text_bytes,
        ".jsonl.gz": gzip.compress(jsonl_bytes),
        ".csv.gz": gzip.compress(csv_bytes),
        ".txt.gz": gzip.compress(text_bytes),
    }


VALID = _valid_files()


@SETTINGS
@given(suffix=st.sampled_from(sorted(VALID)), cut=st.floats(0, 1))
def test_readers_never_raise_on_truncated_files(suffix: str, cut: float) -> None:
    full = VALID[suffix]
    data = full[: int(len(full) * cut)]
    items = read_all(data, suffix)
    assert items
    originals = {f"{ABSTRACT} Variant {i} é ü 😀." for i in range(40)}
    for item in items:
        if isinstance(item, Paper) and ".gz" in suffix:
            # a truncated gzip never yields a half record as if it were whole
            assert item.abstract in originals, item.abstract


@cache
def _pipelines() -> tuple[Language, Language]:
    return build_nlp(), build_nlp(memo=False)


@cache
def _sentencizer_reference(nlp: Language) -> Language:
    """spaCy's own pipeline with our tokenizer rules and its own vocabulary, built once."""
    reference = spacy.blank("en")
    ours: Any = nlp.tokenizer
    theirs: Any = reference.tokenizer
    theirs.infix_finditer = ours.infix_finditer
    theirs.suffix_search = ours.suffix_search
    reference.add_pipe("sentencizer")
    return reference


@SETTINGS
@given(texts=st.lists(st.one_of(any_text, ml_text), min_size=1, max_size=6))
@example(texts=["(ResNet-50), and [ResNet-50]; see ResNet-50.", "'(x)'. \"(ResNet-50)\"..."])
@example(texts=["(a,b) and [a,b].", "then {a,b}"])  # an infix searched again
def test_memoised_affix_searches_tokenise_as_the_plain_ones(texts: list[str]) -> None:
    # The memoised searches are shared across texts (and fed the stripped parts of chunks):
    # a text read after others must still get the tokens the plain searches give. The two
    # pipelines live across examples (building them per example took most of a minute), so
    # later examples also meet what earlier ones left in the memo.
    memoised, plain = _pipelines()
    for text in texts:
        clean = clean_text(text).clean
        got = [(t.idx, t.text) for t in memoised(clean)]
        assert got == [(t.idx, t.text) for t in plain(clean)]


def test_affix_memos_stay_bounded_and_answer_as_the_plain_searches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The memos are dicts spaCy calls through `__getitem__`; past their bound they start
    # again empty. With a bound of 8 every text below refills them several times over, and
    # the tokens stay those of the plain searches.
    monkeypatch.setattr(nlp_module, "_AFFIX_MEMO", 8)
    memoised, plain = build_nlp(), build_nlp(memo=False)
    tokenizer: Any = memoised.tokenizer
    memos = [tokenizer.suffix_search.__self__, tokenizer.prefix_search.__self__]
    memos.append(tokenizer.infix_finditer.__self__)
    texts = [f'({w}-{i}), [{w}]; {w}\'s "{w}"... {w}/{i}.' for i in range(40) for w in ("ab", "Cd")]
    texts.append("(" * 300 + "x" + ")" * 300)  # longer than a window: searched, not kept
    for text in texts:
        assert [(t.idx, t.text) for t in memoised(text)] == [(t.idx, t.text) for t in plain(text)]
        assert all(len(memo) <= 8 for memo in memos)
    assert all(len(key) <= nlp_module._AFFIX_WINDOW for memo in memos for key in memo)


@SETTINGS
@given(text=st.one_of(any_text, ml_text))
@example(text="Top-1 on ImageNet-22K (ViT-B/16), CIFAR_100 and  two  spaces.")
@example(text="{")  # nothing left once markup is removed: no tokens
def test_token_texts_offsets_and_folds_are_the_docs(tools: Tools, text: str) -> None:
    # A field's token columns are read from the Doc's arrays in one pass and folded through
    # a memo: they must be what the Doc's tokens say and what `fold` makes of them.
    clean = clean_text(text)
    doc = tools.nlp(clean.clean)
    fdoc = FieldDoc(name="abstract", text=clean, doc=doc)
    assert fdoc.tokens == [t.text for t in doc]
    assert fdoc.starts == [t.idx for t in doc]
    assert fdoc.folded == [fold(t.text) for t in doc]


def test_the_token_fold_memo_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    # Past its bound the memo starts again empty; what it answers is still the fold.
    monkeypatch.setattr(nlp_module, "_FOLD_MEMO", 8)
    memo = nlp_module._FoldMemo()
    words = [f"Word-{i} X_{i}" for i in range(40)] * 2
    assert [memo[w] for w in words] == [fold(w) for w in words]
    assert 0 < len(memo) <= 8


@SETTINGS
@given(text=st.one_of(any_text, ml_text))
@example(text="It works!! Really?) Yes... (See Fig. 2.) ImageNet-22K. Next.\u3002Done")
@example(text="We use e.g. ResNet-50.  Two  spaces. \n New line.")
@example(text="{")  # nothing left once markup is removed: no tokens
@example(text="!«")  # punctuation by its Unicode category, as spaCy's IS_PUNCT
def test_sentences_split_exactly_as_spacys_sentencizer(tools: Tools, text: str) -> None:
    # The pipeline splits sentences itself over token texts (the spaCy component costs a
    # Python object per token); the bounds must be the component's bounds.
    clean = clean_text(text).clean
    fdoc = FieldDoc(name="abstract", text=clean_text(text), doc=tools.nlp(clean))
    # spaCy's own pipeline, with our tokenizer rules but its own vocabulary (ours skips the
    # lexical attributes, and the sentencizer reads IS_PUNCT from them)
    reference = _sentencizer_reference(tools.nlp)
    expected = [(s.start_char, s.end_char, s.start, s.end) for s in reference(clean).sents]
    got = [(s.start_char, s.end_char, s.start, s.end) for s in fdoc.sentences]
    assert got == (expected or [(0, len(clean), 0, 0)])
