"""Methods defined as abbreviations ("Long Form (LF)"): proposed where the paper speaks of
its own work, mentioned otherwise, never when many papers define the pair alike
(rules/established_acronyms.tsv); and the short form a proposed long form is known by."""

from __future__ import annotations

from collections.abc import Mapping

from extract.names import ADJECTIVE, METHOD_HEADS, is_capitalised, is_coined
from extract.nlp import Tools
from extract.rules import fold, long_form_key
from extract.schemas import FieldName, Role
from extract.stages import Abbreviation, Found
from extract.stages.methods.candidate import OWN_WORK, Candidate, word_in
from extract.stages.methods.shape import PLURAL_ACRONYM, strongly_coined


def abbreviation_names(
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
        if PLURAL_ACRONYM.match(short):
            continue  # "Large Reasoning Models (LRMs)": a category
        if long.lower() in tools.rules.not_methods_lower or ADJECTIVE.search(long.split()[-1]):
            continue
        sent = ab.field.sentence_at(ab.short_start)
        before = ab.field.clean[sent.start_char : min(ab.long_start, ab.short_start)]
        in_cue = any(s <= ab.short_start < e for s, e in cues.get(ab.field.name, []))
        # A component defined where the paper speaks of its own work is proposed too:
        # "UM includes a Uniform Sampling (US)", "our ... Adaptive Density Module (ADM)".
        own = (
            bool(OWN_WORK.search(before))
            or any(
                f == ab.field.name and sent.start_char <= s < ab.long_start
                for f, s in proposed_spans
            )
            or any(word_in(name, before) for name in proposed_names)
        )
        if len(long.split()) == 1 and is_coined(long):
            # The long form is itself the coined name: RecursiveMix (RM).
            name, start, end, long_form = long, ab.long_start, ab.long_end, None
        else:
            name, start, end, long_form = short, ab.short_start, ab.short_end, long
        head = long.split()[-1].lower().split("-")[-1]
        methodish = head in METHOD_HEADS or any(strongly_coined(w) for w in long.split())
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


def short_form_after(
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
