"""Method names: what the paper proposes, and the named methods it mentions.

Proposed: names introduced with a cue (we propose / termed / dubbed / "NAME (ours)" / "our
NAME"), a title "NAME: subtitle", abbreviations defined in a proposal sentence, Title Case
component names a proposal sentence introduces ("a Depth-Aware Fusion Block"), and the name
the abstract makes the subject of its claims. Existing methods stay out: acronym/long-form
pairs many papers define alike (rules/established_acronyms.tsv) and, for component names,
phrases many papers write (rules/established_phrases.txt). Mentioned: well-known model families
(rules/model_families.jsonl), abbreviations with a capitalised long form, and coined names
next to comparison cues (outperforms X, such as X, the X backbone). Concept acronyms in
rules/not_methods.txt are never names.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import regex

from extract.method_context import (
    is_metric_surface,
    listed_names,
    names_a_score,
    used_as_metric,
)
from extract.method_identity import method_key
from extract.names import ADJECTIVE, METHOD_HEADS, is_capitalised, is_coined
from extract.nlp import FieldDoc, Tools, scan
from extract.rules import PatternRule, fold, long_form_key
from extract.schemas import FieldName, Method, Role
from extract.spans import Spans
from extract.stages import Abbreviation, Found, Mention, PaperDoc
from extract.text import strip_markup

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
_TITLE_CASE_OK = frozenset({"PROPOSE_NAME", "NAMING", "OURS", "OUR", "OWN_APPOSITIVE", "COMPONENT"})
_PROPOSING = frozenset({"PROPOSE_NAME", "NAMING", "OURS", "OUR", "OWN_APPOSITIVE", "COMPONENT"})
# Rules whose names are only kept where the paper proposes: a Title Case component phrase
# outside a proposal sentence is as often someone else's ("a Graph Attention Network").
_PROPOSING_ONLY = frozenset({"COMPONENT"})
# Rules that find other people's methods (baselines, examples, backbones, list members): a
# name they capture is never described with "X-based", nor ends with a concept ("Driving
# VLA"), while a proposal's long form may ("Hierarchical Modality-Aware Pruning").
_OTHERS_LABELS = frozenset({"COMPARE", "EXAMPLE", "HEAD", "LIST"})
# Rules that propose a name wherever they fire, without a proposal verb in the sentence.
_PROPOSING_ANYWHERE = frozenset({"OURS", "OUR", "OWN_APPOSITIVE"})
_DATA_SUBTITLE = regex.compile(
    r"(?i)^\s*[:–—-]\s*(?:benchmarking\b|(?:an?\s+|the\s+)?(?:[\w-]+,?\s+){0,6}?"
    r"(?:dataset|benchmark|corpus|suite|testbed|leaderboard|collection)s?\b)"
)
_TITLE_NAME = regex.compile(r"^\s*(?P<name>[^:–—]{2,60}?)\s*(?::|\s[–—-]\s)\s*\S")
_DATA_WORDS = regex.compile(r"(?i)(?:DB|Bench|Benchmark|Dataset|Data|Corpus|Arena|Eval|Set)$")
_TRAILING = " ,.;:)\"”'’"
# Labels of rules that read the words around a name found otherwise (method_context.py).
_CONTEXT_LABELS = frozenset(
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
_OWN_WORK = regex.compile(
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


def _tidy(surface: str) -> tuple[str, int]:
    """Drop leading function words and trailing punctuation; return name and its offset shift."""
    words = surface.split(" ")
    shift = 0
    while len(words) > 1 and words[0] in _LEADING:
        shift += len(words[0]) + 1
        words = words[1:]
    if (plain := _PLAIN_PREFIX.match(words[0])) is not None:
        shift += plain.end()
        words[0] = words[0][plain.end() :]
    name = _TRAILING_WORDS.sub("", " ".join(words).rstrip(_TRAILING))
    return name.rstrip(_TRAILING), shift


def _acceptable(name: str, label: str, tools: Tools) -> bool:
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
    if ADJECTIVE.search(words[-1]) or _PLURAL_ACRONYM.match(clean):
        return False
    variant = _CLASS_VARIANT.match(clean)
    if variant and variant.group("cls") in tools.rules.not_methods:
        return False  # "cLLMs", "D-LLMs": a kind of a model class, not one model
    if label in _OTHERS_LABELS and not _others_name(words, tools):
        return False
    if clean.rstrip("s") in tools.rules.not_methods or fold(clean) in tools.rules.metric_by_key:
        return False
    coined = [w for w in words if is_coined(w)]
    if len(words) == 1:
        if coined:
            return True
        return label in ("NAMING", "OURS", "PROPOSE_NAME") and is_capitalised(clean)
    if label in _TITLE_CASE_OK:
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


def _family_names(
    tools: Tools, fdoc: FieldDoc, abbreviations: list[Abbreviation]
) -> list[Candidate]:
    """Well-known model families, tried only at tokens that begin as a family can; a family
    surface that is also a metric (MAE) is skipped where the text uses it as the metric."""
    text = fdoc.clean
    families = tools.families
    out = []
    for idx, key in families.candidates(text, fdoc.starts):
        m = families.get(key).match(text, idx)
        if m:
            name = m.group().rstrip(_TRAILING)
            end = idx + len(name)
            if names_a_score(tools, text, end) or (
                is_metric_surface(tools, name)
                and used_as_metric(tools, fdoc, idx, end, abbreviations)
            ):
                continue
            out.append(Candidate(name, "mentioned", fdoc, idx, end, "method.family"))
    return out


def _cue_sentences(tools: Tools, fdoc: FieldDoc) -> list[tuple[int, int]]:
    """Sentences with a proposal cue, found with one pass over the text."""
    spans = []
    for rule, rx in tools.by_label["methods"].get("PROPOSE_CUE", ()):
        for m in scan(tools, rule, rx, fdoc):
            sent = fdoc.sentence_at(m.start())
            if (sent.start_char, sent.end_char) not in spans:
                spans.append((sent.start_char, sent.end_char))
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


def _pattern_names(tools: Tools, fdoc: FieldDoc, cues: list[tuple[int, int]]) -> list[Candidate]:
    out = []
    text = fdoc.clean
    subject_taken: set[int] = set()
    for rule, rx in tools.regexes["methods"]:
        if rule.label in _CONTEXT_LABELS:
            continue
        for surface, name_start in _names(rule, rx, tools, fdoc, subject_taken):
            if rule.label in _OTHERS_LABELS:
                surface = _without_concept_tail(surface, tools)
            name, shift = _tidy(surface)
            start = name_start + shift
            if not _acceptable(name, rule.label, tools) or _not_a_name(name, start, text, rule):
                continue
            in_cue = any(s <= start < e for s, e in cues)
            own = rule.label == "NAMING" and bool(
                _OWN_WORK.search(text[fdoc.sentence_at(start).start_char : start])
            )
            if rule.label in _PROPOSING:
                proposing = in_cue or own or rule.label in _PROPOSING_ANYWHERE
                if rule.label in _PROPOSING_ONLY and (
                    not proposing or _DESCRIBES_NAME.search(text, max(0, start - 80), start)
                ):
                    continue
                role: Role = "proposed" if proposing else "mentioned"
                if proposing and _established_phrase(name, rule.label, tools):
                    if rule.label in _PROPOSING_ONLY:
                        continue  # "integrates a Contrastive Loss": used, not introduced
                    role = "mentioned"  # "we build on Low-Rank Adaptation"
            elif rule.label == "SUBJECT":
                role = "proposed"
            else:
                role = "mentioned"
            if role == "mentioned" and " " not in name and not is_coined(name):
                continue  # "agents (Manager, Parser, ...)": a plain word is no one's method
            if rule.label == "EXAMPLE" and _in_other_kind_list(tools, text, start):
                continue
            out.append(
                Candidate(name, role, fdoc, start, start + len(name), rule.id, label=rule.label)
            )
    return out


def _without_concept_tail(surface: str, tools: Tools) -> str:
    """A name less a concept word at its end ("Driving VLA", "Alama Health QA": what is
    left must be a name on its own)."""
    head, _, last = surface.rstrip(_TRAILING).rpartition(" ")
    return head if head and last in tools.rules.not_methods else surface


def _in_other_kind_list(tools: Tools, text: str, start: int) -> bool:
    """The name at `start` is a member of a list of datasets, tasks, metrics ... (rule
    method.other_kind_list: "datasets such as DLC-2021, SynID")."""
    return any(
        rx.match(text, max(0, start - 300), start)
        for _, rx in tools.by_label["methods"].get("OTHER_KIND_LIST", ())
    )


def _listed(
    tools: Tools, fdoc: FieldDoc, found: list[Candidate], datasets: set[str]
) -> list[Candidate]:
    """Names listed with the mentioned names of this field (method_context.listed_names),
    other than the names found already and the datasets."""
    seeds = [
        (c.start, c.end)
        for c in found
        if c.fdoc is fdoc and c.role == "mentioned" and fold(c.name) not in datasets
    ]
    taken = [(c.start, c.end) for c in found if c.fdoc is fdoc]
    out = []
    for surface, name_start, rule_id in listed_names(tools, fdoc, seeds):
        name, shift = _tidy(_without_concept_tail(surface, tools))
        start = name_start + shift
        if any(s < start + len(name) and start < e for s, e in taken):
            continue  # "Bedrock-hosted DeepSeek v3.2" around the family name DeepSeek v3.2
        if not _acceptable(name, "LIST", tools) or not any(map(is_coined, name.split())):
            continue
        if _OTHER_KIND_AFTER.match(fdoc.clean, start + len(name)):
            continue
        if _in_other_kind_list(tools, fdoc.clean, start):
            continue
        out.append(Candidate(name, "mentioned", fdoc, start, start + len(name), rule_id))
    return out


def _not_a_name(name: str, start: int, text: str, rule: PatternRule) -> bool:
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
    if rule.label in _PROPOSING and _DATA_WORDS.search(name):
        return True  # "the QualiSpeech Benchmark": a dataset (benchmark stage)
    if rule.label == "PROPOSE_NAME" and _NAMED_AFTER.match(text, end):
        return True
    return bool(_OTHER_KIND_AFTER.match(text, end) or _OTHER_KIND_BEFORE.search(text, 0, start))


def _established_phrase(name: str, label: str, tools: Tools) -> bool:
    """A phrase of several words that many papers define as an existing method's long form,
    or, for the weak component cue, write as a component of their own
    (rules/established_phrases.txt: Contrastive Loss)."""
    if " " not in name:
        return False
    key = long_form_key(name)
    if key in tools.rules.established_by_long:
        return True
    return label in _PROPOSING_ONLY and key in tools.rules.established_phrases


def _strongly_coined(word: str) -> bool:
    """Coined, and more than a short all-caps acronym (RGB, LLM name things, not methods)."""
    return is_coined(word) and not (word.isupper() and len(word) <= 4)


# A lowercase word (not a function word) right after a plain capitalised word.
_NOUN_AFTER = regex.compile(
    r" (?!(?:as|to|for|which|that|and|or|in|on|with|is|are|was|by|from|at|of|can|achieves|"
    r"outperforms|improves|uses|yields|enables|shows|provides|consists|combines)\b)\p{Ll}"
)
# "we propose CAT, a Cross-scale Aligned Transformer": the Title Case phrase spells out the
# name before it (its expansion), it is not a second method.
_DESCRIBES_NAME = regex.compile(
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
_OTHER_KIND_AFTER = regex.compile(
    rf"\s*(?:\([^()]{{0,150}}\)\s*)?[,(:—–]\s*(?:an?|the)\s+(?:[\w-]+\s+){{0,4}}?{_OTHER_KIND}\b"
    r"(?!\s*-)"
)
# "a Machine Mental Imagery framework, dubbed as Mirage": the name comes after; the capture
# describes it.
_NAMED_AFTER = regex.compile(rf"(?:\s+{_HEAD_NOUNS})?,?\s+(?:dubbed|named|called|termed|coined)\b")
_OTHER_KIND_BEFORE = regex.compile(
    rf"\b{_OTHER_KIND}\s+(?:(?:termed|dubbed|called|named|coined|known as|referred to as)\s+|,\s*)"
    r"[\"“]?$"
)
# A Title Case phrase that goes on past a conjunction or preposition: the capture is only
# the first part of a longer name.
_LONGER_NAME = regex.compile(r"\s+(?:and|or|of|for|&)\s+\p{Lu}")
# "GRRMs", "LLMs": a plural acronym names a category, not one method.
_PLURAL_ACRONYM = regex.compile(r"^\p{Lu}[\p{Lu}\p{N}]+s$")
_CLASS_VARIANT = regex.compile(r"^(?:\p{Ll}+|[\p{L}\p{N}]+-)(?P<cls>\p{Lu}[\p{Lu}\p{N}]+)s$")


def _abbreviation_names(
    found: Found,
    tools: Tools,
    cues: Mapping[FieldName, list[tuple[int, int]]],
    proposed: list[Candidate],
) -> list[Candidate]:
    out = []
    proposed_spans = [(c.fdoc.name, c.start) for c in proposed]
    # Names proposed anywhere, with the short forms of proposed long forms (UM for Uniform
    # Masking): a sentence that speaks of one of them speaks of the paper's own work.
    long_to_short = {fold(a.long): a.short for a in found.abbreviations}
    proposed_names = {c.name for c in proposed} | {
        long_to_short[fold(c.name)] for c in proposed if fold(c.name) in long_to_short
    }
    for ab in found.abbreviations:
        short, long = ab.short, ab.long
        if short in tools.rules.not_methods or short.rstrip("s") in tools.rules.not_methods:
            continue
        if _PLURAL_ACRONYM.match(short):
            continue  # "Large Reasoning Models (LRMs)": a category
        if long.lower() in tools.rules.not_methods_lower or ADJECTIVE.search(long.split()[-1]):
            continue
        sent = ab.field.sentence_at(ab.short_start)
        before = ab.field.clean[sent.start_char : min(ab.long_start, ab.short_start)]
        in_cue = any(s <= ab.short_start < e for s, e in cues.get(ab.field.name, []))
        # A component defined where the paper speaks of its own work is proposed too:
        # "UM includes a Uniform Sampling (US)", "our ... Adaptive Density Module (ADM)".
        own = (
            bool(_OWN_WORK.search(before))
            or any(
                f == ab.field.name and sent.start_char <= s < ab.long_start
                for f, s in proposed_spans
            )
            or any(_word_in(name, before) for name in proposed_names)
        )
        if len(long.split()) == 1 and is_coined(long):
            # The long form is itself the coined name: RecursiveMix (RM).
            name, start, end, long_form = long, ab.long_start, ab.long_end, None
        else:
            name, start, end, long_form = short, ab.short_start, ab.short_end, long
        head = long.split()[-1].lower().split("-")[-1]
        methodish = head in METHOD_HEADS or any(_strongly_coined(w) for w in long.split())
        # Defined as many papers define it ("Monte Carlo Tree Search (MCTS)"): an existing
        # method this paper uses, not its contribution.
        established = long_form_key(long) in tools.rules.established.get(short, {})
        if (in_cue or own) and methodish and not established:
            role: Role = "proposed"
        elif methodish and all(
            is_capitalised(w) or is_coined(w) for w in long.split() if len(w) > 3
        ):
            role = "mentioned"
        else:
            continue
        out.append(Candidate(name, role, ab.field, start, end, "method.abbreviation", long_form))
    return out


def _word_in(name: str, text: str) -> bool:
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


def _title_dataset(doc: PaperDoc) -> str | None:
    """The folded name of a "NAME: A ... Benchmark for ..." title: a dataset paper's dataset,
    which no rule of this stage should propose as a method."""
    title = doc.title
    m = _TITLE_NAME.match(title.clean) if title is not None else None
    if m is None or title is None:
        return None
    name = _tidy(m.group("name"))[0]
    if name and (_DATA_WORDS.search(name) or _DATA_SUBTITLE.match(title.clean[m.end("name") :])):
        return fold(name)
    return None


def _title_name(doc: PaperDoc, tools: Tools, dataset_title: str | None) -> list[Candidate]:
    title = doc.title
    if title is None or dataset_title is not None:
        return []
    m = _TITLE_NAME.match(title.clean)
    if not m:
        return []
    name, shift = _tidy(m.group("name"))
    if not name:
        return []
    words = name.split()
    in_abstract = _word_in(name, doc.abstract.clean)
    coined = any(is_coined(w) for w in words)
    if len(words) > 3 or not (coined or (in_abstract and len(words) == 1)):
        return []
    if not _acceptable(name, "NAMING", tools):
        return []
    start = m.start("name") + shift
    return [Candidate(name, "proposed", title, start, start + len(name), "method.title")]


def _decide(
    key: str, group: list[Candidate], families: set[str], established: frozenset[str]
) -> Candidate:
    """One row per name: strong proposal evidence wins; a sentence subject proposes a name
    only when nothing marks it as a known model or a baseline."""
    strong = [c for c in group if c.role == "proposed" and c.label != "SUBJECT"]
    if key in families:
        strong = [c for c in strong if c.rule_id == "method.title"]
    baseline = any(c.role == "mentioned" for c in group) or key in families or key in established
    subject = [c for c in group if c.label == "SUBJECT"]
    if strong:
        pick = min(strong, key=lambda c: (c.fdoc.name != "title", c.start))
    elif subject and not baseline:
        pick = min(subject, key=lambda c: c.start)
    else:
        pick = min(group, key=lambda c: (c.fdoc.name != "title", c.start))
        pick.role = "mentioned"
    pick.long_form = pick.long_form or next((c.long_form for c in group if c.long_form), None)
    return pick


def _own_variants(doc: PaperDoc, tools: Tools, candidates: list[Candidate]) -> list[Candidate]:
    """Variants of the coined names the paper proposes (rule method.own_variant: EEMFlow+,
    QYOLOv8n), wherever the text writes them."""
    own = {c.name for c in candidates if c.role == "proposed" and c.label != "SUBJECT"}
    rules = tools.by_label["methods"].get("OWN_VARIANT", [])
    out = []
    for name in sorted(n for n in own if " " not in n and is_coined(n)):
        for fdoc in doc.fields:
            text = fdoc.clean
            at = text.find(name)
            while at >= 0:
                end = at + len(name)
                if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "-"):
                    for rule, rx in rules:
                        if m := rx.match(text, end):
                            variant = text[at : m.end()]
                            out.append(
                                Candidate(
                                    variant,
                                    "proposed",
                                    fdoc,
                                    at,
                                    m.end(),
                                    rule.id,
                                    label="OWN_VARIANT",
                                )
                            )
                at = text.find(name, end)
    return out


def _short_form_after(
    cand: Candidate, abbreviations: list[Abbreviation], tools: Tools
) -> str | None:
    """The short form defined right after the candidate when the candidate holds its long
    form: "Efficient Event-based MeshFlow (EEMFlow)", whose letters Schwartz & Hearst match
    in "Event-based MeshFlow" only. Not a concept's or an established method's acronym
    ("a Bayesian Variational Autoencoder (VAE)", "Locality-Sensitive Hashing (LSH)")."""
    if cand.rule_id == "method.abbreviation" or " " not in cand.name:
        return None
    for ab in abbreviations:
        if (
            ab.field is cand.fdoc
            and ab.long_end == cand.end
            and cand.start < ab.long_start
            and " " in ab.long
            and ab.short_start > ab.long_end
            and len(ab.short) > 2
            and ab.short not in tools.rules.not_methods
            and long_form_key(ab.long) not in tools.rules.established.get(ab.short, {})
        ):
            return ab.short
    return None


class _Containers:
    """Spans (field, start, end) of longer names, long forms or datasets, by field."""

    def __init__(self, spans: Iterable[tuple[str, int, int]]):
        self._by_field: dict[str, Spans] = {}
        for f, s, e in spans:
            self._by_field.setdefault(f, Spans()).add(s, e)

    def hold(self, cand: Candidate, strictly: bool) -> bool:
        """Whether one holds the candidate and is longer, or, unless `strictly`, is the
        same span (a family name that is a dataset's mention)."""
        spans = self._by_field.get(cand.fdoc.name)
        return spans is not None and spans.holds(cand.start, cand.end, strictly)


def _without_bare_families(chosen: list[Candidate], tools: Tools) -> list[Candidate]:
    """Drop a family's bare name ("on Llama") that a sentence uses after an earlier one
    wrote the model with its version or size ("Llama 3.1 8B"): the same model said short.
    In one sentence ("adapt SAM and SAM2") or before it ("PVT, Swin ... Swin-Large") the two
    are different models."""
    family_of = tools.families.family_of
    named = [(family_of(c.name), fold(c.name), c) for c in chosen]
    out = []
    for cand in chosen:
        name = fold(cand.name)
        family = family_of(cand.name)
        if (
            cand.role == "mentioned"
            and family is not None
            and not any(ch.isdigit() for ch in name)
            and any(
                f == family and k != name and k.startswith(name) and _said_before(other, cand)
                for f, k, other in named
            )
        ):
            continue
        out.append(cand)
    return out


def _said_before(first: Candidate, then: Candidate) -> bool:
    """`first` comes in an earlier sentence of the same field than `then`."""
    if first.fdoc is not then.fdoc:
        return first.fdoc.name == "title"
    return first.fdoc.sentence_at(first.start).end_char <= then.start


def extract(doc: PaperDoc, found: Found, tools: Tools) -> list[Method]:
    cues = {f.name: _cue_sentences(tools, f) for f in doc.fields}
    dataset_title = _title_dataset(doc)
    candidates: list[Candidate] = _title_name(doc, tools, dataset_title)
    datasets = {fold(b.name) for b in found.benchmarks} | {
        fold(b.mention) for b in found.benchmarks
    }
    for fdoc in doc.fields:
        found_here = _pattern_names(tools, fdoc, cues[fdoc.name])
        found_here += _family_names(tools, fdoc, found.abbreviations)
        candidates += found_here + _listed(tools, fdoc, found_here, datasets)
    proposed = [c for c in candidates if c.role == "proposed" and c.label != "SUBJECT"]
    candidates += _abbreviation_names(found, tools, cues, proposed)
    candidates += _own_variants(doc, tools, candidates)

    families = {fold(c.name) for c in candidates if c.rule_id == "method.family"}
    long_to_short = {
        fold(a.long): a.short for a in found.abbreviations if not is_coined(a.long) or " " in a.long
    }
    short_to_long = {fold(a.short): a.long for a in found.abbreviations}
    coined_long = {fold(a.short): a.long for a in found.abbreviations if is_coined(a.long)}

    long_spans = _Containers(
        [(a.field.name, a.long_start, a.long_end) for a in found.abbreviations]
    )
    # Spans a name inside them is part of: a longer name ("R-CNN" of "Faster R-CNN", "Swin"
    # of "Swin-UNetr") or a dataset ("VGG" of "VGG-Sound").
    longer = _Containers([(c.fdoc.name, c.start, c.end) for c in candidates])
    datasets_at = _Containers([(b.field, b.start, b.end) for b in found.benchmark_mentions])
    by_key: dict[str, list[Candidate]] = {}
    for cand in candidates:
        if cand.rule_id != "method.abbreviation" and long_spans.hold(cand, strictly=True):
            continue  # "Curriculum Temperature" inside "Curriculum Temperature for ... (CTKD)"
        if longer.hold(cand, strictly=True) or datasets_at.hold(cand, strictly=False):
            continue
        name = strip_markup(cand.name)
        key = fold(name)
        short = long_to_short.get(key) or _short_form_after(cand, found.abbreviations, tools)
        if short is not None:  # "Revisiting Prompt Pretraining" is RPP's long form
            cand.long_form = cand.long_form or name
            name = short
            key = fold(name)
        if key in coined_long and " " not in coined_long[key]:  # RM -> RecursiveMix
            name = coined_long[key]
            key = fold(name)
        if key in datasets or key == dataset_title:
            continue
        cand.name = name
        if cand.long_form is None and key in short_to_long and fold(short_to_long[key]) != key:
            cand.long_form = short_to_long[key]
        by_key.setdefault(key, []).append(cand)

    established = tools.rules.established_keys
    chosen = _without_bare_families(
        [_decide(key, group, families, established) for key, group in by_key.items()], tools
    )
    for group in by_key.values():
        for cand in group:
            found.method_mentions.append(Mention(cand.fdoc.name, cand.start, cand.end, cand.name))
    methods = []
    for cand in sorted(chosen, key=lambda c: (c.fdoc.name != "title", c.start)):
        methods.append(
            Method(
                name=cand.name,
                long_form=cand.long_form,
                role=cand.role,
                method_key=method_key(
                    cand.name, cand.long_form, cand.role, doc.paper.paper_id, tools
                ),
                **doc.provenance(cand.fdoc, cand.start, cand.end, cand.rule_id),
            )
        )
    return methods
