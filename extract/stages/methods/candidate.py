"""A method name as a rule finds it, tidied, and the rule labels the stage reasons with."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extract.nlp import FieldDoc
from extract.schemas import Role

_LEADING = frozenset(
    [
        "The",
        "A",
        "An",
        "Our",
        "Its",
        "This",
        "These",
        "That",
        "Their",
        "Each",
        "Both",
        "Then",
        "Moreover",
        "Notably",
        "Finally",
        "Further",
        "Furthermore",
        "Specifically",
        "Additionally",
        "Overall",
        "Here",
        "Thus",
        "Hence",
        "New",
        "Novel",
        "Based",
        # subordinators: "While CLIP is ..." has CLIP, not "While CLIP", as its subject
        "While",
        "Whereas",
        "Although",
        "Though",
        "Since",
        "Because",
        "When",
        "Once",
        "If",
        "Unlike",
        "Like",
    ]
)
# Rules whose capture may be a multi-word Title Case phrase (Progressive Merge); the others
# need a coined word in the name, since capitalised prose after them is usually not a name.
TITLE_CASE_OK = frozenset({"PROPOSE_NAME", "NAMING", "OURS", "OUR", "OWN_APPOSITIVE", "COMPONENT"})
PROPOSING = frozenset({"PROPOSE_NAME", "NAMING", "OURS", "OUR", "OWN_APPOSITIVE", "COMPONENT"})
# Rules whose names are only kept where the paper proposes: a Title Case component phrase
# outside a proposal sentence is as often someone else's ("a Graph Attention Network").
PROPOSING_ONLY = frozenset({"COMPONENT"})
# Rules that find other people's methods (baselines, examples, backbones, list members): a
# name they capture is never described with "X-based", nor ends with a concept ("Driving
# VLA"), while a proposal's long form may ("Hierarchical Modality-Aware Pruning").
OTHERS_LABELS = frozenset({"COMPARE", "EXAMPLE", "HEAD", "LIST"})
# Rules that propose a name wherever they fire, without a proposal verb in the sentence.
PROPOSING_ANYWHERE = frozenset({"OURS", "OUR", "OWN_APPOSITIVE"})
TRAILING = " ,.;:)\"”'’"
# Labels of rules that read the words around a name found otherwise (context.py).
CONTEXT_LABELS = frozenset(
    {
        "PROPOSE_CUE",
        "LIST_AFTER",
        "LIST_BEFORE",
        "METRIC_USE_AFTER",
        "METRIC_USE_BEFORE",
        "OTHER_KIND_LIST",
        "METRIC_USE_SCORE",
        "OWN_VARIANT",
    }
)
# "vanilla-GRPO", "standard-LoRA": the method itself, as the baseline setting of it.
_PLAIN_PREFIX = regex.compile(r"^(?:vanilla|standard|original|naive|plain)-(?=\p{Lu})")
_TRAILING_WORDS = regex.compile(r"(?:\s+(?:and|or|of|for|with|in|on|to|the|a|an|via|by))+$")
OWN_WORK = regex.compile(
    r"(?i)\b(?:we|our|the proposed"
    r"|this (?:model|framework|method|approach|system|paper|work|design)"
    r"|the (?:model|framework|method|approach|system) (?:also |further )?(?:deploys|uses|employs|"
    r"consists|comprises|includes|contains|introduces|incorporates|integrates))\b"
)


@dataclass
class Candidate:
    name: str
    role: Role
    fdoc: FieldDoc
    start: int
    end: int
    rule_id: str
    long_form: str | None = None
    label: str = ""  # the cue's label (SUBJECT, NAMING, ...); empty for other sources


def tidy(surface: str) -> tuple[str, int]:
    """Drop leading function words and trailing punctuation; return name and its offset shift."""
    words = surface.split(" ")
    shift = 0
    while len(words) > 1 and words[0] in _LEADING:
        shift += len(words[0]) + 1
        words = words[1:]
    if (plain := _PLAIN_PREFIX.match(words[0])) is not None:
        shift += plain.end()
        words[0] = words[0][plain.end() :]
    name = _TRAILING_WORDS.sub("", " ".join(words).rstrip(TRAILING))
    return name.rstrip(TRAILING), shift


def word_in(name: str, text: str) -> bool:
    """`name` occurs in `text` as a whole word (no regex compiled per title)."""
    start = text.find(name)
    while start >= 0:
        end = start + len(name)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "-") and not (after.isalnum() or after == "-"):
            return True
        start = text.find(name, start + 1)
    return False
