"""Names the rules of rules/patterns/methods.jsonl capture (proposal cues, namings,
appositives, subjects, comparisons, examples, head nouns), the model families, and the names
listed with them."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from extract.names import is_coined
from extract.nlp import FieldDoc, Tools, scan
from extract.rules import PatternRule, fold
from extract.schemas import Role
from extract.stages import Abbreviation
from extract.stages.methods.candidate import (
    CONTEXT_LABELS,
    OTHERS_LABELS,
    OWN_WORK,
    PROPOSING,
    PROPOSING_ANYWHERE,
    PROPOSING_ONLY,
    TRAILING,
    Candidate,
    tidy,
)
from extract.stages.methods.context import (
    in_other_kind_list,
    is_metric_surface,
    listed_names,
    names_a_score,
    used_as_metric,
)
from extract.stages.methods.shape import (
    DESCRIBES_NAME,
    OTHER_KIND_AFTER,
    acceptable,
    established_phrase,
    not_a_name,
    without_concept_tail,
)


def family_names(
    tools: Tools, fdoc: FieldDoc, abbreviations: list[Abbreviation]
) -> list[Candidate]:
    """Well-known model families, tried only at tokens that begin as a family can; a family
    surface that is also a metric (MAE) is skipped where the text uses it as the metric."""
    text = fdoc.clean
    families = tools.families
    out = []
    for idx, key in families.candidates(text, fdoc.starts):
        m = families.match_at(text, idx, key)
        if m:
            name = m.group().rstrip(TRAILING)
            end = idx + len(name)
            if names_a_score(tools, text, end) or (
                is_metric_surface(tools, name)
                and used_as_metric(tools, fdoc, idx, end, abbreviations)
            ):
                continue
            out.append(Candidate(name, "mentioned", fdoc, idx, end, "method.family"))
    return out


def cue_sentences(tools: Tools, fdoc: FieldDoc) -> list[tuple[int, int]]:
    """Sentences with a proposal cue, found with one pass over the text."""
    spans = []
    for rule, rx in tools.by_label["methods"].get("PROPOSE_CUE", ()):
        for m in scan(tools, rule, rx, fdoc):
            sent = fdoc.sentence_at(m.start())
            if (sent.start_char, sent.end_char) not in spans:
                spans.append((sent.start_char, sent.end_char))
    return spans


def subject_sentences(
    fdoc: FieldDoc, proposed: list[Candidate], cues: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Sentences without a proposal cue that open with a name the paper proposes, then a
    lower-case word ("GeoCFNet integrates a Token-Differentiated Fusion module"): what they
    say the proposal is built from is the paper's own too."""
    names = {c.name for c in proposed if c.fdoc is fdoc}
    if not names:
        return []
    spans = []
    for sent in fdoc.sentences:
        span = (sent.start_char, sent.end_char)
        head, _, rest = sent.text.partition(" ")
        if head in names and rest[:1].islower() and span not in cues:
            spans.append(span)
    return spans


def _names(
    rule: PatternRule,
    rx: regex.Pattern[str],
    tools: Tools,
    fdoc: FieldDoc,
    subject_taken: set[int] | None = None,
) -> Iterator[tuple[str, int]]:
    """(surface, start) of every name a rule captures. SUBJECT rules are tried at sentence
    starts, in file order, and the first that matches a sentence takes it (`subject_taken`):
    together they act as one pattern whose alternatives are the rules."""
    text = fdoc.clean
    before = tools.names_before.get(rule.id)
    if before is not None:
        for m in scan(tools, rule, rx, fdoc):
            if not _may_end_a_name(text, m.start()):
                continue  # "the proposed model": no name before the cue
            nm = before.match(text, 0, m.start())
            if nm:
                yield nm.group("name"), nm.start("name")
        return
    if rule.label == "SUBJECT":  # the subject of a sentence: only tried at sentence starts
        taken = subject_taken if subject_taken is not None else set()
        for sent in fdoc.sentences:
            if sent.start_char in taken:
                continue
            if rule.requires and not any(w in sent.text for w in rule.requires):
                continue
            m = rx.match(text, sent.start_char)
            if m:
                taken.add(sent.start_char)
                yield m.group("name"), m.start("name")
        return
    for m in scan(tools, rule, rx, fdoc):
        yield m.group("name"), m.start("name")


