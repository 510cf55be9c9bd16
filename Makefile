# The README's two quick-start commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install dev lint evaluate bench bench-corpus bench-ingest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

demo: install
	$(BIN)/casus code --format table demo/corpus/*
	$(BIN)/casus code --format table --jsonl demo/articles.jsonl

lint: dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

evaluate: install
	$(BIN)/casus evaluate tests/gold/casus_gold.jsonl

bench: install
	$(BIN)/python benchmarks/bench_coder.py

# 5,000 varied articles from the demo corpus, in benchmarks/corpus/ (git-ignored)
bench-corpus: install
	$(BIN)/python benchmarks/make_corpus.py

# ingest that corpus with 1 and 2 workers into fresh SQLite files; compare with spaCy alone
bench-ingest: install
	$(BIN)/python benchmarks/bench_ingest.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
