"""Count Title Case component phrases ("Contrastive Loss", "Multi-Head Attention") across a corpus.

A phrase a paper introduces as its own component ("Cross-Scale Gating Module") is written by
that paper alone; one that many unrelated papers write is an existing technique. This tool
counts, for every Title Case phrase ending in one of the component heads of the
method.component rules, the papers that write it (phrases compared with
extract.rules.long_form_key, so plurals, hyphens and case agree), and writes those written
by at least --min-papers papers to rules/established_phrases.txt, which keeps them out of
`proposed`.

Usage:
    python tools/phrase_stats.py [CORPUS.jsonl.gz] [--min-papers 3] [--out FILE] [--top 50]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import regex

from extract.rules import RULES_DIR, long_form_key

sys.path.insert(0, str(Path(__file__).resolve().parent))
from acronym_stats import DEFAULT_CORPUS, read_abstracts

_WORD = r"\p{Lu}[\p{L}\p{N}]*(?:-[\p{L}\p{N}]+)*"
_FUNCTION = frozenset("A An The Our We This These In For To With Our Its Each".split())


def heads() -> list[str]:
    """The head nouns of the method.component rules (their required words)."""
    out: list[str] = []
    for line in (RULES_DIR / "patterns" / "methods.jsonl").read_text("utf-8").splitlines():
        rule = json.loads(line)
        if rule["id"].startswith("method.component"):
            out += rule["requires"]
    return out


def phrase_pattern(words: list[str]) -> regex.Pattern[str]:
    alt = "|".join(sorted(words, key=lambda w: (-len(w), w)))
    return regex.compile(
        rf"(?<![\p{{L}}\p{{N}}-])(?:{_WORD}\s+){{1,4}}(?:{alt})s?(?![\p{{L}}\p{{N}}-])"
    )


def phrases(text: str, pattern: regex.Pattern[str]) -> set[tuple[str, str]]:
    """(key, surface) of every phrase in the text, each suffix too ("Multi-Head Attention"
    inside "Masked Multi-Head Attention"), function words at the start dropped."""
    out = set()
    for m in pattern.finditer(text, overlapped=True):
        words = m.group().split()
        while words and words[0] in _FUNCTION:
            words = words[1:]
        for i in range(len(words) - 1):
            surface = " ".join(words[i:])
            out.add((long_form_key(surface), surface))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--min-papers", type=int, default=3)
    parser.add_argument("--out", type=Path, help="write the established phrases here")
    parser.add_argument("--top", type=int, default=50)
    args = parser.parse_args(argv)

    pattern = phrase_pattern(heads())
    papers: Counter[str] = Counter()
    spelling: dict[str, Counter[str]] = {}
    for _paper_id, text in read_abstracts(args.corpus):
        for key, surface in phrases(text, pattern):
            spelling.setdefault(key, Counter())[surface] += 1
        for key in {k for k, _ in phrases(text, pattern)}:
            papers[key] += 1
    kept = [(k, n) for k, n in papers.most_common() if n >= args.min_papers]
    print(f"# {len(papers)} phrases; {len(kept)} in at least {args.min_papers} papers")
    for key, n in kept[: args.top]:
        print(f"{n}\t{spelling[key].most_common(1)[0][0]}")
    if args.out:
        with args.out.open("w", encoding="utf-8") as out:
            out.write(
                "# Title Case component phrases that many papers write: existing techniques\n"
                "# (Contrastive Loss, Multi-Head Attention), not a paper's own component.\n"
                f"# Made by tools/phrase_stats.py: written by at least {args.min_papers} papers of\n"
                "# the 2025 arXiv corpus (compared as extract.rules.long_form_key compares).\n"
                "# One phrase a line, the most common spelling, then a tab and the papers.\n"
            )
            for key, n in sorted(kept, key=lambda kn: spelling[kn[0]].most_common(1)[0][0]):
                out.write(f"{spelling[key].most_common(1)[0][0]}\t{n}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
