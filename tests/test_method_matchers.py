"""The faster matchers of the methods stage find exactly what the plain ones find: the model
families tried one pattern at a time instead of one alternation per key."""

from __future__ import annotations

from extract.nlp import Tools


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
