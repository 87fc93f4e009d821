"""Load and validate everything under `rules/`: registries and pattern files.

Each file is data; each entry is validated with a Pydantic model (`extra="forbid"`), and
cross-entry constraints (duplicate names, an alias claimed twice) fail loudly with the
file and line that broke them. The result is one immutable `Rules` object that every stage
receives explicitly.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from extract.schemas import EfficiencyKind

_T = TypeVar("_T", bound=BaseModel)

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

AREAS = [
    "cv",
    "nlp",
    "llm",
    "multimodal",
    "retrieval",
    "speech",
    "audio",
    "rl",
    "robotics",
    "graph",
    "timeseries",
    "medical",
    "driving",
    "remote_sensing",
    "3d",
    "video",
    "code",
    "math",
    "agents",
    "safety",
    "recsys",
    "tabular",
    "other",
]


class RulesError(ValueError):
    """A rules file is malformed; the message names the file and entry."""


_FOLD_DROP = str.maketrans("", "", " -_~\u2010\u2011\u2013")


def fold(surface: str, *, keep_case: bool = False) -> str:
    """The comparison key of a name: case, spaces, hyphens, underscores and tildes folded."""
    key = surface.translate(_FOLD_DROP)
    return key if keep_case else key.lower()


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BenchmarkEntry(_Entry):
    name: str = Field(min_length=1)
    aliases: list[str]
    ambiguous: list[str]
    case_sensitive: bool
    task: list[str]
    area: str
    role: Literal["eval", "train", "both"]

    @model_validator(mode="after")
    def _check(self) -> BenchmarkEntry:
        if self.area not in AREAS:
            raise ValueError(f"area {self.area!r} not one of {AREAS}")
        surfaces = {self.name, *self.aliases}
        if stray := set(self.ambiguous) - surfaces:
            raise ValueError(f"ambiguous names not among name/aliases: {sorted(stray)}")
        return self

    def surfaces(self) -> list[str]:
        return [self.name, *self.aliases]


Scale = Literal["percent", "fraction", "signed", "unbounded"]


class MetricEntry(_Entry):
    name: str = Field(min_length=1)
    aliases: list[str]
    case_sensitive: bool
    unit: str | None
    higher_is_better: bool
    kind: Literal["performance", "efficiency"]
    area: str
    # The metric's canonical scale: percent 0-100 (a value written 0.873 is 87.3), fraction
    # 0-1, signed (may be negative) or unbounded (never negative); a value outside it is not
    # a value of this metric.
    scale: Scale
    max_value: float | None = None  # a tighter bound (correlations: 1)
    quantity: EfficiencyKind | None = None  # efficiency metrics: what they measure

    @model_validator(mode="after")
    def _check(self) -> MetricEntry:
        if (self.kind == "efficiency") != (self.quantity is not None):
            raise ValueError("efficiency metrics, and only they, name their quantity")
        return self

    def surfaces(self) -> list[str]:
        return [self.name, *self.aliases]


class UnitEntry(_Entry):
    """A physical unit written with a number ("7.8 ms", "30 FPS", "$0.02"), and the kind of
    quantity it measures; "other" units (mm, dB, px) measure scores or sizes, not cost."""

    id: str = Field(pattern=r"^unit\.[a-z0-9_.]+$")
    unit: str = Field(min_length=1)
    quantity: EfficiencyKind
    surfaces: list[str] = Field(min_length=1)
    prefix: bool = False  # written before the number ("$0.02")


class MetricHead(_Entry):
    """The head noun of a metric the registry lacks, with its direction: "... error" is
    lower-is-better, "... success rate" higher."""

    id: str = Field(pattern=r"^head\.[a-z0-9_.\-]+$")
    head: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9 \-]*$")
    higher_is_better: bool


class ModelFamily(_Entry):
    family: str = Field(min_length=1)
    pattern: str = Field(min_length=1)
    examples: list[str] = Field(min_length=1)
    kind: str

    @model_validator(mode="after")
    def _check(self) -> ModelFamily:
        try:
            rx = regex.compile(self.pattern)
        except regex.error as exc:
            raise ValueError(f"pattern does not compile: {exc}") from exc
        if rx.groups:
            raise ValueError("pattern has capturing groups; use (?:...)")
        if missing := [e for e in self.examples if not rx.fullmatch(e)]:
            raise ValueError(f"pattern does not match its examples {missing}")
        return self


class PatternRule(_Entry):
    """One cue: a regex (macros such as {NAME} allowed), with the id that becomes `rule_id`.
    Cues are regexes over the clean text rather than spaCy token patterns: they need
    character-level context (numbers, units, LaTeX remnants) and run once per field."""

    id: str = Field(pattern=r"^[a-z0-9_.\-]+$")
    label: str = Field(min_length=1)
    regex: str = Field(min_length=1)
    name_before: str | None = None  # the name ends right before the match (spaces apart)
    # Literal strings one of which every match starts with (case-folded when the regex is
    # (?i)): the rule is then tried only where one occurs, not at every character.
    anchors: list[str] | None = None
    # Literal strings one of which every match contains: a text with none is not scanned.
    requires: list[str] | None = None
    # "sentence": no match spans two sentences, so only sentences holding a required word
    # are scanned (a test checks this against a full scan of every golden text).
    scope: Literal["text", "sentence"] = "text"
    comment: str | None = None

    @model_validator(mode="after")
    def _compiles(self) -> PatternRule:
        from extract.nlp import expand_macros  # macros live with the compiled tools

        try:
            regex.compile(expand_macros(self.regex))
        except regex.error as exc:
            raise ValueError(f"regex does not compile: {exc}") from exc
        if self.scope == "sentence" and self.requires is None:
            raise ValueError('scope "sentence" needs the required words (requires)')
        for what, literals in (("anchors", self.anchors), ("requires", self.requires)):
            if literals is None:
                continue
            if not literals or not all(literals):
                raise ValueError(f"{what} must be a non-empty list of non-empty strings")
            if "(?i" in self.regex.removeprefix("(?i)"):
                raise ValueError(f"with {what}, a case-insensitive flag must open the regex")
        return self


class _Limit(_Entry):
    id: str = Field(pattern=r"^limit\.[a-z0-9_]+$")
    comment: str = Field(min_length=1)  # why the value is what it is


class CharLimit(_Limit):
    # real abstracts are under ~5,000 characters: a lower limit would cut some
    value: int = Field(ge=5000)


class SecondsLimit(_Limit):
    value: float = Field(gt=0, le=60)


class Limits(_Entry):
    """The bounds on one paper's work (`rules/limits.json`): the ids name them in reject rows."""

    field_chars: CharLimit
    paper_seconds: SecondsLimit
    stage_grace_seconds: SecondsLimit


