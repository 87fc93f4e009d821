"""Whether a captured phrase has the shape of a method name, and the shapes around a
capture that show it is none (a modifier, a task, a dataset, the first part of a longer name).
"""

from __future__ import annotations

import regex

from extract.names import ADJECTIVE, is_capitalised, is_coined
from extract.nlp import Tools
from extract.rules import PatternRule, fold, long_form_key
from extract.stages.methods.candidate import (
    OTHERS_LABELS,
    PROPOSING,
    PROPOSING_ONLY,
    TITLE_CASE_OK,
    TRAILING,
)
from extract.text import strip_markup

DATA_WORDS = regex.compile(r"(?i)(?:DB|Bench|Benchmark|Dataset|Data|Corpus|Arena|Eval|Set)$")


def acceptable(name: str, label: str, tools: Tools) -> bool:
    clean = strip_markup(name)
    words = clean.split()
    if not words or len(words) > 5 or clean in tools.rules.not_methods:
        return False
    if len(words) > 1 and clean.lower().removesuffix("s") in tools.rules.not_methods_lower:
        return False  # "a novel Graph Neural Network": a concept in Title Case
    if (
        label == "SUBJECT"
        and len(words) > 1
        and _GERUND.match(words[0])
        and not is_coined(words[0])
    ):
        return False  # "Evaluating LLMs properly is crucial": an activity, not a name
    if ADJECTIVE.search(words[-1]) or PLURAL_ACRONYM.match(clean):
        return False
    variant = _CLASS_VARIANT.match(clean)
    if variant and variant.group("cls") in tools.rules.not_methods:
        return False  # "cLLMs", "D-LLMs": a kind of a model class, not one model
    if label in OTHERS_LABELS and not _others_name(words, tools):
        return False
    if clean.rstrip("s") in tools.rules.not_methods or fold(clean) in tools.rules.metric_by_key:
        return False
    coined = [w for w in words if is_coined(w)]
    if len(words) == 1:
        if coined:
            return True
        return label in ("NAMING", "OURS", "PROPOSE_NAME") and is_capitalised(clean)
    if label in TITLE_CASE_OK:
        return all(is_capitalised(w) or is_coined(w) or w in ("loss", "of", "for") for w in words)
    return bool(coined) and len(words) <= 3


def _others_name(words: list[str], tools: Tools) -> bool:
    """The shape of another paper's method as a baseline, example or list member names it:
    no "X-based" description ("ReAct-based LLM"), no concept, company or venue among its
    words ("NeurIPS 2025"), not a metric ("VLScore"), and a first word that starts with a
    capital or a digit unless it has a capital inside ("nnU-Net"; not "case30")."""
    first = words[0]
    if first[0].islower() and not any(c.isupper() for c in _HYPHEN.split(first)[0]):
        return False
    lead = _HYPHEN.split(first)[0]
    if lead != first and lead.endswith("s") and lead in tools.rules.not_methods:
        return False  # "LLMs-Bloom, Gemma, and Llama": a dash of prose
    return not (
        any(ADJECTIVE.search(w) or w in tools.rules.not_methods for w in words)
        or _METRIC_NAME.search(words[-1])
    )


_HYPHEN = regex.compile(r"[-/]")
_METRIC_NAME = regex.compile(r"(?:Score|Metric|Index|Distance)$")


def without_concept_tail(surface: str, tools: Tools) -> str:
    """A name less a concept word at its end ("Driving VLA", "Alama Health QA": what is
    left must be a name on its own)."""
    head, _, last = surface.rstrip(TRAILING).rpartition(" ")
    return head if head and last in tools.rules.not_methods else surface


def not_a_name(name: str, start: int, text: str, rule: PatternRule) -> bool:
    """Shapes around a capture that show it is no method name, whatever the rule."""
    end = start + len(name)
    if " " not in name and not is_coined(name) and _NOUN_AFTER.match(text, end):
        return True  # "a Gaussian mask", "a Bayesian framework": an adjective
    if " " in name and not any(map(is_coined, name.split())) and _LONGER_NAME.match(text, end):
        return True  # "Adaptive Sampling" of "an Adaptive Sampling and Filtering mechanism"
    if (
        rule.label == "PROPOSE_NAME"
        and _INDEFINITE.search(text, max(0, start - 40), start)
        and _NOUN_AFTER.match(text, end)
        and any(map(is_coined, name.split()))
        and (not _HEAD_AFTER.match(text, end) or any(map(ADJECTIVE.search, name.split())))
    ):
        # "an RGB-Event object tracking framework", "a Mamba-based TSOD model": a modifier.
        # "a CBAM-CNN model" names the model; "an Intra-scale Propagation module" (no coined
        # word) names a component.
        return True
    if rule.label in PROPOSING and DATA_WORDS.search(name):
        return True  # "the QualiSpeech Benchmark": a dataset (benchmark stage)
    if rule.label == "PROPOSE_NAME" and _NAMED_AFTER.match(text, end):
        return True
    return bool(OTHER_KIND_AFTER.match(text, end) or _OTHER_KIND_BEFORE.match(text, 0, start))


