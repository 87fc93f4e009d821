#!/usr/bin/env python3
"""Throwaway corpus statistics for the metric registry (rules/metrics.jsonl).

Finds metric-like surfaces next to numbers in abstracts and reports which of the
frequent ones the registry does not cover.

  python tools/metric_stats.py --corpus /work/shared/corpus/arxiv_cs_2025.jsonl.gz \
      --registry rules/metrics.jsonl --top 80

Patterns (after light LaTeX clean-up of numbers: \\% -> %, $\\times$ -> x, ...):
  A  "<number>[%|x|dB|pp|points] [improvement in|of|in] <PHRASE>"   e.g. "85.3% top-1 accuracy"
  B  "<PHRASE> [of|by|=|:|to|at|reaching|(] [~|about] <number>"      e.g. "mIoU of 52.1", "FID 3.2"
A PHRASE is a run of up to 4 tokens that are not stop words.  Candidate surfaces
are the prefixes (A) or suffixes (B) of the phrase.  Counts are document
frequencies (number of abstracts).

An occurrence is "covered" when some n-gram of its phrase (after dropping leading
qualifier words such as "average", "overall") folds to a registry surface.
Folding: remove spaces, hyphens and underscores; lowercase unless the entry is
case_sensitive.

stdlib + `regex` only.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import sys

import regex as re

# ---------------------------------------------------------------- text clean-up
_CLEAN = [
    (re.compile(r"\\%"), "%"),
    (re.compile(r"\$\s*\\(?:times|texttimes)\s*\$|\\times"), "×"),
    (re.compile(r"\$\s*\\(?:sim|approx)\s*\$|\\(?:sim|approx)\b"), "~"),
    (re.compile(r"\$\s*\\(?:pm)\s*\$|\\pm\b"), "±"),
    (re.compile(r"\\(?:mathbf|textbf|mathrm|text|bf|emph)\{([^{}]*)\}"), r"\1"),
    # drop $ that only wraps a number: "$51.5%$" -> "51.5%"
    (re.compile(r"\$(?=[+\-]?\d)"), ""),
    (re.compile(r"(?<=[\d%×])\s*\$"), ""),
]


def clean(text: str) -> str:
    text = " ".join(text.split())
    for pat, rep in _CLEAN:
        text = pat.sub(rep, text)
    return text


# ---------------------------------------------------------------- vocabulary
STOP = set(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "and",
        "or",
        "to",
        "from",
        "as",
        "than",
        "that",
        "which",
        "while",
        "whereas",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "this",
        "these",
        "those",
        "its",
        "their",
        "our",
        "we",
        "it",
        "it's",
        "into",
        "over",
        "under",
        "up",
        "down",
        "about",
        "across",
        "between",
        "among",
        "per",
        "via",
        "using",
        "use",
        "uses",
        "used",
        "only",
        "just",
        "also",
        "both",
        "all",
        "any",
        "each",
        "every",
        "other",
        "more",
        "most",
        "less",
        "fewer",
        "much",
        "many",
        "up",
        "to",
        "compared",
        "relative",
        "versus",
        "vs",
        "vs.",
        "respectively",
        "while",
        "when",
        "where",
        "whereas",
        "achieve",
        "achieves",
        "achieved",
        "achieving",
        "attain",
        "attains",
        "attaining",
        "obtain",
        "obtains",
        "obtained",
        "obtaining",
        "reach",
        "reaches",
        "reached",
        "reaching",
        "yield",
        "yields",
        "yielding",
        "deliver",
        "delivers",
        "delivering",
        "improve",
        "improves",
        "improved",
        "improving",
        "boost",
        "boosts",
        "boosted",
        "boosting",
        "increase",
        "increases",
        "increased",
        "increasing",
        "reduce",
        "reduces",
        "reduced",
        "reducing",
        "lower",
        "lowers",
        "lowering",
        "raise",
        "raises",
        "raising",
        "outperform",
        "outperforms",
        "outperforming",
        "surpass",
        "surpasses",
        "surpassing",
        "exceed",
        "exceeds",
        "exceeding",
        "gain",
        "gains",
        "gaining",
        "drop",
        "drops",
        "dropping",
        "decrease",
        "decreases",
        "decreasing",
        "cut",
        "cuts",
        "cutting",
        "record",
        "records",
        "score",
        "scores",
        "scoring",
        "show",
        "shows",
        "showing",
        "demonstrate",
        "demonstrates",
        "report",
        "reports",
        "reported",
        "maintain",
        "maintains",
        "maintaining",
        "match",
        "matches",
        "matching",
        "enhance",
        "enhances",
        "enhancing",
        "elevate",
        "elevates",
        "elevating",
        "comprising",
        "comprises",
        "comprise",
        "includes",
        "include",
        "including",
        "contains",
        "contain",
        "containing",
        "consisting",
        "consists",
        "spanning",
        "spans",
        "covering",
        "covers",
        "ranging",
        "ranges",
        "generate",
        "generates",
        "generating",
        "through",
        "without",
        "can",
        "could",
        "may",
        "might",
        "will",
        "would",
        "should",
        "across",
        "collected",
        "collect",
        "involving",
        "involves",
        "featuring",
        "features",
        "totaling",
        "totalling",
        "elevating",
        "an",
        "approximately",
        "about",
        "around",
        "nearly",
        "almost",
        "roughly",
        "over",
        "above",
        "below",
        "within",
        "least",
        "most",
        "margin",
        "margins",
        "average",
        "best",
        "state",
        "art",
        "sota",
        "new",
    ]
)

# words that qualify but do not change what is measured; skipped at phrase start
QUALIFIERS = set(
    [
        "average",
        "averaged",
        "mean",
        "overall",
        "absolute",
        "relative",
        "avg.",
        "avg",
        "final",
        "test",
        "validation",
        "val",
        "best",
        "higher",
        "lower",
        "improved",
        "better",
        "worse",
        "top-performing",
        "new",
        "state-of-the-art",
        "sota",
        "zero-",
        "total",
        "macro",
        "micro",
        "weighted",
    ]
) - {"macro", "micro", "weighted", "mean"}

# Heads that make an uncovered surface "metric-like" for the default report
METRIC_HEADS = set(
    [
        "rate",
        "rates",
        "score",
        "scores",
        "error",
        "errors",
        "accuracy",
        "accuracies",
        "acc",
        "ratio",
        "ratios",
        "distance",
        "index",
        "coefficient",
        "similarity",
        "precision",
        "recall",
        "loss",
        "time",
        "speed",
        "speedup",
        "cost",
        "costs",
        "memory",
        "throughput",
        "latency",
        "correlation",
        "divergence",
        "agreement",
        "fidelity",
        "quality",
        "consistency",
        "deviation",
        "gain",
        "reward",
        "return",
        "auc",
        "iou",
        "dice",
        "f1",
        "map",
        "ap",
        "ar",
        "overlap",
        "percentage",
        "fraction",
    ]
)
# frequent all-caps / symbol surfaces next to numbers that are not metrics
_NOT_METRIC_SRC = """
LLMs LLM QA GPU GPUs AI 3D 2D 4D MLLMs VLMs VLM MLLM LVLMs LMMs LMs SLMs RTX CVPR ICCV ICLR
NeurIPS ACL MICCAI NTIRE IEEE ACM CI CIs MRI CT SAM RAG CoT SFT RL NLP API CPU USD Hz kHz GHz
KB MB GB dB mm cm km ms SE SR SD HR ISO UK US U.S VQA COCO AIME MMLU OOD UAV SAR EEG CNN MoE
GRPO GUI MCP PII
"""
NUM = r"(?<![\w.@^_{$/])[+\-−]?\d+(?:[.,]\d+)?"
UNIT = r"(?:\s?%|\s?×|x\b|\s?(?:dB|pp|p\.p\.|points?|percentage\s+points?|percent)\b)?"
TOK = r"[\p{L}\p{N}δ#\\][\p{L}\p{N}@$_{}^\\.\-/+:'δ≤<]*[\p{L}\p{N}}$@]|[\p{L}\p{N}]"
TOK_RE = re.compile(TOK)

NUM_RE = re.compile(
    NUM + UNIT + r"(?:\s?(?:ms|s|h|GB|MB|TB|B|M|K|G|T|k|FPS|fps|W|J)\b)?(?![\p{L}\d_])"
)
# right context: connector words between the number and the metric phrase
RIGHT_CONN = re.compile(
    r"^(?:\s+(?:absolute|relative))?"
    r"(?:\s+(?:improvements?|gains?|increases?|reductions?|decreases?|boosts?|drops?|lead|higher|lower|better))?"
    r"(?:\s+(?:in|of))?\s+"
)
# left context: connector words between the metric phrase and the number
LEFT_CONN = re.compile(
    r"(?:(?:\s+(?:improvements?|gains?|increases?|reductions?|decreases?|boosts?|drops?))?"
    r"(?:\s+(?:of|by|to|at|reaching|reaches|is|was|around|about|up\s+to|from|as\s+high\s+as|"
    r"as\s+low\s+as|exceeding|above|below|over))?"
    r"\s*(?:[=:≈~(↑↓]|\bof|\bby)?\s*(?:about\s|approximately\s|only\s|over\s|nearly\s|around\s)?\s*)$"
)


def contexts(text: str):
    """Yield (phrase_text, from_left) for every number in text."""
    for m in NUM_RE.finditer(text):
        right = text[m.end() : m.end() + 80]
        c = RIGHT_CONN.match(right)
        if c:
            yield right[c.end() :], True
        left = text[max(0, m.start() - 80) : m.start()]
        c = LEFT_CONN.search(left)
        if c is not None:
            lt = left[: c.start()]
            # the phrase must end right at the connector (on a token boundary)
            if lt and not lt[-1].isspace():
                yield lt, False


TOKP_RE = re.compile(TOK + r"|\S")


def split_phrase(phrase: str, from_left: bool) -> list[str]:
    """Maximal run (<= 4) of non-stop tokens next to the number; punctuation ends it."""
    toks = TOKP_RE.findall(phrase[:80])
    if not from_left:
        toks.reverse()
    run: list[str] = []
    for t in toks:
        if not TOK_RE.fullmatch(t):
            break
        if not t.lower().startswith("acc."):
            t = t.rstrip(".:")
        if not t or t.lower() in STOP or re.fullmatch(r"[+\-]?[\d.,]+", t):
            break
        run.append(t)
        if len(run) == 4:
            break
    return run if from_left else list(reversed(run))


def fold(s: str, case_sensitive: bool = False) -> str:
    s = re.sub(r"[\s\-_]+", "", s)
    return s if case_sensitive else s.lower()


# ---------------------------------------------------------------- registry
class Registry:
    def __init__(self, path: str | None):
        self.cs: dict[str, str] = {}
        self.ci: dict[str, str] = {}
        self.n = 0
        if not path:
            return
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                e = json.loads(line)
                self.n += 1
                for s in [e["name"], *e["aliases"]]:
                    if e["case_sensitive"]:
                        self.cs[fold(s, True)] = e["name"]
                    else:
                        self.ci[fold(s)] = e["name"]

    def lookup(self, surface: str) -> str | None:
        return self.cs.get(fold(surface, True)) or self.ci.get(fold(surface))


def strip_qualifiers(toks: list[str]) -> list[str]:
    i = 0
    while i < len(toks) - 1 and toks[i].lower() in QUALIFIERS:
        i += 1
    return toks[i:]


def covered(toks: list[str], reg: Registry) -> str | None:
    toks = strip_qualifiers(toks)
    n = len(toks)
    for length in range(n, 0, -1):
        for i in range(0, n - length + 1):
            hit = reg.lookup(" ".join(toks[i : i + length]))
            if hit:
                return hit
    return None


# ---------------------------------------------------------------- main
def iter_abstracts(path: str):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)["summary"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default="/work/shared/corpus/arxiv_cs_2025.jsonl.gz")
    ap.add_argument("--registry", default=None)
    ap.add_argument("--top", type=int, default=60)
    ap.add_argument("--min-df", type=int, default=10)
    ap.add_argument("--limit", type=int, default=0, help="only the first N abstracts")
    ap.add_argument(
        "--ignore", default=None, help="file of surfaces (one a line) judged not to be metrics"
    )
    ap.add_argument(
        "--all", action="store_true", help="list every uncovered surface, not only metric-like ones"
    )
    ap.add_argument("--dump", default=None, help="write all candidate dfs as TSV here")
    args = ap.parse_args(argv)

    reg = Registry(args.registry)
    ignore: set[str] = set()
    if args.ignore:
        with open(args.ignore, encoding="utf-8") as fh:
            ignore = {fold(ln.split("#")[0].strip()) for ln in fh if ln.split("#")[0].strip()}

    df_all = collections.Counter()  # fold-key -> abstracts with the surface next to a number
    df_unc = collections.Counter()  # same, only in uncovered occurrences
    spelled = collections.defaultdict(collections.Counter)  # fold-key -> surface spellings
    metric_df = collections.Counter()  # canonical name -> abstracts
    n_abs = n_with = n_cov_abs = 0
    occ = occ_cov = 0

    for i, summary in enumerate(iter_abstracts(args.corpus)):
        if args.limit and i >= args.limit:
            break
        n_abs += 1
        text = clean(summary)
        seen_all: set[str] = set()
        seen_unc: set[str] = set()
        names: set[str] = set()
        phrases = []
        for ctx, from_left in contexts(text):
            phrases.append(split_phrase(ctx, from_left))
        for toks in phrases:
            if not toks or all(len(t) == 1 for t in toks):
                continue
            occ += 1
            hit = covered(toks, reg)
            if hit:
                occ_cov += 1
                names.add(hit)
            n = len(toks)
            # candidate surfaces: all contiguous n-grams (<= 4)
            grams = {" ".join(toks[a:b]) for a in range(n) for b in range(a + 1, min(n, a + 4) + 1)}
            for g in grams:
                k = fold(g)
                seen_all.add(k)
                spelled[k][g] += 1
                if not hit:
                    seen_unc.add(k)
        if seen_all:
            n_with += 1
        if names:
            n_cov_abs += 1
        df_all.update(seen_all)
        df_unc.update(seen_unc)
        metric_df.update(names)

    def show(k: str) -> str:
        return " | ".join(f"{s}" for s, _ in spelled[k].most_common(3))

    def is_registry_surface(k: str) -> bool:
        return any(reg.lookup(s) for s in spelled[k])

    not_metric = {fold(x) for x in _NOT_METRIC_SRC.split()} | ignore

    def metric_like(k: str) -> bool:
        if k in not_metric:
            return False
        top = spelled[k].most_common(1)[0][0]
        last = top.split()[-1]
        if fold(last) in METRIC_HEADS or fold(last).rstrip("s") in METRIC_HEADS:
            return True
        # acronyms / symbol forms: AUPRC, HD95, R@1, AP$_{50}$
        return bool(re.search(r"[@$^{}]", top)) or (
            len(top.split()) == 1
            and sum(ch.isupper() for ch in top) >= 2
            and not re.search(r"\d+(?:\.\d+)?[BbMKk]$", top)
        )

    frequent = [k for k, c in df_all.items() if c >= args.min_df and k not in ignore]
    unc_all = sorted(
        (k for k in frequent if df_unc[k] >= args.min_df and not is_registry_surface(k)),
        key=lambda k: -df_unc[k],
    )
    unc_ml = [k for k in unc_all if metric_like(k)]
    unc = unc_all if args.all else unc_ml
    print(f"registry entries: {reg.n}  surfaces: {len(reg.cs) + len(reg.ci)}")
    print(
        f"abstracts: {n_abs}  with a number-adjacent candidate: {n_with}  "
        f"with a covered metric: {n_cov_abs} ({100 * n_cov_abs / max(n_abs, 1):.1f}%)"
    )
    print(f"candidate occurrences: {occ}  covered: {occ_cov} ({100 * occ_cov / max(occ, 1):.1f}%)")
    print(
        f"candidate surfaces with df>={args.min_df} (minus ignore list): {len(frequent)}; "
        f"uncovered (df_uncovered>={args.min_df}): {len(unc_all)}, of which metric-like: {len(unc_ml)}"
    )
    kind = "" if args.all else "metric-like "
    print(
        f"\n== top {args.top} uncovered {kind}surfaces (df in uncovered occurrences / df overall) =="
    )
    for k in unc[: args.top]:
        print(f"{df_unc[k]:6d} {df_all[k]:6d}  {show(k)}")
    if reg.n:
        print(f"\n== registry metrics by abstracts (top {args.top}) ==")
        for name, c in metric_df.most_common(args.top):
            print(f"{c:6d}  {name}")
        zero = sorted({*reg.cs.values(), *reg.ci.values()} - set(metric_df))
        print(f"\nregistry names never seen next to a number: {len(zero)}: {', '.join(zero)}")
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for k, c in df_all.most_common():
                fh.write(f"{c}\t{df_unc[k]}\t{k}\t{show(k)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