def _load_limits(path: Path) -> Limits:
    try:
        return Limits.model_validate_json(path.read_text(encoding="utf-8"))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "entry"
        raise RulesError(f"{path.name}: {where}: {first['msg']}") from exc


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RulesError(f"{path.name}:{lineno}: invalid JSON: {exc.msg}") from exc
        if not isinstance(obj, dict):
            raise RulesError(f"{path.name}:{lineno}: expected a JSON object")
        yield lineno, obj


def _load_entries(path: Path, model: type[_T], key: str) -> list[_T]:
    entries: list[_T] = []
    seen: dict[str, int] = {}
    for lineno, obj in _read_jsonl(path):
        label = obj.get(key, "?")
        try:
            entry = model.model_validate(obj)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "entry"
            raise RulesError(f"{path.name}:{lineno} ({label}): {where}: {first['msg']}") from exc
        name = str(getattr(entry, key))
        if name in seen:
            raise RulesError(
                f"{path.name}:{lineno}: duplicate {key} {name!r} (first on line {seen[name]})"
            )
        seen[name] = lineno
        entries.append(entry)
    return entries


def _claim_surfaces(
    path: Path, entries: list[Any], key: str, keep_case: bool
) -> dict[str, list[tuple[Any, str]]]:
    """Map each folded surface to the entries claiming it. Two entries may share a lowercase
    key only when both match case-sensitively and their cased forms differ (CIoU vs cIoU)."""
    claims: dict[str, list[tuple[str, bool, str]]] = {}  # lower key -> (owner, cs, cased key)
    table: dict[str, list[tuple[Any, str]]] = {}
    for entry in entries:
        name = getattr(entry, key)
        cs = keep_case and entry.case_sensitive
        for surface in entry.surfaces():
            cased = fold(surface, keep_case=True)
            lower = cased.lower()
            for owner, owner_cs, owner_cased in claims.get(lower, []):
                if owner != name and (not (cs and owner_cs) or owner_cased == cased):
                    raise RulesError(
                        f"{path.name}: {surface!r} of {name!r} is already claimed by {owner!r}"
                    )
            claims.setdefault(lower, []).append((name, cs, cased))
            # Every cased form is kept: a case-sensitive entry matches any of them.
            known = {(id(e), fold(s, keep_case=True)) for e, s in table.get(lower, [])}
            if (id(entry), cased) not in known:
                table.setdefault(lower, []).append((entry, surface))
    return table


def _load_terms(path: Path) -> frozenset[str]:
    terms = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        term = line.split("#", 1)[0].strip()
        if term:
            terms.add(term)
    return frozenset(terms)


