"""The spaCy pipeline and every compiled matcher, built once per process from `rules/`.

A blank English tokenizer (nothing downloaded) that keeps hyphenated ML names (UM-MAE,
Add-SD, ResNet-50) as one token; sentences are split as spaCy's sentencizer splits them, but
over the token texts we already hold (running the component cost a Python object per token).
Registries become `Lexicon`s: a walk over folded tokens with a prefix set, so lookup cost
does not grow with registry size.
"""

from __future__ import annotations

import string
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress, count, pairwise
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

import ahocorasick
import regex
import spacy
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from extract.rules import ModelFamily, PatternRule, Rules, fold
from extract.schemas import FieldName
from extract.text import CleanText, clean_text
from extract.units import UnitIndex


class _Surfaced(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def case_sensitive(self) -> bool: ...


E = TypeVar("E", bound=_Surfaced)

# Macros usable inside regex rules: {NAME} is a capitalised or coined name of up to 4 words.
_NAME_WORD = r"[\p{Lu}\p{N}][\p{L}\p{N}+\-]*(?:[./][\p{L}\p{N}+\-]+)*"
# {METHOD} also takes lowercase-initial coined words (t-SNE, nnU-Net), a version and "loss".
_METHOD_WORD = (
    r"(?:[\p{Lu}\p{N}]|\p{Ll}[\p{Ll}\p{N}\-]*[\p{Lu}\p{N}])"
    r"[\p{L}\p{N}+\-]*(?:[./][\p{L}\p{N}+\-]+)*"
)
# Names start at a word start: the engine then never tries them from inside a word.
_START = r"(?<![\p{L}\p{N}\-])"
_VERSION_LOSS = r"(?: v\d+(?:\.\d+)?)?(?: loss)?"
# {METHOD_ATOMIC} matches what {METHOD} matches where the rule goes on with a space or a
# comma, which no word can end with: its words never give characters back, which spares the
# engine a retry at each character of each word whenever the rest fails (the rules that
# open a sentence with a name are tried at every sentence of every abstract).
MACROS = {
    "{NAME}": rf"{_START}{_NAME_WORD}(?: {_NAME_WORD}){{0,3}}",
    "{METHOD}": rf"{_START}{_METHOD_WORD}(?: {_METHOD_WORD}){{0,4}}{_VERSION_LOSS}",
    "{METHOD_ATOMIC}": rf"{_START}(?>{_METHOD_WORD})(?: (?>{_METHOD_WORD})){{0,4}}{_VERSION_LOSS}",
}


def expand_macros(pattern: str) -> str:
    for macro, body in MACROS.items():
        pattern = pattern.replace(macro, body)
    return pattern


# Longest registry surface, in tokens; a walk never extends further.
_MAX_WALK = 8


@dataclass(frozen=True)
class LexiconMatch(Generic[E]):
    entry: E
    surface: str  # the registry surface that matched
    start: int  # token indices in the Doc
    end: int


_BREAKS = regex.compile(r"[\s\-_~]+")
_LETTER_SPACE = regex.compile(r"(?<=\p{L})\s+(?=\p{L})")


def _same_word_breaks(text: str, surface: str) -> bool:
    """Folding ignores spaces, so a match across words must come from a surface with at
    least as many word breaks (CIFAR 100 ~ CIFAR-100, but 'in at' !~ 'iNat')."""
    spaces = len(_LETTER_SPACE.findall(text))  # "CoRe 50" is fine
    return spaces == 0 or spaces <= len(_BREAKS.findall(surface))


class Lexicon(Generic[E]):
    """Longest-match lookup of registry surfaces over a Doc's tokens, folded as in `fold`."""

    def __init__(self, by_key: dict[str, list[tuple[E, str]]]) -> None:
        self.by_key = by_key
        self.prefixes = {k[:i] for k in by_key for i in range(1, len(k) + 1)}

    def find(self, fdoc: FieldDoc, sent: Sentence | None = None) -> Iterator[LexiconMatch[E]]:
        """Longest matches in a field (or one of its sentences), over its cached tokens."""
        words, folds, starts, clean = fdoc.tokens, fdoc.folded, fdoc.starts, fdoc.clean
        lo, hi = (sent.start, sent.end) if sent is not None else (0, len(words))
        prefixes, by_key = self.prefixes, self.by_key
        resume = lo
        # Most tokens begin no registry name: walk only from those that do, and that either
        # are a name alone or still begin one with the next token ("the" does, "the model"
        # does not).
        last = hi - 1
        starts_here = [
            k
            for k in range(lo, hi)
            if folds[k] in prefixes
            and (folds[k] in by_key or (k < last and folds[k] + folds[k + 1] in prefixes))
        ]
        for i in starts_here:
            if i < resume:
                continue
            best: LexiconMatch[E] | None = None
            key = ""
            j = i
            while j < hi and j - i < _MAX_WALK:
                part = folds[j]
                if not part and j == i:
                    break
                key += part
                if key not in prefixes:
                    break
                j += 1
                if not part:
                    continue  # a whitespace or hyphen token never ends a name
                end = starts[j - 1] + len(words[j - 1])
                if j < len(words) and words[j] == "-" and starts[j] == end:
                    continue  # "WebArena-Lite-v2" is not WebArena
                for entry, surface in self.by_key.get(key, ()):
                    text = clean[starts[i] : end]
                    if not _same_word_breaks(text, surface):
                        continue  # "in at" is not "iNat", "multiple" not "MultiPL-E"
                    if entry.case_sensitive and fold(text, keep_case=True) != fold(
                        surface, keep_case=True
                    ):
                        continue
                    best = LexiconMatch(entry, surface, i, j)
                    break
            if best is not None:
                yield best
                resume = best.end


_FOLD_MEMO = 1 << 17


class _FoldMemo(dict[str, str]):
    """Each distinct token folded once (tokens repeat across papers: "the", "ImageNet").
    `map` calls the bound `__getitem__`: a token seen before costs a dict lookup, about
    half what an `lru_cache` hit costs."""

    def __missing__(self, token: str) -> str:
        if len(self) >= _FOLD_MEMO:
            self.clear()  # bounded: the next tokens refill it
        key = self[token] = fold(token)
        return key


_fold_token = _FoldMemo().__getitem__


_AFFIX_MEMO = 1 << 16

# spaCy strips a chunk's affixes one at a time and searches what is left again; a search
# over a whole string tries every position, so a chunk of n punctuation marks ("((((...",
# "%%%%...") cost n searches of up to n positions: 8,000 "(" took seconds. Strings longer
# than a window are searched in the window at their end (suffixes) or start (prefixes):
# every affix rule but the run of dots matches a few characters, and a window match that
# comes near the window's inner edge (it may reach further, or need context from beyond)
# falls back to the whole string, so the answer is the whole-string one (property test).
_AFFIX_WINDOW = 64
_AFFIX_CONTEXT = 16  # more than any affix rule's look-behind / look-ahead and length


class _InfixMemo(dict[str, tuple[Any, ...]]):
    """The infix matches of each string up to a window long, memoised as `_WindowedMemo`
    memoises the affix searches; longer strings are searched each time."""

    def __init__(self, finditer: Callable[[str], Iterator[Any]]) -> None:
        super().__init__()
        self.finditer = finditer

    def __missing__(self, text: str) -> tuple[Any, ...]:
        found = tuple(self.finditer(text))
        if len(text) <= _AFFIX_WINDOW:
            if len(self) >= _AFFIX_MEMO:
                self.clear()
            self[text] = found
        return found


class _WindowedMemo(dict[str, Any]):
    """An affix search over a string's last (suffixes) or first (prefixes) window only,
    memoised for strings up to a window long. spaCy calls the bound `__getitem__`: a string
    seen before (most are) costs a dict lookup and no Python frame, which a Python wrapper
    around an `lru_cache` cost on every one of its hundreds of thousands of calls."""

    def __init__(self, search: Callable[[str], Any], *, at_end: bool) -> None:
        super().__init__()
        self.search = search
        self.at_end = at_end

    def __missing__(self, text: str) -> Any:
        if len(text) <= _AFFIX_WINDOW:
            if len(self) >= _AFFIX_MEMO:
                self.clear()  # bounded: a new run of strings refills it
            m = self[text] = self.search(text)
            return m
        # (a long chunk's many remainders are not memoised: they would fill the memo)
        if self.at_end:
            m = self[text[-_AFFIX_WINDOW:]]
            near_edge = m is not None and m.start() < _AFFIX_CONTEXT
        else:
            m = self[text[:_AFFIX_WINDOW]]
            near_edge = m is not None and m.end() > _AFFIX_WINDOW - _AFFIX_CONTEXT
        return self.search(text) if near_edge else m


# Even with windowed searches spaCy copies and hashes what is left of a chunk after each
# affix it strips, so a chunk of n punctuation marks or emoji still costs n² in copies. No
# real abstract has a chunk (text between spaces) anywhere near this long (the corpus's
# longest is under 300 characters, a LaTeX-wrapped URL): a longer one is tokenised a
# piece of this length at a time, which changes only where its tokens may end.
_CHUNK_PIECE = 1000
_LONG_CHUNK = regex.compile(rf"\S{{{_CHUNK_PIECE + 1}}}\S*")


def _may_hold_long_chunk(text: str) -> bool:
    """Whether some aligned block of half a piece has no space: a chunk longer than a piece
    covers one. (A regex scan for the chunk cost 4% of the pipeline; this, nothing.)"""
    half = _CHUNK_PIECE // 2
    return any(text.find(" ", at, at + half) < 0 for at in range(0, len(text) - half + 1, half))


class ChunkedTokenizer:
    """spaCy's tokenizer, fed overlong chunks a piece at a time (see `_CHUNK_PIECE`)."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        if (
            len(text) <= _CHUNK_PIECE
            or not _may_hold_long_chunk(text)
            or not _LONG_CHUNK.search(text)
        ):
            return self.tokenizer(text)  # type: ignore[no-any-return]
        cuts = [
            at
            for m in _LONG_CHUNK.finditer(text)
            for at in range(m.start() + _CHUNK_PIECE, m.end(), _CHUNK_PIECE)
        ]
        bounds = [0, *cuts, len(text)]
        pieces = [self.tokenizer(text[a:b]) for a, b in pairwise(bounds)]
        return Doc.from_docs(pieces, ensure_whitespace=False)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)  # the affix searches, the vocab, ...


def build_nlp(memo: bool = True) -> Language:
    """Blank English; hyphens inside words no longer split tokens. `memo=False` leaves the
    affix searches and chunks as spaCy has them (the reference the fast tokenizer is
    tested against)."""
    nlp = spacy.blank("en")
    defaults: Any = nlp.Defaults
    tokenizer: Any = nlp.tokenizer
    infixes = [p for p in defaults.infixes if "-" not in str(p) or "=" in str(p)]
    # "F1=0.1385", "AUC≥0.9": a score written against its metric is two tokens and a sign
    infixes.append(r"(?<=[A-Za-z0-9)])[=≤≥<>](?=[0-9.])")
    infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    # A sentence-final period after a capital or digit ("ImageNet-22K.") is punctuation.
    suffixes = [*defaults.suffixes, r"(?<=[A-Z0-9+])\."]
    # spaCy caches the split of each whitespace-separated chunk, but a new chunk's affix
    # searches run on it and on each part left after stripping ("(ResNet-50)," then
    # "ResNet-50),", ...), and those parts recur across chunks. A suffix search tries every
    # position of the string, which made it the largest part of tokenising: the searches are
    # memoised (pure functions of the string; the cache goes with the pipeline on a reset).
    suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    if memo:
        tokenizer.suffix_search = _WindowedMemo(suffix_search, at_end=True).__getitem__
        prefix_search = tokenizer.prefix_search
        tokenizer.prefix_search = _WindowedMemo(prefix_search, at_end=False).__getitem__
        # (spaCy takes `list()` of what the infix search returns: a tuple does)
        tokenizer.infix_finditer = _InfixMemo(infix_finditer).__getitem__
        nlp.tokenizer = ChunkedTokenizer(tokenizer)
    else:
        tokenizer.suffix_search = suffix_search
        tokenizer.infix_finditer = infix_finditer
    # Nothing here reads lexical attributes (shape, like_num, is_stop...): not computing them
    # for every new word makes tokenising a fifth cheaper.
    vocab: Any = nlp.vocab
    vocab.lex_attr_getters = {}
    return nlp


_SENTENCE_PUNCT = frozenset(Sentencizer.default_punct_chars)


def _is_punct(token: str) -> bool:
    """spaCy's lexical IS_PUNCT: every character is Unicode punctuation."""
    return all(unicodedata.category(ch).startswith("P") for ch in token)


def sentence_starts(tokens: Sequence[str]) -> list[int]:
    """Token indices that start a sentence, exactly as spaCy's default Sentencizer decides:
    the first token that is not punctuation after a sentence-final mark."""
    starts = [0] if tokens else []
    n = len(tokens)
    resume = 0
    # only the few sentence-final marks need a look (found in one C-level pass); the walk
    # after each is short
    for k in compress(count(), map(_SENTENCE_PUNCT.__contains__, tokens)):
        if k < resume:
            continue  # within the punctuation run after an earlier mark
        j = k + 1
        while j < n and (tokens[j] in _SENTENCE_PUNCT or _is_punct(tokens[j])):
            j += 1
        if j < n:
            starts.append(j)
        resume = j
    return starts


def _starts(pattern: regex.Pattern[str], alphabet: str) -> tuple[set[str], set[str]]:
    """What a text the pattern matches can begin with, found with partial matching over
    `alphabet`: its three-character prefixes ("Sna" for SnapKV, "R-C" and "RCN" for R-?CNN),
    and its whole matches of one or two characters ("T5", "o1"), which have none."""
    ones = [c for c in alphabet if pattern.fullmatch(c, partial=True)]
    twos = [c + d for c in ones for d in alphabet if pattern.fullmatch(c + d, partial=True)]
    threes = {t + e for t in twos for e in alphabet if pattern.fullmatch(t + e, partial=True)}
    return threes, {s for s in (*ones, *twos) if pattern.fullmatch(s)}


class FamilyIndex:
    """The family patterns by each three-character start they can have, so a token only tries
    the families that could match there (most tokens try none); names of one or two
    characters have keys of their own. A text tries a key's patterns one after another
    (`match_at`): patterns recur across keys, so each is compiled once, the first time a
    text needs it (most are never needed in a run); one alternation per key cost a
    compile per key, and keys outnumber patterns nearly two to one."""

    def __init__(self, families: Sequence[ModelFamily]) -> None:
        alphabet = "".join(
            sorted(
                set(string.ascii_letters + string.digits + string.punctuation + " ").union(
                    *(set(e) for fam in families for e in fam.examples)
                )
            )
        )
        long: dict[str, set[str]] = {}  # three-character start -> patterns
        short: dict[str, set[str]] = {}  # whole match of one or two characters -> patterns
        # each pattern as written (`family_of` fullmatches these: no second compile)
        self.compiled_members: dict[str, regex.Pattern[str]] = {}
        for pattern in {fam.pattern for fam in families}:
            rx = self.compiled_members[pattern] = regex.compile(pattern)
            threes, shorts = _starts(rx, alphabet)
            for key in threes:
                long.setdefault(key, set()).add(pattern)
            for key in shorts:
                short.setdefault(key, set()).add(pattern)

        def shorter(key: str) -> set[str]:
            """Patterns whose short whole match begins `key`."""
            return set().union(*(short.get(key[:n], set()) for n in (1, 2)))

        # Longer patterns first so "Faster R-CNN" wins over "R-CNN"; a name ends at a non-word.
        self.members = {
            key: tuple(sorted(pats, key=lambda p: (-len(p), p)))
            for key, pats in [
                *((k, p | shorter(k)) for k, p in long.items()),
                *((k, shorter(k)) for k in short if k not in long),
            ]
        }
        self.sources = {
            key: r"(?:" + "|".join(pats) + r")(?![\w+])" for key, pats in self.members.items()
        }
        self.family_by_pattern = {fam.pattern: fam.family for fam in families}
        self.bounded: dict[str, regex.Pattern[str]] = {}
        self.family_memo: dict[str, str | None] = {}
        # first characters of the short keys: the only starts worth a look without a long key
        self.short_firsts = frozenset(k[0] for k in short)
        self.compiled: dict[str, regex.Pattern[str]] = {}

    def key(self, text: str, at: int) -> str | None:
        """The alternation key for a name starting at `at`, or None when no family can."""
        for n in (3, 2, 1):
            if (key := text[at : at + n]) in self.sources:
                return key
        return None

    def candidates(self, text: str, starts: Sequence[int]) -> list[tuple[int, str]]:
        """(offset, key) of each token start where a family name may begin: at a word start
        (not inside "x-GPT"), with a key. Most tokens fail the cheap first test."""
        sources, short_firsts = self.sources, self.short_firsts
        out = []
        for at in [i for i in starts if text[i : i + 3] in sources or text[i] in short_firsts]:
            if at > 0 and (text[at - 1].isalnum() or text[at - 1] == "-"):
                continue
            key = self.key(text, at)
            if key is not None:
                out.append((at, key))
        return out

    def fullmatch(self, name: str) -> bool:
        """Whether `name` is, as a whole, a family name ("Llama-3-8B"; not "Llama-3-8B-Bench")."""
        key = self.key(name, 0)
        return key is not None and self.get(key).fullmatch(name) is not None

    def family_of(self, name: str) -> str | None:
        """The family `name` is, as a whole, a member of ("ViT-B/16" -> "ViT"), or None."""
        if name in self.family_memo:  # the same names recur across papers
            return self.family_memo[name]
        family = None
        for pattern in self.members.get(self.key(name, 0) or "", ()):
            if self.whole(pattern).fullmatch(name):
                family = self.family_by_pattern[pattern]
                break
        if len(self.family_memo) < 1 << 16:
            self.family_memo[name] = family
        return family

    def whole(self, pattern: str) -> regex.Pattern[str]:
        return self.compiled_members[pattern]

    def match_at(self, text: str, at: int, key: str) -> regex.Match[str] | None:
        """What the alternation `get(key)` matches at `at`: the first of the key's patterns
        (longest first) that matches there and ends at a non-word."""
        for pattern in self.members[key]:
            rx = self.bounded.get(pattern)
            if rx is None:
                rx = self.bounded[pattern] = regex.compile(rf"(?:{pattern})(?![\w+])")
            if (m := rx.match(text, at)) is not None:
                return m
        return None

    def get(self, key: str) -> regex.Pattern[str]:
        rx = self.compiled.get(key)
        if rx is None:
            rx = self.compiled[key] = regex.compile(self.sources[key])
        return rx


@dataclass
class Tools:
    """Everything compiled from the rules, shared by all stages of one process."""

    rules: Rules
    nlp: Language
    regexes: dict[str, list[tuple[PatternRule, regex.Pattern[str]]]] = field(default_factory=dict)
    # Rules whose name precedes their cue: the name is matched backwards from the cue
    # (reverse matching anchored at the cue is cheap; a leading name pattern is not).
    names_before: dict[str, regex.Pattern[str]] = field(default_factory=dict)
    # How `scan` looks for each rule (anchors, required words, scope), by rule id.
    plans: dict[str, _Plan] = field(default_factory=dict)
    # The compiled rules of each file by label, in file order (stages ask for one label).
    by_label: dict[str, dict[str, list[tuple[PatternRule, regex.Pattern[str]]]]] = field(
        default_factory=dict
    )
    # For asking whether a rule matches anywhere, by rule id: a rule anchored at the text's
    # end ("...$") runs right to left, where each start that cannot match fails at once.
    searchers: dict[str, regex.Pattern[str]] = field(default_factory=dict)
    benchmarks: Lexicon[Any] = field(init=False)
    metrics: Lexicon[Any] = field(init=False)
    families: FamilyIndex = field(init=False)
    units: UnitIndex = field(init=False)
    # every rule's anchor and required words, looked for in the lower-cased text (True) or
    # as written (False)
    needles: dict[bool, Needles] = field(init=False)

    def __post_init__(self) -> None:
        for stem in self.rules.patterns:
            self.regexes[stem] = [
                (r, regex.compile(expand_macros(r.regex))) for r in self.rules.regexes(stem)
            ]
            labels = self.by_label[stem] = {}
            for r, rx in self.regexes[stem]:
                labels.setdefault(r.label, []).append((r, rx))
                end_anchored = r.regex.endswith("$") and not r.regex.endswith("\\$")
                self.searchers[r.id] = regex.compile("(?r)" + rx.pattern) if end_anchored else rx
                self.plans[r.id] = _Plan.of(r)
                if r.name_before:
                    body = expand_macros(r.name_before)
                    # the name, then any spaces, then the cue
                    self.names_before[r.id] = regex.compile(rf"(?r)(?P<name>{body})\s*\Z")
        self.benchmarks = Lexicon(self.rules.benchmark_by_key)
        self.metrics = Lexicon(self.rules.metric_by_key)
        self.families = FamilyIndex(self.rules.model_families)
        self.units = UnitIndex(self.rules.units)
        scanned = [
            self.plans[r.id]
            for stem, compiled in self.regexes.items()
            if stem not in CUE_STEMS
            for r, _ in compiled
        ]
        self.needles = {
            folded: Needles(
                (word for plan in scanned if plan.folded == folded for word in plan.requires or ()),
                {
                    rule_id: plan.anchors
                    for rule_id, plan in self.plans.items()
                    if plan.folded == folded and plan.anchors is not None
                },
            )
            for folded in (True, False)
        }


# Rule files whose rules are asked whether they match a short window by
# label, never scanned over a field: their required words gate the regex directly
# (`_Plan.admits`) and stay out of the scan's automaton, which would otherwise report every
# "by" and "we" of a text to the rules that are scanned.
CUE_STEMS = frozenset({"numbers"})

# Rules that start at a sentence start (or the text start) declare it with this prefix.
_AT_SENTENCE_START = r"(?:^|(?<=[.!?]\s))"
_SENTENCE_GAP = regex.compile(r"[.!?]\s")
# Past this many sentence starts a sentence-start rule scans the whole text instead (real
# abstracts have a few dozen at most).
_MANY_SENTENCES = 200


class Needles:
    """The anchor and required words of many rules, found in one pass over a text
    (Aho-Corasick): one `str.find` loop per rule and word cost more than the matching."""

    def __init__(self, words: Iterable[str], anchors: dict[str, frozenset[str]]) -> None:
        self.automaton: Any = None
        # anchor word -> the rules it anchors (rule ids by their anchor words in `anchors`)
        self.anchored_by: dict[str, list[str]] = {}
        for rule_id, rule_anchors in sorted(anchors.items()):
            for word in rule_anchors:
                self.anchored_by.setdefault(word, []).append(rule_id)
        vocabulary = sorted({w for w in words if w} | set(self.anchored_by))
        if vocabulary:
            self.automaton = ahocorasick.Automaton()
            for word in vocabulary:
                self.automaton.add_word(word, (word, len(word)))
            self.automaton.make_automaton()

    def find(self, text: str) -> dict[str, list[int]]:
        """Start offsets of every occurrence (overlapping ones too) of each word found."""
        hits: dict[str, list[int]] = {}
        if self.automaton is not None:
            for end, (word, n) in self.automaton.iter(text):
                hits.setdefault(word, []).append(end - n + 1)
        return hits

    def anchor_starts(self, hits: dict[str, list[int]]) -> dict[str, list[int]]:
        """Sorted start offsets of each rule's anchors among a text's `hits`, by rule id
        (rules none of whose anchors occur are absent): one pass for all rules."""
        starts: dict[str, list[int]] = {}
        for word, ats in hits.items():
            for rule_id in self.anchored_by.get(word, ()):
                starts.setdefault(rule_id, []).extend(ats)
        return {rule_id: sorted(set(ats)) for rule_id, ats in starts.items()}


def _occurrences(hits: dict[str, list[int]], needles: frozenset[str]) -> list[int]:
    """Sorted start offsets of the `needles` among a text's `hits`."""
    found = [at for word, ats in hits.items() if word in needles for at in ats]
    return sorted(set(found)) if found else found


@dataclass(frozen=True)
class _Plan:
    """How to scan for one rule, worked out once from its data."""

    rule: PatternRule
    folded: bool  # (?i): anchors and required words are looked for in the lower-cased text
    anchors: frozenset[str] | None
    requires: frozenset[str] | None
    by_sentence: bool  # scope "sentence"
    at_sentence_start: bool

    @classmethod
    def of(cls, rule: PatternRule) -> _Plan:
        folded = rule.regex.startswith("(?i)")

        def case(words: list[str] | None) -> frozenset[str] | None:
            return None if words is None else frozenset(w.lower() if folded else w for w in words)

        return cls(
            rule=rule,
            folded=folded,
            anchors=case(rule.anchors),
            requires=case(rule.requires),
            by_sentence=rule.scope == "sentence",
            at_sentence_start=rule.regex.startswith(_AT_SENTENCE_START),
        )

    def admits(self, text: str, lower: str) -> bool:
        """Whether a text (and its lower-cased form) holds one of the required words, so
        that the regex can match in it at all."""
        if self.requires is None:
            return True
        haystack = lower if self.folded else text
        return any(word in haystack for word in self.requires)


def scan(
    tools: Tools, rule: PatternRule, rx: regex.Pattern[str], fdoc: FieldDoc
) -> Iterator[regex.Match[str]]:
    """The matches `rx.finditer(fdoc.clean)` yields, tried only where a match can be: in a
    text (or, for scope "sentence", the sentences) holding one of the rule's required words,
    and only at the rule's anchors or at sentence starts for rules that begin there. A regex
    scan tries every character, which cost more than every other step of the pipeline."""
    plan = tools.plans[rule.id]
    text = fdoc.clean
    haystack = fdoc.lower if plan.folded else text
    if haystack is None:  # lower-casing changed the length: offsets would drift
        yield from rx.finditer(text)
        return
    windows: list[tuple[int, int]] | None = None  # None: the whole text
    needles = tools.needles[plan.folded]
    anchored: list[int] | None = None
    if plan.anchors is not None:
        anchored = fdoc.anchor_starts(plan.folded, needles).get(rule.id)
        if anchored is None:
            return  # most anchored rules: none of their words occurs here
    hits = fdoc.hits(plan.folded, needles)
    if plan.requires is not None:
        required = plan.requires
        if plan.by_sentence:
            # the sentences holding a required word (a word never spans two sentences)
            held = {fdoc.sentence_at(at) for at in _occurrences(hits, required)}
            windows = sorted((s.start_char, s.end_char) for s in held)
        elif required.isdisjoint(hits):
            return  # every match holds one of these words, and the text has none
        if windows == []:
            return
    if anchored is not None:
        starts = anchored
    elif plan.at_sentence_start:
        starts = [0, *(m.end() for m in _SENTENCE_GAP.finditer(text))]
        if windows is None and len(starts) > _MANY_SENTENCES:
            # `regex` looks for a rule's literal words from a match's start to the text's
            # end: tried at thousands of sentence starts, that costs n². One scan finds the
            # same matches (the rule itself only matches at sentence starts).
            yield from rx.finditer(text)
            return
    elif windows is None:
        yield from rx.finditer(text)
        return
    else:
        for lo, hi in windows:
            yield from rx.finditer(text, lo, hi)
        return
    if windows is not None:  # sorted and disjoint (sentences)
        los = [lo for lo, _ in windows]
        starts = [p for p in starts if (k := bisect_right(los, p) - 1) >= 0 and p < windows[k][1]]
    resume = 0
    for at in starts:
        if at < resume:
            continue  # inside the previous match: finditer would not look here either
        m = rx.match(text, at)
        if m is not None:
            yield m
            resume = m.end() if m.end() > at else at + 1


def build_tools(rules: Rules) -> Tools:
    return Tools(rules=rules, nlp=build_nlp())


class Sentence(NamedTuple):
    """A sentence by its bounds: character offsets in the clean text, token indices, text.
    Built once per field; slicing a spaCy Doc or reading `Span.text` creates a Python object
    per token, which cost more than all the rules together. (A tuple: cheaper to build than
    a frozen dataclass, and there are tens per abstract.)"""

    start_char: int
    end_char: int
    start: int
    end: int
    text: str


@dataclass
class FieldDoc:
    """One field of a paper (title or abstract): raw text, clean view, and its Doc."""

    name: FieldName
    text: CleanText
    doc: Doc
    _tokens: list[str] | None = field(default=None, repr=False)
    _starts: list[int] | None = field(default=None, repr=False)
    _folded: list[str] | None = field(default=None, repr=False)
    _lower: str | None = field(default=None, repr=False)
    _sentences: list[Sentence] | None = field(default=None, repr=False)
    _sentence_starts: list[int] | None = field(default=None, repr=False)
    _hits: dict[bool, dict[str, list[int]]] = field(default_factory=dict, repr=False)
    _anchor_starts: dict[bool, dict[str, list[int]]] = field(default_factory=dict, repr=False)

    @property
    def clean(self) -> str:
        return self.text.clean

    @property
    def tokens(self) -> list[str]:
        """Token texts, built once from the Doc's arrays (iterating a Doc creates a Python
        object per token, which costs more than everything else here)."""
        if self._tokens is None:
            # both columns in one pass over the Doc, each turned into a flat list (a 2-D
            # array's tolist() builds a list per token)
            columns = self.doc.to_array([IDX, LENGTH]) if len(self.doc) else None
            starts = columns[:, 0].tolist() if columns is not None else []
            lengths = columns[:, 1].tolist() if columns is not None else []
            text = self.text.clean
            self._starts = starts
            self._tokens = [text[s : s + n] for s, n in zip(starts, lengths, strict=True)]
        return self._tokens

    @property
    def starts(self) -> list[int]:
        """Character offset of each token in the clean text."""
        if self._starts is None:
            _ = self.tokens
        assert self._starts is not None
        return self._starts

    @property
    def lower(self) -> str | None:
        """The clean text lower-cased, when that keeps every offset (None otherwise)."""
        if self._lower is None:
            low = self.text.clean.lower()
            self._lower = low if len(low) == len(self.text.clean) else ""
        return self._lower or None

    @property
    def folded(self) -> list[str]:
        """Each token folded as registry keys are (shared by every lexicon)."""
        if self._folded is None:
            self._folded = list(map(_fold_token, self.tokens))
        return self._folded

    def hits(self, folded: bool, needles: Needles) -> dict[str, list[int]]:
        """Where the rules' anchor and required words occur: in the lower-cased text when
        `folded` (callers check `lower` first), else as written."""
        found = self._hits.get(folded)
        if found is None:
            text = self.lower if folded else self.clean
            assert text is not None
            found = self._hits[folded] = needles.find(text)
        return found

    def anchor_starts(self, folded: bool, needles: Needles) -> dict[str, list[int]]:
        """Where each anchored rule may start in this text, by rule id (see `Needles`)."""
        found = self._anchor_starts.get(folded)
        if found is None:
            found = self._anchor_starts[folded] = needles.anchor_starts(self.hits(folded, needles))
        return found

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.text.to_raw(start, end)

    @property
    def sentences(self) -> list[Sentence]:
        if self._sentences is None:
            clean, tokens, starts = self.text.clean, self.tokens, self.starts
            bounds = sentence_starts(tokens)
            # built aside and stored whole: a stage stopped by its time budget must not leave
            # the next stage half a list
            sentences = []
            for first, end in zip(bounds, [*bounds[1:], len(tokens)][: len(bounds)], strict=True):
                start_char, end_char = starts[first], starts[end - 1] + len(tokens[end - 1])
                sentences.append(
                    Sentence(start_char, end_char, first, end, clean[start_char:end_char])
                )
            if not sentences:
                sentences = [Sentence(0, len(clean), 0, len(tokens), clean)]
            self._sentence_starts = [s.start_char for s in sentences]
            self._sentences = sentences
        return self._sentences

    def sentence_at(self, char: int) -> Sentence:
        sentences = self.sentences
        assert self._sentence_starts is not None
        return sentences[max(bisect_right(self._sentence_starts, char) - 1, 0)]

    def sentence_of_token(self, token: int) -> Sentence:
        return self.sentence_at(self.starts[token] if token < len(self.starts) else len(self.clean))

    def evidence(self, sent: Sentence) -> str:
        """The sentence as read (raw text), for the `evidence` column."""
        start, end = self.raw_span(sent.start_char, sent.end_char)
        return self.text.raw[start:end].strip()


def make_field_docs(
    tools: Tools, fields: Sequence[tuple[FieldName, str]]
) -> Iterator[tuple[FieldName, CleanText, Doc]]:
    cleaned = [(name, clean_text(raw)) for name, raw in fields]
    docs = tools.nlp.pipe(c.clean for _, c in cleaned)
    for (name, c), doc in zip(cleaned, docs, strict=True):
        yield name, c, doc
