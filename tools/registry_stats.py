#!/usr/bin/env python3
"""Measure a benchmark registry against a corpus of abstracts.

Standalone (stdlib + ``regex``).  Reads JSON-lines abstracts (optionally
gzipped; text under ``summary``, ``abstract`` or ``text``) and prints

  (a) the most frequent *candidate* dataset/benchmark names found in typical
      frames ("on the X dataset", "X benchmark", "experiments on X, Y and Z",
      "datasets (X, Y, Z)", "datasets such as X ...") that are NOT covered by
      the registry (after folding), counted in abstracts;
  (b) for every registry entry, the number of abstracts that mention it, and
      the share of abstracts with at least one registry match.

Folding (same as the matcher): lowercase unless the entry is case_sensitive,
then delete every character in `` -_~``.  ``+`` and ``.`` are kept.

Ambiguous surfaces only count when there is benchmark context: a frame word
(dataset, benchmark, corpus, ...) within a few tokens, a preceding "on"/"of"
style preposition, or another unambiguous registry match in the same sentence.

Usage:
  python tools/registry_stats.py [--corpus PATH] [--registry PATH] [--top N]
  python tools/registry_stats.py --judged SAMPLE [--registry PATH]   # registry coverage
  python tools/registry_stats.py --judged SAMPLE --found   # found by the pipeline (needs extract)
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import sys
import time

import regex

DEFAULT_CORPUS = "/work/shared/corpus/arxiv_cs_2025.jsonl.gz"
DEFAULT_REGISTRY = "rules/benchmarks.jsonl"

FOLD_DELETE = str.maketrans("", "", " -_~")
MAX_NGRAM = 6


def fold(s: str, case_sensitive: bool = False) -> str:
    s = s.replace("\u2010", "-").replace("\u2011", "-").replace("\u2013", "-")
    if not case_sensitive:
        s = s.lower()
    return s.translate(FOLD_DELETE)


# ---------------------------------------------------------------------------
# registry
# ---------------------------------------------------------------------------


class Registry:
    def __init__(self, path: str):
        self.entries = []
        # folded key -> list of (entry index, ambiguous?, case_sensitive?)
        self.ci: dict[str, tuple[int, bool]] = {}
        self.cs: dict[str, tuple[int, bool]] = {}
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                e = json.loads(line)
                idx = len(self.entries)
                self.entries.append(e)
                amb = {fold(a) for a in e.get("ambiguous", [])}
                cs = bool(e.get("case_sensitive"))
                for surf in [e["name"], *e.get("aliases", [])]:
                    key = fold(surf)
                    is_amb = key in amb
                    if cs:
                        self.cs[fold(surf, True)] = (idx, is_amb)
                    # the case-insensitive key is always registered for
                    # "covered?" checks of candidates
                    self.ci.setdefault(key, (idx, is_amb))
                    if not cs:
                        self.ci[key] = (idx, is_amb)
        self.cs_entries = {i for i, e in enumerate(self.entries) if e.get("case_sensitive")}
        self.prefixes = set()
        for key in list(self.ci) + list(self.cs):
            for i in range(1, len(key) + 1):
                self.prefixes.add(key[:i])
                self.prefixes.add(key[:i].lower())

    def covers(self, candidate: str) -> bool:
        return fold(candidate) in self.ci


# ---------------------------------------------------------------------------
# tokenisation and matching
# ---------------------------------------------------------------------------

TOKEN_RE = regex.compile(r"[\p{L}\p{N}](?:[\p{L}\p{N}+'’]|\.(?=[\p{L}\p{N}]))*\+*")
SENT_SPLIT_RE = regex.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
FRAME_WORDS = {
    "dataset",
    "datasets",
    "benchmark",
    "benchmarks",
    "corpus",
    "corpora",
    "suite",
    "split",
    "splits",
    "set",
    "sets",
    "testbed",
    "leaderboard",
    "subset",
    "val",
    "test",
    "validation",
    "challenge",
    "data",
    "tasks",
    "task",
    "environment",
    "environments",
    "collection",
}
PREP_WORDS = {
    "on",
    "of",
    "using",
    "from",
    "with",
    "across",
    "including",
    "and",
    "like",
    "include",
    "includes",
}


def find_matches(text: str, reg: Registry) -> set[int]:
    """Return the set of registry entry indexes mentioned in `text`."""
    found: set[int] = set()
    for sent in SENT_SPLIT_RE.split(text):
        toks = [m.group(0) for m in TOKEN_RE.finditer(sent)]
        low = [t.lower() for t in toks]
        hits = []  # (start, end, idx, ambiguous)
        n = len(toks)
        prefixes = reg.prefixes
        i = 0
        while i < n:
            best = None
            key_ci = ""
            key_cs = ""
            for j in range(i, min(n, i + MAX_NGRAM)):
                key_ci += low[j]
                key_cs += toks[j]
                if key_ci not in prefixes and key_cs not in prefixes:
                    break
                hit = reg.cs.get(key_cs)
                if hit is None:
                    h = reg.ci.get(key_ci)
                    if h is not None and h[0] not in reg.cs_entries:
                        hit = h
                if hit is not None:
                    best = (i, j + 1, hit[0], hit[1])
            if best:
                hits.append(best)
                i = best[1]
            else:
                i += 1
        if not hits:
            continue
        has_unamb = any(not h[3] for h in hits)
        for s, e, idx, amb in hits:
            if not amb:
                found.add(idx)
                continue
            ctx = False
            if has_unamb:
                ctx = True
            else:
                window = low[max(0, s - 4) : s] + low[e : e + 4]
                if any(w in FRAME_WORDS for w in window) or (s > 0 and low[s - 1] in PREP_WORDS):
                    ctx = True
            if ctx:
                found.add(idx)
    return found


# ---------------------------------------------------------------------------
# candidate extraction
# ---------------------------------------------------------------------------

# a "name word": has an uppercase letter or a digit somewhere (ImageNet,
# nuScenes, KITTI, GSM8K, v2, 2017) or is a version-ish suffix
NW = r"(?:[\p{L}\p{N}][\p{L}\p{N}+.'’/&-]*[\p{L}\p{N}+]|[\p{Lu}\p{N}])"
NAMEWORD_RE = regex.compile(rf"^{NW}$")
LIST_ITEM_SPLIT = regex.compile(r"\s*(?:,\s*(?:and|or)\s+|,|;|\s+and\s+|\s+or\s+|/(?=\s))\s*")
FRAME_NOUN = (
    r"(?:datasets?|benchmarks?|corpus|corpora|data\s?sets?|suites?|testbeds?|leaderboards?)"
)

FRAMES = [
    # on the X dataset / benchmark
    regex.compile(
        rf"\b(?:on|using|with|from|of|in)\s+(?:the\s+)?(?:challenging\s+|popular\s+|public\s+|widely[- ]used\s+|large[- ]scale\s+|standard\s+|real[- ]world\s+)?(?P<list>(?:[^.;:()\n]|\.(?=\S)){{1,60}}?)\s+{FRAME_NOUN}\b"
    ),
    # experiments on X, Y and Z / evaluated on X
    regex.compile(
        r"\b(?:experiments|evaluat\w*|results|tested|test|trained|train|fine-?tuned|pretrained|pre-trained|validated|benchmarked|performance|accuracy|improvements?|gains?|outperforms?\s+\w+)\s+(?:\w+\s+){0,3}?(?:on|across|using)\s+(?:the\s+)?(?P<list>(?:[^.;:()\n]|\.(?=\S)){1,160})"
    ),
    # datasets (X, Y, Z)
    regex.compile(rf"\b{FRAME_NOUN}\s*\((?P<list>[^()]{{1,200}})\)"),
    # datasets such as X, Y, and Z
    regex.compile(
        rf"\b{FRAME_NOUN},?\s+(?:such\s+as|including|like|e\.g\.,?|namely|i\.e\.,?)\s+(?P<list>(?:[^.;:()\n]|\.(?=\S)){{1,160}})"
    ),
    # including X and Y (benchmarks)
    regex.compile(r"\b(?:benchmarks|datasets)\s*:\s*(?P<list>[^.;()\n]{1,160})"),
]

STOP_FIRST = {
    "We",
    "Our",
    "The",
    "This",
    "These",
    "Those",
    "It",
    "In",
    "On",
    "To",
    "A",
    "An",
    "Experiments",
    "Experimental",
    "Extensive",
    "Results",
    "Comprehensive",
    "Existing",
    "Furthermore",
    "Moreover",
    "Additionally",
    "However",
    "Finally",
    "Specifically",
    "Code",
    "All",
    "Both",
    "Each",
    "Several",
    "Multiple",
    "Three",
    "Two",
    "Four",
    "Five",
    "Six",
    "Many",
    "Most",
    "Other",
    "Various",
    "Public",
    "Large",
    "New",
    "Real",
    "When",
    "While",
    "With",
    "Across",
    "Using",
    "Based",
    "For",
    "By",
    "As",
    "At",
    "From",
    "Evaluations",
    "Evaluation",
    "Evaluating",
    "Empirical",
    "Through",
    "Here",
    "Then",
    "Among",
    "Over",
    "Under",
    "Without",
    "Given",
    "Thus",
    "Overall",
    "Further",
    "Also",
    "Notably",
    "Importantly",
    "Compared",
    "Unlike",
    "Such",
    "Some",
    "Any",
    "One",
    "If",
    "And",
    "Or",
    "Of",
    "Its",
    "Their",
    "They",
    "Is",
    "Are",
    "LLM",
    "LLMs",
    "VLM",
    "VLMs",
    "MLLM",
    "MLLMs",
    "AI",
    "GPU",
    "GPUs",
    "SOTA",
    "CNN",
    "CNNs",
}
TRAIL_STRIP = regex.compile(
    r"(?:\s+(?:datasets?|benchmarks?|corpus|corpora|suites?|data|splits?|tasks?|test|val|"
    r"validation|challenge|leaderboard|environments?))+$",
    regex.I,
)
LEAD_STRIP = regex.compile(
    r"^(?:the|a|an|both|two|three|four|five|six|several|multiple|various|public|"
    r"challenging|popular|standard|widely[- ]used|large[- ]scale|real[- ]world|"
    r"benchmark|dataset|datasets|benchmarks|including|such as|like|e\.g\.,?)\s+",
    regex.I,
)
GENERIC = {
    "SOTA",
    "LLM",
    "LLMs",
    "AI",
    "VLM",
    "VLMs",
    "MLLM",
    "MLLMs",
    "RL",
    "QA",
    "VQA",
    "OOD",
    "ID",
    "API",
    "GPU",
    "CNN",
    "NLP",
    "CV",
    "ML",
    "DL",
    "3D",
    "2D",
    "4D",
    "RGB",
    "GPT",
    "GPT-4",
    "GPT-4o",
    "SFT",
    "RAG",
    "LoRA",
    "ViT",
    "CoT",
    "IoU",
    "mAP",
    "FID",
    "PSNR",
    "SSIM",
    "BLEU",
    "ROUGE",
    "F1",
    "AUC",
    "MSE",
    "MAE",
    "SR",
    "ASR",
    "TTS",
    "KG",
    "GNN",
    "GNNs",
    "HOI",
    "VLA",
    "LVLM",
    "LVLMs",
    "LMM",
    "LMMs",
    "MoE",
    "DPO",
    "PPO",
    "GRPO",
}


def is_candidate(item: str) -> bool:
    words = item.split()
    if not words or len(words) > 5:
        return False
    if words[0] in STOP_FIRST:
        return False
    if item in GENERIC:
        return False
    for w in words:
        if not NAMEWORD_RE.match(w):
            return False
    first = words[0]
    # must look like a name: some uppercase or digit in the first word, or a
    # mixed-case word anywhere
    if not (regex.search(r"[\p{Lu}\p{N}]", first)):
        return False
    # single capitalised common word like "Sentinel" is allowed; plain years not
    if regex.fullmatch(r"[\p{N}.,%]+", item):
        return False
    return not len(item) < 2


def clean_item(item: str) -> str:
    item = item.strip(" \t\n,.;:'\"`*")
    item = item.replace("\n", " ")
    item = regex.sub(r"\s+", " ", item)
    prev = None
    while prev != item:
        prev = item
        item = LEAD_STRIP.sub("", item)
        item = TRAIL_STRIP.sub("", item)
        item = item.strip(" ,.;:'\"`*")
    return item


NOUN_AFTER_RE = regex.compile(rf"\s+{FRAME_NOUN}\b")


def extract_candidates(text: str) -> set[str]:
    text = text.replace("\n", " ")
    out: set[str] = set()
    # X dataset / X benchmark: up to 4 name words right before the noun
    for m in NOUN_AFTER_RE.finditer(text):
        words = text[max(0, m.start() - 100) : m.start()].split()
        name = []
        for w in reversed(words[-5:]):
            if (NAMEWORD_RE.match(w) or w == "and") and not w.endswith((",", ";", ":")):
                name.insert(0, w)
            else:
                break
        # "A and B dataset(s)" -> both A and B
        parts = " ".join(name).split(" and ")
        for part in parts:
            ws = part.split()
            while ws:
                it = clean_item(" ".join(ws))
                if is_candidate(it):
                    out.add(it)
                    break
                ws.pop(0)
    for rx in FRAMES:
        for m in rx.finditer(text):
            gd = m.groupdict()
            raw = gd.get("list") or gd.get("one") or ""
            if gd.get("list") is not None:
                # stop the list at the first clause-ish word
                raw = regex.split(
                    r"\s+(?:datasets?|benchmarks?|that|which|where|while|with|to|for|show|demonstrate\w*|reveal\w*|indicate\w*|confirm\w*|achiev\w*|using|by|under|in|outperform\w*|across|respectively|as|than|from|the\s+results)\b",
                    raw,
                )[0]
                items = LIST_ITEM_SPLIT.split(raw)
            else:
                items = [raw]
            for it in items:
                it = clean_item(it)
                if is_candidate(it):
                    out.add(it)
    return out


# ---------------------------------------------------------------------------


def read_corpus(path: str):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            text = obj.get("summary") or obj.get("abstract") or obj.get("text") or ""
            yield text


def judged_coverage(path: str, reg: Registry) -> int:
    """Share of hand-judged dataset mentions whose surface the registry knows, split into
    datasets that existed before the paper and those the paper introduces (which only
    discovery can find)."""
    known: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    missed: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            for mention in json.loads(line)["datasets"]:
                kind = mention["kind"]
                total[kind] += 1
                if any(reg.covers(s) for s in [mention["surface"], *mention.get("aliases", [])]):
                    known[kind] += 1
                else:
                    missed.append(f"{kind}: {mention['surface']}")
    for kind in sorted(total):
        print(
            f"{kind:10s} {known[kind]:4d}/{total[kind]:<4d} known ({known[kind] / total[kind]:.0%})"
        )
    n, k = sum(total.values()), sum(known.values())
    print(f"{'all':10s} {k:4d}/{n:<4d} known ({k / n:.0%})" if n else "no mentions")
    for m in missed:
        print("  not known:", m)
    return 0


def found_by_pipeline(path: str, corpus: str) -> int:
    """Share of hand-judged dataset mentions that the pipeline outputs as a benchmark row,
    known or not (the judged corpus lines are run through `extract.core.process`), and the
    rows it outputs that the judge did not list. Needs the `extract` package (unlike the
    rest of this script)."""
    import pathlib
    import tempfile

    from extract.core import process
    from extract.nlp import build_tools
    from extract.readers import read_inputs
    from extract.rules import fold as pipeline_fold
    from extract.rules import load_rules
    from extract.schemas import Paper

    with open(path, encoding="utf-8") as fh:
        judged = [json.loads(line) for line in fh]
    wanted = {j["corpus_line"] for j in judged}
    records = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i in wanted:
                records[i] = line
    with tempfile.TemporaryDirectory() as tmp:
        sample = pathlib.Path(tmp) / "sample.jsonl"
        sample.write_text("".join(records[j["corpus_line"]] for j in judged), encoding="utf-8")
        papers = [p for p in read_inputs([sample]) if isinstance(p, Paper)]
    rows: dict[str, list] = collections.defaultdict(list)
    for row in process(papers, build_tools(load_rules())).rows["benchmarks"]:
        rows[row.paper_id].append(row)
    total: collections.Counter[str] = collections.Counter()
    hit: collections.Counter[str] = collections.Counter()
    unjudged: list[str] = []
    for j, paper in zip(judged, papers, strict=True):
        got = rows[paper.paper_id]
        keys = {pipeline_fold(r.name) for r in got} | {pipeline_fold(r.mention) for r in got}
        judged_keys: set[str] = set()
        for mention in j["datasets"]:
            surfaces = {pipeline_fold(s) for s in [mention["surface"], *mention.get("aliases", [])]}
            judged_keys |= surfaces
            total[mention["kind"]] += 1
            if surfaces & keys:
                hit[mention["kind"]] += 1
            else:
                print(f"  not found: {mention['kind']}: {mention['surface']}")
        unjudged += [
            r.name
            for r in got
            if not {pipeline_fold(r.name), pipeline_fold(r.mention)} & judged_keys
        ]
    for kind in sorted(total):
        print(f"{kind:10s} {hit[kind]:4d}/{total[kind]:<4d} found ({hit[kind] / total[kind]:.0%})")
    print(f"{'all':10s} {sum(hit.values()):4d}/{sum(total.values()):<4d} found")
    print(f"rows the judge did not list: {len(unjudged)} {unjudged}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--registry", default=DEFAULT_REGISTRY)
    ap.add_argument("--top", type=int, default=100)
    ap.add_argument(
        "--min-count",
        type=int,
        default=1,
        help="only list unknown candidates seen in >= this many abstracts",
    )
    ap.add_argument(
        "--judged",
        help="a hand-judged sample (docs/audit/benchmarks_coverage_sample.jsonl): print the "
        "share of its dataset mentions the registry knows, instead of scanning the corpus",
    )
    ap.add_argument(
        "--found",
        action="store_true",
        help="with --judged: run the pipeline on the judged abstracts and print the share of "
        "mentions it finds (known or not) and the rows the judge did not list",
    )
    args = ap.parse_args(argv)

    t0 = time.time()
    if args.judged and args.found:
        return found_by_pipeline(args.judged, args.corpus)
    reg = Registry(args.registry)
    if args.judged:
        return judged_coverage(args.judged, reg)
    cand_counts: collections.Counter[str] = collections.Counter()
    cand_spell: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    entry_counts: collections.Counter[int] = collections.Counter()
    n_docs = 0
    n_with = 0
    for text in read_corpus(args.corpus):
        n_docs += 1
        seen_keys = set()
        for c in extract_candidates(text):
            k = fold(c)
            if k in seen_keys:
                continue
            seen_keys.add(k)
            cand_spell[k][c] += 1
            cand_counts[k] += 1
        found = find_matches(text.replace("\n", " "), reg)
        if found:
            n_with += 1
            entry_counts.update(found)
    dt = time.time() - t0

    print(
        f"# corpus: {args.corpus}  abstracts: {n_docs}  registry entries: {len(reg.entries)}  time: {dt:.1f}s"
    )
    print()
    print(f"## (a) top {args.top} candidates NOT covered by the registry (abstract counts)")
    shown = 0
    for k, c in cand_counts.most_common():
        if c < args.min_count:
            break
        if k in reg.ci:
            continue
        spellings = ", ".join(f"{s} ({n})" for s, n in cand_spell[k].most_common(3))
        print(f"{c:6d}  {spellings}")
        shown += 1
        if shown >= args.top:
            break
    print()
    print("## (b) abstracts mentioning each registry entry")
    for idx, e in sorted(
        enumerate(reg.entries), key=lambda x: (-entry_counts[x[0]], x[1]["name"].lower())
    ):
        print(f"{entry_counts[idx]:6d}  {e['name']}")
    print()
    share = n_with / n_docs if n_docs else 0.0
    print(
        f"## coverage: {n_with}/{n_docs} abstracts ({share:.1%}) mention at least one registry entry"
    )
    never = sum(1 for i in range(len(reg.entries)) if entry_counts[i] == 0)
    print(f"## registry entries never matched: {never}/{len(reg.entries)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
