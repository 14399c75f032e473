# The two commands of the README's Quick start.  Both create the virtualenv first
# (once; again whenever pyproject.toml changes).
VENV ?= .venv
PYTHON ?= python3
INSTALLED := $(VENV)/.installed

.PHONY: demo test lint clean-demo

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

## the main job, offline: embedded Postgres, synthetic season, replay, ingestion, dbt build, docs
demo: $(INSTALLED)
	$(VENV)/bin/courtside demo

## every test suite (pytest + the real dbt + the embedded Postgres)
test: $(INSTALLED)
	$(VENV)/bin/ruff check ingest sandbox tests bench
	$(VENV)/bin/pytest

lint: $(INSTALLED)
	$(VENV)/bin/ruff check ingest sandbox tests bench
	$(VENV)/bin/ruff format --check ingest sandbox tests bench