def established_phrase(name: str, label: str, tools: Tools) -> bool:
    """A phrase of several words that many papers define as an existing method's long form,
    or, for the weak component cue, write as a component of their own
    (rules/established_phrases.txt: Contrastive Loss)."""
    if " " not in name:
        return False
    key = long_form_key(name)
    if key in tools.rules.established_by_long:
        return True
    return label in PROPOSING_ONLY and key in tools.rules.established_phrases


def strongly_coined(word: str) -> bool:
    """Coined, and more than a short all-caps acronym (RGB, LLM name things, not methods)."""
    return is_coined(word) and not (word.isupper() and len(word) <= 4)


# A lowercase word (not a function word) right after a plain capitalised word.
_NOUN_AFTER = regex.compile(
    r" (?!(?:as|to|for|which|that|and|or|in|on|with|is|are|was|by|from|at|of|can|achieves|"
    r"outperforms|improves|uses|yields|enables|shows|provides|consists|combines)\b)\p{Ll}"
)
# "we propose CAT, a Cross-scale Aligned Transformer": the Title Case phrase spells out the
# name before it (its expansion), it is not a second method.
DESCRIBES_NAME = regex.compile(
    r"(?<![\p{L}\p{N}])[\p{L}\p{N}]*[\p{Lu}\p{N}][\p{L}\p{N}+\-]*\s*[,:(—–]\s*"
    r"(?:an?\s+|the\s+)?(?:\p{Ll}[\p{Ll}\-]*\s+){0,3}$"
)
_GERUND = regex.compile(r"^\p{Lu}\p{Ll}+ing$")
_HEAD_NOUNS = (
    r"(?:model|framework|method|network|architecture|approach|system|algorithm|module|"
    r"pipeline|agent)s?"
)
_HEAD_AFTER = regex.compile(rf" {_HEAD_NOUNS}\b")
_INDEFINITE = regex.compile(r"(?:^|\s)an?\s(?:\p{Ll}[\p{Ll}-]*\s){0,2}$")
# "X, a new task for ...", "a task named X": the name is a task, a dataset or a setting.
_OTHER_KIND = r"(?:task|problem|benchmark|dataset|corpus|setting|challenge|competition|protocol)s?"
OTHER_KIND_AFTER = regex.compile(
    rf"\s*(?:\([^()]{{0,150}}\)\s*)?[,(:—–]\s*(?:an?|the)\s+(?:[\w-]+\s+){{0,4}}?{_OTHER_KIND}\b"
    r"(?!\s*-)"
)
# "a Machine Mental Imagery framework, dubbed as Mirage": the name comes after; the capture
# describes it.
_NAMED_AFTER = regex.compile(rf"(?:\s+{_HEAD_NOUNS})?,?\s+(?:dubbed|named|called|termed|coined)\b")
# Matched right to left from the name ((?r) and .match): a forward search tried every position
# of the text before each capture (quadratic in the text).
_OTHER_KIND_BEFORE = regex.compile(
    rf"(?r)\b{_OTHER_KIND}\s+"
    r"(?:(?:termed|dubbed|called|named|coined|known as|referred to as)\s+|,\s*)[\"“]?$"
)
# A Title Case phrase that goes on past a conjunction or preposition: the capture is only
# the first part of a longer name.
_LONGER_NAME = regex.compile(r"\s+(?:and|or|of|for|&)\s+\p{Lu}")
# "GRRMs", "LLMs": a plural acronym names a category, not one method.
PLURAL_ACRONYM = regex.compile(r"^\p{Lu}[\p{Lu}\p{N}]+s$")
_CLASS_VARIANT = regex.compile(r"^(?:\p{Ll}+|[\p{L}\p{N}]+-)(?P<cls>\p{Lu}[\p{Lu}\p{N}]+)s$")