def _may_end_a_name(text: str, end: int) -> bool:
    """Whether a {METHOD} name can end (before spaces) at `end`: its last word holds a capital
    or a digit, or is "loss". A cheap test before the backward regex, which most cue words
    fail ("the proposed model")."""
    k = end
    while k > 0 and text[k - 1].isspace():
        k -= 1
    lo = k
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    word = text[lo:k]
    return word.endswith("loss") or any(c.isupper() or c.isnumeric() for c in word)


def pattern_names(
    tools: Tools,
    fdoc: FieldDoc,
    cues: list[tuple[int, int]],
    labels: frozenset[str] | None = None,
) -> list[Candidate]:
    """The names every rule (or only the rules of `labels`) captures in a field."""
    out = []
    text = fdoc.clean
    subject_taken: set[int] = set()
    for rule, rx in tools.regexes["methods"]:
        if rule.label in CONTEXT_LABELS or (labels is not None and rule.label not in labels):
            continue
        for surface, name_start in _names(rule, rx, tools, fdoc, subject_taken):
            if rule.label in OTHERS_LABELS:
                surface = without_concept_tail(surface, tools)
            name, shift = tidy(surface)
            start = name_start + shift
            if not acceptable(name, rule.label, tools) or not_a_name(name, start, text, rule):
                continue
            in_cue = any(s <= start < e for s, e in cues)
            own = rule.label == "NAMING" and bool(
                OWN_WORK.search(text[fdoc.sentence_at(start).start_char : start])
            )
            if rule.label in PROPOSING:
                proposing = in_cue or own or rule.label in PROPOSING_ANYWHERE
                if rule.label in PROPOSING_ONLY and (
                    not proposing or DESCRIBES_NAME.search(text, max(0, start - 80), start)
                ):
                    continue
                role: Role = "proposed" if proposing else "mentioned"
                if proposing and established_phrase(name, rule.label, tools):
                    if rule.label in PROPOSING_ONLY:
                        continue  # "integrates a Contrastive Loss": used, not introduced
                    role = "mentioned"  # "we build on Low-Rank Adaptation"
            elif rule.label == "SUBJECT":
                role = "proposed"
            else:
                role = "mentioned"
            if role == "mentioned" and " " not in name and not is_coined(name):
                continue  # "agents (Manager, Parser, ...)": a plain word is no one's method
            if rule.label == "EXAMPLE" and in_other_kind_list(tools, text, start):
                continue
            out.append(
                Candidate(name, role, fdoc, start, start + len(name), rule.id, label=rule.label)
            )
    return out


def listed(
    tools: Tools, fdoc: FieldDoc, found: list[Candidate], datasets: set[str]
) -> list[Candidate]:
    """Names listed with the mentioned names of this field (context.listed_names),
    other than the names found already and the datasets."""
    seeds = [
        (c.start, c.end)
        for c in found
        if c.fdoc is fdoc and c.role == "mentioned" and fold(c.name) not in datasets
    ]
    taken = [(c.start, c.end) for c in found if c.fdoc is fdoc]
    out = []
    for surface, name_start, rule_id in listed_names(tools, fdoc, seeds):
        name, shift = tidy(without_concept_tail(surface, tools))
        start = name_start + shift
        if any(s < start + len(name) and start < e for s, e in taken):
            continue  # "Bedrock-hosted DeepSeek v3.2" around the family name DeepSeek v3.2
        if not acceptable(name, "LIST", tools) or not any(map(is_coined, name.split())):
            continue
        if OTHER_KIND_AFTER.match(fdoc.clean, start + len(name)):
            continue
        if in_other_kind_list(tools, fdoc.clean, start):
            continue
        out.append(Candidate(name, "mentioned", fdoc, start, start + len(name), rule_id))
    return out
