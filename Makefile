# The two commands of the README's Quick start.  Both create the virtualenv first
# (once; again whenever pyproject.toml changes).
VENV ?= .venv
PYTHON ?= python3
INSTALLED := $(VENV)/.installed
# pytest workers for `make test` (pytest-xdist); the tests that share an expensive
# session fixture run on one worker (tests/conftest.py)
TEST_WORKERS ?= 2

JARS := .courtside/jars/.fetched

.PHONY: demo test lint clean-demo spark

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
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadgroup

lint: $(INSTALLED)
	$(VENV)/bin/ruff check ingest sandbox tests bench
	$(VENV)/bin/ruff format --check ingest sandbox tests bench

## the Spark target: pyspark + dbt-spark, and Delta Lake's jars from Maven Central (install time only)
spark: $(INSTALLED) $(JARS)

$(JARS): spark/pom.xml
	$(VENV)/bin/pip install --quiet -e '.[dev,spark]'
	mvn -q -f spark/pom.xml dependency:copy-dependencies -DincludeGroupIds=io.delta \
		-DoutputDirectory=$(CURDIR)/.courtside/jars
	touch $@
