"""Count "long form (ACR)" definitions across an abstract corpus.

Finds acronym definitions with the Schwartz & Hearst (2003) algorithm ("A simple
algorithm for identifying abbreviation definitions in biomedical text", PSB 2003):
a short form in parentheses, and a long form chosen among the words just before it
whose characters, read right to left, spell the short form, the first letter of the
short form starting a word.

For each acronym (plural "LLMs" folded onto "LLM") it reports the number of papers that
define it, the number of distinct long forms, the share of the most common long form,
and that long form. An acronym defined by many papers with one generic long form is a
concept (a stop-list candidate); one defined once or twice is usually a paper's own name.

The established list (rules/established_acronyms.tsv) is written with --established: every
(acronym, long form) pair that at least --form-papers papers define, long forms compared
with extract.rules.long_form_key (so "rotary positional embeddings" counts with "Rotary
Position Embedding"), concepts of rules/not_methods.txt left out. A coined name that many
papers reuse with their own expansions (TRACE, PRISM, SAGE: one paper per long form) never
reaches the threshold and so stays each paper's own.

Usage:
    python tools/acronym_stats.py [CORPUS.jsonl.gz] [--top 400] [--min-papers 2] [--tsv OUT]
        [--established OUT [--form-papers 5]]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import regex

from extract.rules import long_form_key

DEFAULT_CORPUS = (
    Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "arxiv_cs_2025.jsonl.gz"
)

# A short form: 2-10 characters, starts with a letter, has at least one capital,
# letters/digits with inner hyphens, dots or '+', optionally a plural "s".
SHORT_FORM = regex.compile(r"\((?P<short>[A-Za-z][A-Za-z0-9]*(?:[-.+/&][A-Za-z0-9]+)*\+{0,2})\)")
WORD = regex.compile(r"\S+")


def read_abstracts(path: Path) -> Iterator[tuple[str, str]]:
    """Yield (id, title + abstract) from a JSON-lines file (gzip or plain)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = " ".join(filter(None, [record.get("title"), record.get("summary")]))
            yield record.get("id", ""), " ".join(text.split())


def is_short_form(candidate: str) -> bool:
    """Schwartz & Hearst: 2..10 chars, a letter first, and (our addition) a capital letter."""
    letters = [c for c in candidate if c.isalnum()]
    return (
        2 <= len(candidate) <= 10
        and candidate[0].isalpha()
        and any(c.isupper() for c in candidate)
        and len(letters) >= 2
    )


