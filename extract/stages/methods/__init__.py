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

The modules, in the order a paper meets them: `candidate` (a found name and its tidying),
`shape` (whether a capture is shaped like a name), `patterns` (the rules' captures, the model
families, list members), `context` (lists, metric uses, own variants), `title`, `defined`
(abbreviations), `choose` (one row per name).
"""

from __future__ import annotations

from extract.method_identity import method_key
from extract.names import is_coined
from extract.nlp import Tools
from extract.rules import fold
from extract.schemas import Method
from extract.stages import Found, Mention, PaperDoc
from extract.stages.methods.candidate import PROPOSING_ONLY, Candidate
from extract.stages.methods.choose import Containers, decide, without_bare_families
from extract.stages.methods.context import own_variants
from extract.stages.methods.defined import abbreviation_names, short_form_after
from extract.stages.methods.patterns import (
    cue_sentences,
    family_names,
    listed,
    pattern_names,
    subject_sentences,
)
from extract.stages.methods.title import title_dataset, title_name
from extract.text import strip_markup


def extract(doc: PaperDoc, found: Found, tools: Tools) -> list[Method]:
    candidates, dataset_title = _candidates(doc, found, tools)
    # the family names as found, before _by_name renames a candidate to its acronym
    families = {fold(c.name) for c in candidates if c.rule_id == "method.family"}
    by_key = _by_name(candidates, found, tools, dataset_title)
    established = tools.rules.established_keys
    chosen = without_bare_families(
        [decide(key, group, families, established) for key, group in by_key.items()], tools
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


def _candidates(doc: PaperDoc, found: Found, tools: Tools) -> tuple[list[Candidate], str | None]:
    """Every name any source finds, in every field, and the title's dataset name if any."""
    cues = {f.name: cue_sentences(tools, f) for f in doc.fields}
    dataset_title = title_dataset(doc)
    candidates: list[Candidate] = title_name(doc, tools, dataset_title)
    datasets = _dataset_keys(found)
    for fdoc in doc.fields:
        found_here = pattern_names(tools, fdoc, cues[fdoc.name])
        found_here += family_names(tools, fdoc, found.abbreviations)
        candidates += found_here + listed(tools, fdoc, found_here, datasets)
    proposed = [c for c in candidates if c.role == "proposed" and c.label != "SUBJECT"]
    for fdoc in doc.fields:
        if own := subject_sentences(fdoc, proposed, cues[fdoc.name]):
            candidates += pattern_names(tools, fdoc, own, labels=PROPOSING_ONLY)
    candidates += abbreviation_names(found, tools, cues, proposed)
    candidates += own_variants(doc, tools, candidates)
    return candidates, dataset_title


def _dataset_keys(found: Found) -> set[str]:
    return {fold(b.name) for b in found.benchmarks} | {fold(b.mention) for b in found.benchmarks}


def _by_name(
    candidates: list[Candidate], found: Found, tools: Tools, dataset_title: str | None
) -> dict[str, list[Candidate]]:
    """The candidates by the key of the name they stand for (an acronym for its long form, a
    coined long form for its acronym), less those held in a longer name, a long form or a
    dataset mention, and the datasets."""
    abbreviations = found.abbreviations
    long_to_short = {
        fold(a.long): a.short for a in abbreviations if not is_coined(a.long) or " " in a.long
    }
    short_to_long = {fold(a.short): a.long for a in abbreviations}
    coined_long = {fold(a.short): a.long for a in abbreviations if is_coined(a.long)}
    datasets = _dataset_keys(found)
    long_spans = Containers([(a.field.name, a.long_start, a.long_end) for a in abbreviations])
    # Spans a name inside them is part of: a longer name ("R-CNN" of "Faster R-CNN", "Swin"
    # of "Swin-UNetr") or a dataset ("VGG" of "VGG-Sound").
    longer = Containers([(c.fdoc.name, c.start, c.end) for c in candidates])
    datasets_at = Containers([(b.field, b.start, b.end) for b in found.benchmark_mentions])
    by_key: dict[str, list[Candidate]] = {}
    for cand in candidates:
        if cand.rule_id != "method.abbreviation" and long_spans.hold(cand, strictly=True):
            continue  # "Curriculum Temperature" inside "Curriculum Temperature for ... (CTKD)"
        if longer.hold(cand, strictly=True) or datasets_at.hold(cand, strictly=False):
            continue
        name = strip_markup(cand.name)
        key = fold(name)
        short = long_to_short.get(key) or short_form_after(cand, abbreviations, tools)
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
    return by_key
