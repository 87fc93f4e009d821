"""The records the number passes work on: numbers as read, the groups they form, the
phrase each group becomes while the passes fill it in, and the classified `Quantity` the
results and improvements stages read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import regex

from extract.nlp import FieldDoc, Sentence, Tools
from extract.rules import MetricEntry
from extract.stages import Mention

NumberKind = Literal["score", "delta", "skip"]
Shape = Literal["single", "list", "range", "from_to"]
MetricSpan = tuple[int, int, MetricEntry]


def grammar(tools: Tools, label: str) -> regex.Pattern[str]:
    """The compiled number-grammar regex of `label` (rules/patterns/numbers.jsonl)."""
    return tools.by_label["numbers"][label][0][1]


def label_rule(tools: Tools, label: str, text: str) -> str | None:
    """The id of the first cue rule with `label` that matches anywhere in `text`."""
    if label.endswith("_BEFORE") or label.startswith("Q_"):
        # Left-context cues are anchored at the number ("...$") and need only its last
        # words; searching a long clause costs a try at every position.
        text = text[-LEFT_WINDOW:]
    lower = text.lower()
    for rule, _ in tools.by_label["numbers"].get(label, ()):
        if tools.plans[rule.id].admits(text, lower) and tools.searchers[rule.id].search(text):
            return rule.id
    return None


LEFT_WINDOW = 120
# How much of a sentence before a number its passes read: real clauses are far shorter,
# and reading the whole sentence before each of its numbers would make a sentence of
# thousands of numbers (a pasted table) cost the square of its length.
CONTEXT_WINDOW = 400


@dataclass
class Number:
    value: float
    decimals: int
    unit: str | None  # "%", "x", "points" or None
    start: int  # clean offsets of the whole number surface
    end: int
    sign: str | None = None
    # a physical unit written right after the number ("7.8 ms", "30 FPS"), from the unit
    # registry, with the kind of quantity it measures
    physical: str | None = None
    quantity: str | None = None


@dataclass
class Group:
    """Numbers read together: a list "A and B", a range "A to B" or a pair "from A to B"."""

    members: list[Number]
    shape: Shape = "single"

    @property
    def start(self) -> int:
        return self.members[0].start

    @property
    def end(self) -> int:
        return self.members[-1].end

    @property
    def first(self) -> Number:
        return self.members[0]


@dataclass
class Quantity:
    """A classified number (or range / from->to pair) with everything linked to it."""

    kind: NumberKind
    value: float
    unit: str | None
    fdoc: FieldDoc
    sent: Sentence
    start: int
    end: int
    rule_id: str
    value_max: float | None = None
    from_value: float | None = None
    to_value: float | None = None
    decimals: int = 0
    metric: str | None = None
    metric_entry: MetricEntry | None = None
    dataset: str | None = None
    split: str | None = None
    model: str | None = None
    model_role: str | None = None
    baseline: str | None = None
    qualifier: str | None = None
    efficiency: bool = False
    gain: bool = True
    physical: str | None = None  # the registry unit written with the value ("ms", "GB")
    quantity: str | None = None  # "score" or the efficiency kind ("latency", "memory", ...)
    extra_results: list[tuple[float, int, int]] = field(default_factory=list)
    # metrics named together before a single value: "an accuracy and F1-score of 97.8%"
    co_metrics: list[tuple[str, MetricEntry]] = field(default_factory=list)


@dataclass
class SentenceContext:
    """What every pass may read about the sentence a phrase stands in."""

    tools: Tools
    fdoc: FieldDoc
    sent: Sentence
    groups: list[Group]
    metric_spans: list[MetricSpan]
    datasets: list[Mention]
    metric_like: set[int]  # ids of dataset mentions spelled like a metric ("F1-score")
    methods: list[Mention]
    resp_datasets: dict[int, Mention]  # number id -> dataset paired in order
    respectively: bool
    restated: set[int]  # ids of word multipliers a from->to pair restates
    proposed: str | None  # the paper's first proposed method
    proposed_names: frozenset[str]  # every method the paper proposes
    frame: Mention | None  # the abstract's one evaluation dataset, set earlier
    out: list[Quantity] = field(default_factory=list)
    prev: Quantity | None = None
    prev_end: int = 0
    last_metric_list: tuple[MetricEntry, ...] = ()  # the latest list of metrics paired with values
    # sorted offsets, so each pass finds its neighbours by bisection: a sentence of
    # thousands of numbers and names stays linear
    stops: list[int] = field(init=False)
    dataset_starts: list[int] = field(init=False)
    metric_starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.stops = [g.start for g in self.groups]
        self.dataset_starts = [m.start for m in self.datasets]
        self.metric_starts = [s for s, _, _ in self.metric_spans]

    @property
    def text(self) -> str:
        return self.sent.text

    @property
    def base(self) -> int:
        return self.sent.start_char

    def rx(self, label: str) -> regex.Pattern[str]:
        return grammar(self.tools, label)

    def cue(self, label: str, text: str) -> str | None:
        return label_rule(self.tools, label, text)


@dataclass
class Phrase:
    """One number group while the passes fill it in; `dropped` ends it (not a result)."""

    group: Group
    left: str  # the sentence before the group
    clause_left: str  # the clause before the group
    right: str  # the sentence after the group
    kind: NumberKind = "score"
    rule_id: str = "num.score"
    dropped: str | None = None
    metric: str | None = None
    entry: MetricEntry | None = None
    metric_end: int | None = None  # where a metric named after the number ends
    co_metrics: list[tuple[str, MetricEntry]] = field(default_factory=list)
    # "F1/BLEU-1 gains of 3.27%/3.30%": number id -> its own metric of a slash pair
    member_metrics: dict[int, MetricEntry] = field(default_factory=dict)
    parallel: Quantity | None = None
    efficiency: bool = False
    qualifier: str | None = None
    model: str | None = None
    model_role: str | None = None
    baseline: str | None = None
    gain: bool = True
    near: Mention | None = None
    resolution: str | None = None  # a stated resolution: the split of `near`
    unpaired: bool = False

    @property
    def first(self) -> Number:
        return self.group.first

    @property
    def metric_left(self) -> bool:
        """The metric is named before the number ("accuracy of 98.9%")."""
        return self.metric is not None and self.metric_end is None

    def drop(self, reason: str) -> None:
        self.dropped = self.dropped or reason


def past_unit(ctx: SentenceContext, g: Group) -> int:
    """Where the group's physical unit ends ("9 ms| latency", "3.85 dB| improvement"), or
    the group's end."""
    if g.first.physical is None or len(g.members) > 1:
        return g.end
    hit = ctx.tools.units.after(ctx.text, g.end - ctx.base)
    return ctx.base + hit[1] if hit else g.end