def best_long_form(short: str, long: str) -> str | None:
    """Schwartz & Hearst's findBestLongForm: match short-form characters right to left."""
    s_index = len(short) - 1
    l_index = len(long) - 1
    while s_index >= 0:
        current = short[s_index].lower()
        if not current.isalnum():
            s_index -= 1
            continue
        while (l_index >= 0 and long[l_index].lower() != current) or (
            s_index == 0 and l_index > 0 and long[l_index - 1].isalnum()
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = long.rfind(" ", 0, l_index + 1) + 1
    return long[start:]


def fold_acronym(short: str) -> str:
    """'LLMs' -> 'LLM', 'CNNs' -> 'CNN'; keep 'FLOPs' and mixed-case names as written."""
    if short.endswith("s") and len(short) > 2 and short[:-1].isupper() and short != "FLOPs":
        return short[:-1]
    return short


def fold_long_form(long: str) -> str:
    """Lower-case, hyphens as spaces, a final plural 's' dropped."""
    words = regex.sub(r"[-\u2010-\u2015]", " ", long.lower()).split()
    if (
        words
        and len(words[-1]) > 3
        and words[-1].endswith("s")
        and not words[-1].endswith(("ss", "is", "us"))
    ):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def find_definitions(text: str) -> Iterator[tuple[str, str]]:
    """Yield (short form, long form) for every "long form (SHORT)" in the text."""
    for match in SHORT_FORM.finditer(text):
        short = match.group("short")
        if not is_short_form(short):
            continue
        before = text[: match.start()].rstrip()
        # Stop at the previous clause boundary, as Schwartz & Hearst do.
        cut = max(before.rfind(p) for p in (". ", "; ", ": ", "(", ")", ", "))
        window_words = WORD.findall(before[cut + 1 :] if cut >= 0 else before)
        max_words = min(len(short) + 5, len(short) * 2)
        window = " ".join(window_words[-max_words:])
        if not window:
            continue
        long = best_long_form(short, window)
        if long is None or len(long) <= len(short) or short.lower() in long.lower().split():
            continue
        yield short, long


def collect(records: Iterable[tuple[str, str]]) -> dict[str, dict]:
    """Per folded acronym: papers defining it, long-form counter, surface counter."""
    stats: dict[str, dict] = defaultdict(
        lambda: {
            "papers": 0,
            "long": Counter(),
            "surface": Counter(),
            "form_papers": Counter(),  # long_form_key -> papers
            "form_text": Counter(),  # (long_form_key, folded text) -> definitions
        }
    )
    for _paper_id, text in records:
        seen: set[str] = set()
        for short, long in find_definitions(text):
            key = fold_acronym(short)
            entry = stats[key]
            entry["surface"][short] += 1
            form = long_form_key(long)
            entry["form_text"][(form, fold_long_form(long))] += 1
            if (key, form) not in seen:
                entry["form_papers"][form] += 1
                seen.add((key, form))
            if key not in seen:
                entry["papers"] += 1
                entry["long"][fold_long_form(long)] += 1
                seen.add(key)
    return stats


def established_forms(
    stats: dict[str, dict], form_papers: int, stop_terms: frozenset[str]
) -> list[tuple[str, str, int]]:
    """(acronym, most common spelling of the long form, papers) for every pair defined by at
    least `form_papers` papers, most papers first; stop-list concepts left out."""
    rows = []
    for acronym, entry in stats.items():
        if acronym in stop_terms:
            continue
        for form, papers in entry["form_papers"].items():
            if papers < form_papers:
                continue
            spellings = Counter(
                {text: n for (f, text), n in entry["form_text"].items() if f == form}
            )
            long = spellings.most_common(1)[0][0]
            if long.lower() in stop_terms:
                continue
            rows.append((acronym, long, papers))
    return sorted(rows, key=lambda r: (-r[2], r[0], r[1]))


def write_established(path: Path, rows: list[tuple[str, str, int]], form_papers: int) -> None:
    header = (
        "# Acronyms that many papers define with the same long form: existing methods and\n"
        "# things, not a paper's own contribution when defined that way (\"Monte Carlo Tree\n"
        '# Search (MCTS)"), and one identity across papers (method_key). Made by\n'
        "# tools/acronym_stats.py --established over the 2025 arXiv corpus: every pair of\n"
        f"# acronym and long form defined by at least {form_papers} papers (long forms compared\n"
        "# loosely: case, hyphens, plurals, -al), concepts of not_methods.txt left out. An\n"
        "# acronym may have several lines (SD: stable diffusion, standard deviation).\n"
        "# Columns: acronym, long form, papers.\n"
    )
    with path.open("w", encoding="utf-8") as out:
        out.write(header)
        for acronym, long, papers in rows:
            out.write(f"{acronym}\t{long}\t{papers}\n")


def read_stop_terms(path: Path) -> frozenset[str]:
    terms = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return frozenset(t for t in terms if t)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--top", type=int, default=400, help="how many acronyms to print")
    parser.add_argument("--min-papers", type=int, default=1)
    parser.add_argument("--tsv", type=Path, help="also write every acronym to this TSV file")
    parser.add_argument("--established", type=Path, help="write the established list here")
    parser.add_argument("--form-papers", type=int, default=5, help="papers per established pair")
    args = parser.parse_args(argv)

    stats = collect(read_abstracts(args.corpus))
    ranked = sorted(stats.items(), key=lambda kv: (-kv[1]["papers"], kv[0]))
    rows = []
    for acronym, entry in ranked:
        if entry["papers"] < args.min_papers:
            continue
        top_long, top_count = entry["long"].most_common(1)[0]
        rows.append(
            (
                acronym,
                entry["papers"],
                len(entry["long"]),
                top_count / entry["papers"],
                top_long,
                "/".join(s for s, _ in entry["surface"].most_common(3)),
            )
        )
    print(
        f"# {len(stats)} acronyms defined; {sum(1 for e in stats.values() if e['papers'] <= 2)} defined in 1-2 papers"
    )
    print("acronym\tpapers\tlong_forms\ttop_share\ttop_long_form\tsurfaces")
    for row in rows[: args.top]:
        print(f"{row[0]}\t{row[1]}\t{row[2]}\t{row[3]:.2f}\t{row[4]}\t{row[5]}")
    if args.tsv:
        with args.tsv.open("w", encoding="utf-8") as out:
            out.write("acronym\tpapers\tlong_forms\ttop_share\ttop_long_form\tsurfaces\n")
            for row in rows:
                out.write(f"{row[0]}\t{row[1]}\t{row[2]}\t{row[3]:.2f}\t{row[4]}\t{row[5]}\n")
    if args.established:
        stop = read_stop_terms(Path(__file__).resolve().parents[1] / "rules" / "not_methods.txt")
        forms = established_forms(stats, args.form_papers, stop)
        write_established(args.established, forms, args.form_papers)
        print(f"# {len(forms)} established pairs written to {args.established}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
