# The README's two quick-start commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install dev web-assets serve screenshots bench-web lint evaluate bench bench-corpus bench-ingest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files: the package (editable, so source edits need no reinstall) and the front-end
# libraries are installed again only when pyproject.toml or the npm lock file changes.
INSTALLED := $(VENV)/.installed
DEV_INSTALLED := $(VENV)/.installed-dev
ASSETS := $(VENV)/.web-assets

install: $(INSTALLED) $(ASSETS)

dev: $(DEV_INSTALLED) $(ASSETS)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(INSTALLED)

# the web app's front-end libraries: npm registry (pinned by web/package-lock.json) →
# web/node_modules → src/casus/web/static/vendor (both git-ignored; served locally, no CDN)
$(ASSETS): web/package-lock.json | $(INSTALLED)
	npm ci --prefix web --no-audit --no-fund --ignore-scripts --loglevel=error
	$(BIN)/python -m casus.web.assets web/node_modules
	touch $@

# the same, whether or not anything changed
web-assets: | $(INSTALLED)
	rm -f $(ASSETS)
	$(MAKE) --no-print-directory $(ASSETS)

# docs/screenshots/*.png: every page, taken by the browser tests from the demo corpus
screenshots: dev
	CASUS_SCREENSHOTS=1 $(BIN)/pytest -q tests/web/test_web_browser.py

# 50,000 generated events, the events API on 127.0.0.1: requests/s and p95 (README figures)
bench-web: install
	$(BIN)/python benchmarks/load_web.py

# the demo corpus ingested into build/demo.db, then the web app on http://127.0.0.1:8000/
serve: install
	rm -f build/demo.db
	$(BIN)/casus ingest --db build/demo.db --workers 0 demo/corpus demo/articles.jsonl
	$(BIN)/casus serve --db build/demo.db

# the main job on the demo corpus: code it (tables), then store it, find wire copies, count
demo: install
	$(BIN)/casus code --format table demo/corpus/*
	$(BIN)/casus code --format table --jsonl demo/articles.jsonl
	rm -f build/demo.db
	$(BIN)/casus ingest --db build/demo.db demo/corpus demo/articles.jsonl
	$(BIN)/casus dedup --db build/demo.db
	$(BIN)/casus stats --db build/demo.db

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