class EstablishedForm(_Entry):
    """One line of established_acronyms.tsv: an acronym defined with one long form by many
    papers (an existing method or thing, not a paper's own coinage)."""

    acronym: str = Field(min_length=2, pattern=r"^\S+$")
    long_form: str = Field(min_length=3)
    papers: int = Field(ge=1)

    @property
    def key(self) -> str:
        return long_form_key(self.long_form)


def _load_established(path: Path) -> dict[str, dict[str, EstablishedForm]]:
    """Acronym -> {long-form key: form}, most papers first (the first is the acronym's usual
    meaning), from a TSV of acronym, long form, papers. An acronym may have several lines:
    SD is Stable Diffusion and standard definition."""
    forms: list[EstablishedForm] = []
    seen: set[tuple[str, str]] = set()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3 or not cols[2].strip().isdigit():
            raise RulesError(f"{path.name}:{lineno}: expected 'acronym<TAB>long form<TAB>papers'")
        try:
            form = EstablishedForm(acronym=cols[0], long_form=cols[1], papers=int(cols[2]))
        except ValidationError as exc:
            raise RulesError(f"{path.name}:{lineno}: {exc.errors()[0]['msg']}") from None
        if (form.acronym, form.key) in seen:
            raise RulesError(f"{path.name}:{lineno}: duplicate {form.acronym!r} = {form.key!r}")
        seen.add((form.acronym, form.key))
        forms.append(form)
    out: dict[str, dict[str, EstablishedForm]] = {}
    for form in sorted(forms, key=lambda f: -f.papers):
        out.setdefault(form.acronym, {})[form.key] = form
    return out


def _load_established_phrases(path: Path) -> frozenset[str]:
    """Long-form keys of the Title Case phrases many papers write (phrase<TAB>papers)."""
    keys = set()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 2 or not cols[1].strip().isdigit() or len(cols[0].split()) < 2:
            raise RulesError(f"{path.name}:{lineno}: expected 'phrase of 2+ words<TAB>papers'")
        keys.add(long_form_key(cols[0]))
    return frozenset(keys)


_LONG_FORM_WORD = regex.compile(r"[\p{L}\p{N}]+")


def long_form_key(long_form: str) -> str:
    """A long form folded loosely, so that papers writing one method differently agree:
    case, spaces and hyphens dropped, each word without a plural s or an adjective -al
    ("Rotary Positional Embeddings" = "rotary position embedding" = "rotarypositionembedding")."""
    words = []
    for word in _LONG_FORM_WORD.findall(long_form.lower()):
        if word.endswith(("ches", "shes", "sses", "xes")):
            word = word[:-2]
        elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "us")):
            word = word[:-1]
        if len(word) > 6 and word.endswith("al"):
            word = word[:-2]
        words.append(word)
    return "".join(words)


def _load_patterns(path: Path) -> list[PatternRule]:
    return _load_entries(path, PatternRule, "id")


@dataclass(frozen=True)
class Rules:
    """Everything the stages need from `rules/`, loaded once per process."""

    directory: Path
    fingerprint: str
    benchmarks: list[BenchmarkEntry]
    metrics: list[MetricEntry]
    units: list[UnitEntry]
    metric_heads: dict[str, MetricHead]  # head noun (lower case) -> its direction
    model_families: list[ModelFamily]
    not_methods: frozenset[str]
    # acronym -> {long-form key: form} of existing methods, the usual meaning first
    established: dict[str, dict[str, EstablishedForm]]
    patterns: dict[str, list[PatternRule]]  # file stem -> rules
    splits: dict[str, str]  # folded surface -> canonical split
    limits: Limits
    benchmark_by_key: dict[str, list[tuple[BenchmarkEntry, str]]] = field(repr=False)
    metric_by_key: dict[str, list[tuple[MetricEntry, str]]] = field(repr=False)
    # Derived once here, not in every stage call: lower-cased stop terms, folded established
    # acronyms.
    not_methods_lower: frozenset[str] = field(default=frozenset(), repr=False)
    established_keys: frozenset[str] = field(default=frozenset(), repr=False)
    # long-form key -> the established form it spells (the one most papers define)
    established_by_long: dict[str, EstablishedForm] = field(default_factory=dict, repr=False)
    # long-form keys of Title Case component phrases many papers write (Contrastive Loss)
    established_phrases: frozenset[str] = field(default=frozenset(), repr=False)

    def regexes(self, stem: str) -> list[PatternRule]:
        return list(self.patterns.get(stem, []))


@dataclass(frozen=True)
class NameRegistries:
    """The benchmark and metric registries with their alias tables: all that reading a
    run's tables needs (no cue pattern is compiled, which takes seconds)."""

    benchmarks: list[BenchmarkEntry]
    metrics: list[MetricEntry]
    benchmark_by_key: dict[str, list[tuple[BenchmarkEntry, str]]] = field(repr=False)
    metric_by_key: dict[str, list[tuple[MetricEntry, str]]] = field(repr=False)


