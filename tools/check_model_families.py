"""Check rules/model_families.jsonl (and its consistency with rules/not_methods.txt).

Each line must be a JSON object with exactly the keys family, pattern, examples, kind;
the pattern must compile with the `regex` module, contain no capturing group, fully
match each of its 2-6 examples, find each example whole inside a sentence when wrapped
in the word boundaries the extractor uses, and fully match none of: the ~2,000 most
frequent lowercase alphabetic tokens of the corpus (common English and generic ML
words), their capitalised forms (unless the family is in CAPITALISED_OK), and the
stop-list terms. Families are unique, sorted case-insensitively, with unique patterns.
When the golden file is found, no stop-list term may equal a golden method name.

Usage:
    python tools/check_model_families.py [--corpus PATH] [--gold PATH] [--words N]
Exit status 0 when every check passes, 1 otherwise (problems printed one a line).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
FAMILIES = ROOT / "rules" / "model_families.jsonl"
STOP_LIST = ROOT / "rules" / "not_methods.txt"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "arxiv_cs_2025.jsonl.gz"
DEFAULT_GOLD = ROOT.parent / "shared" / "gold" / "dev.jsonl"

KEYS = {"family", "pattern", "examples", "kind"}
KINDS = {
    "backbone",
    "llm",
    "vlm",
    "detector",
    "segmenter",
    "generative",
    "ssl",
    "rl",
    "retrieval",
    "speech",
    "3d",
    "classic_ml",
    "optimizer",
    "augmentation",
    "peft",
    "efficiency",
    "other",
}
# How the extractor is expected to use a pattern: not inside a longer token on either side.
LEFT_BOUNDARY = r"(?<![\w-])"
RIGHT_BOUNDARY = r"(?![\w+])"
# Families whose name is also a capitalised English word or first name, kept on purpose
# because in CS abstracts the capitalised form is almost always the model (checked by
# reading corpus hits; see rules/README-methods.md).
CAPITALISED_OK = {
    "Adam",
    "Claude",
    "Gemini",
    "Mistral",
    "Whisper",
    "Inception",
    "Grok",
    "Sora",
    "Recent optimizers (Muon, Shampoo, GaLore, LAMB)",
}
# Characters a name can start with, tried against each pattern with partial matching.
# Used when the corpus is not available: a few words every pattern must reject.
FALLBACK_WORDS = [
    "same",
    "sam",
    "the",
    "model",
    "method",
    "network",
    "transformer",
    "attention",
    "learning",
    "data",
    "phi",
    "opt",
]


def common_words(corpus: Path, limit: int) -> list[str]:
    """The `limit` most frequent lowercase alphabetic tokens (length >= 2) of the corpus."""
    if not corpus.exists():
        return FALLBACK_WORDS
    counts: Counter[str] = Counter()
    token = regex.compile(r"(?<![\w-])[a-z]{2,}(?![\w-])")
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            counts.update(token.findall(record.get("summary", "")))
    return [word for word, _ in counts.most_common(limit)] + FALLBACK_WORDS


def read_stop_list(path: Path) -> list[str]:
    """Terms of the stop-list: one a line, '#' starts a comment."""
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        term = line.split("#", 1)[0].strip()
        if term:
            terms.append(term)
    return terms


def fold(name: str) -> str:
    """Scoring fold of the spec: case, spaces and hyphens ignored."""
    return regex.sub(r"[\s\-]+", "", name).casefold()


def check_family(number: int, record: object, words: list[str], stop_terms: list[str]) -> list[str]:
    """Problems with one line of the families file."""
    where = f"line {number}"
    if not isinstance(record, dict):
        return [f"{where}: not a JSON object"]
    problems = []
    if set(record) != KEYS:
        problems.append(f"{where}: keys {sorted(record)} != {sorted(KEYS)}")
        return problems
    family, pattern, examples, kind = (record[k] for k in ("family", "pattern", "examples", "kind"))
    where = f"line {number} ({family})"
    if not isinstance(family, str) or not family.strip():
        problems.append(f"{where}: empty family")
    if kind not in KINDS:
        problems.append(f"{where}: unknown kind {kind!r}")
    if not (
        isinstance(examples, list)
        and 2 <= len(examples) <= 6
        and all(isinstance(e, str) for e in examples)
    ):
        problems.append(f"{where}: examples must be a list of 2-6 strings")
        examples = [e for e in examples if isinstance(e, str)] if isinstance(examples, list) else []
    if len(set(examples)) != len(examples):
        problems.append(f"{where}: duplicate examples")
    if not isinstance(pattern, str) or not pattern:
        return [*problems, f"{where}: empty pattern"]
    if pattern.startswith("^") or pattern.endswith("$") or "\\b" in pattern or "(?i" in pattern:
        problems.append(f"{where}: anchors, \\b or inline flags are not allowed")
    try:
        compiled = regex.compile(pattern)
        bounded = regex.compile(LEFT_BOUNDARY + "(?:" + pattern + ")" + RIGHT_BOUNDARY)
    except regex.error as error:
        return [*problems, f"{where}: does not compile: {error}"]
    if compiled.groups:
        problems.append(f"{where}: has {compiled.groups} capturing group(s); use (?:...)")
    for example in examples:
        if not compiled.fullmatch(example):
            problems.append(f"{where}: does not fully match example {example!r}")
            continue
        sentence = f"We compare {example} with prior work."
        found = bounded.search(sentence)
        if not found or found.group() != example:
            problems.append(
                f"{where}: in a sentence finds {found and found.group()!r}, not {example!r}"
            )
    for word in words:
        if compiled.fullmatch(word):
            problems.append(f"{where}: matches the common word {word!r}")
        elif family not in CAPITALISED_OK and compiled.fullmatch(word.capitalize()):
            problems.append(f"{where}: matches the capitalised common word {word.capitalize()!r}")
    for term in stop_terms:
        if compiled.fullmatch(term):
            problems.append(f"{where}: matches the stop-list term {term!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=Path, default=FAMILIES)
    parser.add_argument("--stop-list", type=Path, default=STOP_LIST)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument(
        "--words", type=int, default=2000, help="how many frequent corpus words to test against"
    )
    args = parser.parse_args(argv)

    words = common_words(args.corpus, args.words)
    stop_terms = read_stop_list(args.stop_list)
    problems: list[str] = []
    records = []
    for number, line in enumerate(args.families.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"line {number}: invalid JSON: {error}")
            continue
        problems += check_family(number, record, words, stop_terms)
        records.append(record)

    names = [r.get("family") for r in records if isinstance(r, dict)]
    if len(set(names)) != len(names):
        problems += [f"duplicate family {n!r}" for n, k in Counter(names).items() if k > 1]
    if names != sorted(names, key=lambda n: str(n).casefold()):
        problems.append("families are not sorted by family (case-insensitive)")
    patterns = [r.get("pattern") for r in records if isinstance(r, dict)]
    problems += [
        f"identical pattern in several families: {p!r}"
        for p, k in Counter(patterns).items()
        if k > 1
    ]

    if len(set(stop_terms)) != len(stop_terms):
        problems += [
            f"stop-list term listed twice: {t!r}" for t, k in Counter(stop_terms).items() if k > 1
        ]
    if args.gold.exists():
        golden = set()
        for line in args.gold.read_text(encoding="utf-8").splitlines():
            for method in json.loads(line).get("methods", []):
                golden.update(fold(n) for n in [method["name"], *method.get("aliases", [])])
        problems += [
            f"stop-list term {t!r} is a golden method name" for t in stop_terms if fold(t) in golden
        ]

    for problem in problems:
        print(problem)
    print(
        f"{len(records)} families, {len(stop_terms)} stop-list terms, {len(words)} words checked: "
        f"{'OK' if not problems else f'{len(problems)} problem(s)'}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
