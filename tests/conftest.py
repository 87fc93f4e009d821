"""Shared fixtures: the rules and compiled tools are built once per test session."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import BaseModel

from extract.core import Batch, process
from extract.nlp import Tools, build_tools
from extract.rules import Rules, load_rules
from extract.schemas import Paper
from extract.text import paper_id

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m extract ARGS` in a child process, from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "extract", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def dataset_hashes(out: Path) -> dict[str, str]:
    """An output folder's published version: its link and the hash of each of its files."""
    version = (out / "current").resolve()
    files = sorted(p for p in version.rglob("*") if p.is_file())
    got = {str(p.relative_to(version)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    return {"current": os.readlink(out / "current"), **got}


def staging_dirs(out: Path) -> list[Path]:
    """Staging folders in an output folder (a run is writing, or one died)."""
    versions = out / ".versions"
    return sorted(versions.glob(".staging-*")) if versions.is_dir() else []


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/baseline.json with the scores measured now (read the diff!)",
    )


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(scope="session")
def tools(rules: Rules) -> Tools:
    return build_tools(rules)


Extractor = Callable[..., dict[str, list[BaseModel]]]


@pytest.fixture(scope="session")
def extract_rows(tools: Tools) -> Extractor:
    """Run the whole pipeline on one abstract (and optional title); rows by table."""

    def run(abstract: str, title: str | None = None) -> dict[str, list[BaseModel]]:
        paper = Paper(
            paper_id=paper_id(abstract), source="test", record=1, title=title, abstract=abstract
        )
        batch: Batch = process([paper], tools)
        return batch.rows

    return run