def _load_name_registries(directory: Path) -> NameRegistries:
    bench_path = directory / "benchmarks.jsonl"
    metric_path = directory / "metrics.jsonl"
    benchmarks = _load_entries(bench_path, BenchmarkEntry, "name")
    metrics = _load_entries(metric_path, MetricEntry, "name")
    return NameRegistries(
        benchmarks=benchmarks,
        metrics=metrics,
        benchmark_by_key=_claim_surfaces(bench_path, benchmarks, "name", keep_case=True),
        metric_by_key=_claim_surfaces(metric_path, metrics, "name", keep_case=True),
    )


def load_name_registries(directory: Path | None = None) -> NameRegistries:
    """Load and validate only the benchmark and metric registries (`RulesError` if broken)."""
    try:
        return _load_name_registries(directory or RULES_DIR)
    except OSError as exc:
        raise RulesError(f"cannot read rules: {exc}") from exc


def fingerprint(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file() and path.suffix in {".jsonl", ".txt", ".json", ".tsv"}:
            digest.update(path.relative_to(directory).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_rules(directory: Path | None = None) -> Rules:
    """Load and validate all rule files; raises `RulesError` naming the broken entry."""
    try:
        return _load_rules(directory or RULES_DIR)
    except OSError as exc:
        raise RulesError(f"cannot read rules: {exc}") from exc


def _load_rules(directory: Path) -> Rules:
    bench_path = directory / "benchmarks.jsonl"
    names = _load_name_registries(directory)
    benchmarks = names.benchmarks
    units = _load_entries(directory / "units.jsonl", UnitEntry, "id")
    _check_unit_surfaces(units)
    heads = _load_entries(directory / "metric_heads.jsonl", MetricHead, "head")
    families = _load_entries(directory / "model_families.jsonl", ModelFamily, "family")
    patterns: dict[str, list[PatternRule]] = {}
    seen_ids: dict[str, str] = {}
    for path in sorted((directory / "patterns").glob("*.jsonl")):
        rules = _load_patterns(path)
        for rule in rules:
            if rule.id in seen_ids:
                raise RulesError(f"{path.name}: rule id {rule.id!r} also in {seen_ids[rule.id]}")
            seen_ids[rule.id] = path.name
        patterns[path.stem] = rules
    splits_raw = json.loads((directory / "splits.json").read_text(encoding="utf-8"))
    splits = {fold(s): canon for canon, forms in splits_raw.items() for s in [canon, *forms]}
    for entry in benchmarks:
        for alias in entry.aliases:
            words = alias.split()
            if len(words) > 1 and fold(words[-1]) in splits:
                raise RulesError(
                    f"{bench_path.name} ({entry.name}): alias {alias!r} ends with a split; "
                    "splits are read from the text into the split column, not listed as aliases"
                )
    not_methods = _load_terms(directory / "not_methods.txt")
    established = _load_established(directory / "established_acronyms.tsv")
    return Rules(
        directory=directory,
        fingerprint=fingerprint(directory),
        benchmarks=benchmarks,
        metrics=names.metrics,
        units=units,
        metric_heads={h.head: h for h in heads},
        model_families=families,
        not_methods=not_methods,
        established=established,
        patterns=patterns,
        splits=splits,
        limits=_load_limits(directory / "limits.json"),
        benchmark_by_key=names.benchmark_by_key,
        metric_by_key=names.metric_by_key,
        not_methods_lower=frozenset(t.lower() for t in not_methods),
        established_keys=frozenset(fold(a) for a in established),
        established_by_long=_by_long_form(established),
        established_phrases=_load_established_phrases(directory / "established_phrases.txt"),
    )


def _check_unit_surfaces(units: list[UnitEntry]) -> None:
    owner: dict[str, str] = {}
    for entry in units:
        for surface in entry.surfaces:
            if surface in owner and owner[surface] != entry.id:
                raise RulesError(
                    f"units.jsonl: {surface!r} of {entry.id!r} is already claimed by "
                    f"{owner[surface]!r}"
                )
            owner[surface] = entry.id


def _by_long_form(established: dict[str, dict[str, EstablishedForm]]) -> dict[str, EstablishedForm]:
    out: dict[str, EstablishedForm] = {}
    for forms in established.values():
        for key, form in forms.items():
            if key not in out or out[key].papers < form.papers:
                out[key] = form
    return out


@lru_cache(maxsize=4)
def cached_rules(directory: Path | None = None) -> Rules:
    """Rules are compiled once per process, not per batch or paper."""
    return load_rules(directory)
