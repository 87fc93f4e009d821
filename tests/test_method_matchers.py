"""The faster matchers of the methods stage find exactly what the plain ones find: the
atomic name macro where a space or a comma follows the name, and the model families tried
one pattern at a time instead of one alternation per key."""

from __future__ import annotations

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.nlp import Tools, expand_macros

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Pieces that make names and near-names: capitals, digits, the joiners a name word may
# hold (- + . /), versions, "loss", and what follows a name in the rules (space, comma).
PIECES = ["Foo", "Net", "aB", "t-SNE", "v2", "v1.5", "loss", "x", "3", "-", "+", ".", "/"]
PIECES += [" ", " ", ",", ", ", "  ", "\t", "e", "GPT", "is", "achieves"]
name_like = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


def _plain_and_atomic(after: str) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    plain = regex.compile(expand_macros(rf"(?P<name>{{METHOD}}){after}"))
    atomic = regex.compile(expand_macros(rf"(?P<name>{{METHOD_ATOMIC}}){after}"))
    return plain, atomic


@SETTINGS
@given(text=name_like)
def test_atomic_method_names_match_as_the_plain_macro_before_a_space_or_comma(text: str) -> None:
    for after in (r"\s+(?:is|achieves)\b", r",\s+", r"\s+"):
        plain, atomic = _plain_and_atomic(after)
        for at in range(len(text) + 1):
            p, a = plain.match(text, at), atomic.match(text, at)
            assert (p and (p.span(), p.span("name"))) == (a and (a.span(), a.span("name")))


def test_atomic_method_names_differ_only_where_a_word_could_go_on() -> None:
    # Before a space the two agree on a dotted name; before a word's letters they do not
    # (the plain macro gives "Net" back to the rule), which is why the atomic macro is only
    # for rules that go on with a space or a comma.
    plain, atomic = _plain_and_atomic(r"\s+is\b")
    assert plain.match("Foo.Bar is").group("name") == atomic.match("Foo.Bar is").group("name")
    plain, atomic = _plain_and_atomic(r"Net\b")
    assert plain.match("FooNet").group("name") == "Foo" and atomic.match("FooNet") is None


def _family_texts(tools: Tools) -> list[str]:
    """Every family example, alone and glued to what may follow a name in prose."""
    examples = sorted({e for fam in tools.rules.model_families for e in fam.examples})
    tails = ["", " and", "-v2", "+", "s", "x", ", ", "-Large", " 7B"]
    return [f"the {e}{tail} model" for e in examples for tail in tails]


def test_families_tried_one_pattern_at_a_time_match_as_the_key_alternation(
    tools: Tools,
) -> None:
    families = tools.families
    tried = 0
    for text in _family_texts(tools):
        for at, key in families.candidates(text, range(len(text))):
            want = families.get(key).match(text, at)
            got = families.match_at(text, at, key)
            assert (want and want.group()) == (got and got.group()), (text, at, key)
            tried += want is not None
    assert tried > 500  # the examples do match: the comparison is not vacuous


def test_a_family_member_is_found_whole_or_not_at_all(tools: Tools) -> None:
    families = tools.families
    assert families.family_of("ViT-B/16") == "ViT"
    assert families.family_of("ViT-B/16-Bench") is None
    found = families.match_at("a ResNet-50 model", 2, families.key("ResNet-50", 0) or "")
    assert found is not None and found.group() == "ResNet-50"
    # a family name ends at a non-word: "ResNets" is no ResNet
    assert families.match_at("a ResNets model", 2, families.key("ResNets", 0) or "") is None
