"""Hostile abstracts: the tokenizer's shortcuts for long chunks give spaCy's tokens, and
no stage's time grows faster than the text."""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from extract.nlp import build_nlp

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters spaCy's affix rules strip one at a time (brackets, quotes, units after digits,
# currency, ellipses, emoji) with a few letters and digits between them.
AFFIXY = "()[]{}\"'`%&+*#<>.,;:!?…°$€-/_~😀CFkgmsxKB0123"


@cache
def _pipelines() -> tuple[Language, Language]:
    return build_nlp(), build_nlp(memo=False)


def _tokens(nlp: Language, text: str) -> list[tuple[int, str]]:
    return [(t.idx, t.text) for t in nlp(text)]


@SETTINGS
@given(chunks=st.lists(st.text(alphabet=AFFIXY, min_size=1, max_size=400), min_size=1, max_size=4))
@example(chunks=["(" * 300 + "ResNet-50" + ")" * 300])
@example(chunks=["x" + "." * 200])  # a run of dots is one suffix, however long
@example(chunks=["." * 200 + "x"])  # ... and one prefix
@example(chunks=["5" + "%" * 100])
@example(chunks=['"' * 70 + "°F."])
def test_windowed_affix_searches_tokenise_as_spacy(chunks: list[str]) -> None:
    # Strings longer than the window are searched in its end (suffixes) or start (prefixes)
    # only; the tokens must be the ones the whole-string searches give.
    fast, plain = _pipelines()
    text = " ".join(chunks)
    assert _tokens(fast, text) == _tokens(plain, text)


def test_a_chunk_longer_than_a_piece_is_tokenised_a_piece_at_a_time() -> None:
    fast, _ = _pipelines()
    chunk = "(" * 1500 + "FooNet" + ")" * 1500
    text = f"We propose FooNet. {chunk} It works."
    doc = fast(text)
    assert doc.text == text
    assert [t.text for t in doc][:4] == ["We", "propose", "FooNet", "."]
    assert [t.text for t in doc][-3:] == ["It", "works", "."]
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)
    # spaCy splits every bracket off; the pieces keep that, but "FooNet" falls across a cut
    assert len(doc) > 3000


def test_chunks_up_to_a_piece_long_keep_spacys_tokens() -> None:
    fast, plain = _pipelines()
    text = "See https://github.com/" + "a-b/" * 240 + "x (2025). " + "((" * 450 + "A))."
    assert len(max(text.split(), key=len)) <= 1000
    assert _tokens(fast, text) == _tokens(plain, text)
