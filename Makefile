# Every target builds its own virtual environment first; nothing relies on what the
# machine happens to have installed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
CORPUS ?= ../shared/corpus/arxiv_cs_2025.jsonl.gz

.PHONY: extract test lint eval bench stats report registry-stats clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	touch $(STAMP)

## Run the pipeline on the built-in sample (samples/) into outputs/
extract: $(STAMP)
	$(BIN)/python -m extract run

## Lint, format check, type check, then the test suite
test: $(STAMP) lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check extract tests tools
	$(BIN)/ruff format --check extract tests tools
	$(BIN)/mypy extract/

## Golden-file agreement (precision / recall / F1 per field)
eval: $(STAMP)
	$(BIN)/python -m extract eval tests/golden/dev.jsonl

## Throughput and memory benchmark on the sample; BENCH=path times a real corpus, e.g.
## make bench BENCH=../shared/corpus/arxiv_cs_2025.jsonl.gz
bench: $(STAMP)
	$(BIN)/python -m extract bench $(BENCH)

## Most frequent benchmarks, unknown datasets and metrics in outputs/
stats: $(STAMP)
	$(BIN)/python -m extract stats outputs

## Offline HTML report (leaderboards, trends, plots) over a run's tables:
## make report [OUT=outputs] [REPORT=report.html]
OUT    ?= outputs
REPORT ?= report.html
report: $(STAMP)
	$(BIN)/python -m extract report $(OUT) --out $(REPORT)

## Measure registry coverage over a corpus
registry-stats: $(STAMP)
	$(BIN)/python tools/registry_stats.py --corpus $(CORPUS) --registry rules/benchmarks.jsonl

clean:
	rm -rf $(VENV) outputs/*.parquet outputs/manifest.json outputs/current outputs/.versions outputs/.lock report.html \
	  $(addprefix outputs/,papers methods benchmarks results improvements links flags rejects) .mypy_cache .ruff_cache .pytest_cache build *.egg-info
