# Two commands matter: `make run` and `make test`. Everything else is a step they use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test lint superuser clean

# The venv is rebuilt when pyproject.toml changes; the stamp records the last install.
$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/.installed
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --no-input
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_seeds
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(BIN)/.installed node_modules/.package-lock.json $(CHROMIUM)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/mypy
	CHROMIUM_PATH=$(CHROMIUM) $(BIN)/pytest $(PYTEST_ARGS)

# The browser tests (tests/e2e) drive Debian's Chromium and inject axe-core (pinned in
# package-lock.json); nothing is downloaded by a test tool. A fresh machine gets both here.
/usr/bin/chromium:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

node_modules/.package-lock.json: package.json package-lock.json
	command -v npm >/dev/null || (apt-get update -qq && apt-get install -y -qq nodejs npm)
	npm ci --no-audit --no-fund --loglevel=error

lint: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

superuser: $(BIN)/.installed
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py createsuperuser

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache node_modules

# `make bench`: how long the linker takes on a 10,000-word article (bench/linking.py, seconds),
# then how fast exports stream and how much memory they take, next to PostgreSQL's COPY and
# Datasette, in throw-away databases (bench/run.py says how). Minutes; never part of `make test`
# or CI. Smaller runs: BENCH_SIZES=10000,100000 make bench.
$(BIN)/.bench-installed: $(BIN)/.installed
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

.PHONY: bench
bench: $(BIN)/.bench-installed
	$(BIN)/python bench/linking.py
	$(BIN)/python bench/run.py
	$(BIN)/python bench/saving.py

# `make linkeval`: the linker's precision and recall on the labelled yardstick (dev and held-out
# parts) and on the seeds, per provision (bench/linkeval/README.md says how). Seconds, no
# database. LINKEVAL_ARGS=--misses lists every miss and false hit. `make agreement`: a second,
# independent reading of some articles against the first (bench/linkeval/agreement.py), the
# linker beside it.
# `make screenshots`: the README's pictures (docs/screenshots.py), the seeds at desktop and
# phone width in Debian's Chromium.
.PHONY: screenshots
screenshots: $(BIN)/.installed $(CHROMIUM)
	CHROMIUM_PATH=$(CHROMIUM) $(BIN)/python docs/screenshots.py $(SHOTS)

.PHONY: linkeval
linkeval: $(BIN)/.installed
	$(BIN)/python bench/linkeval/score.py $(LINKEVAL_ARGS)

.PHONY: agreement
agreement: $(BIN)/.installed
	$(BIN)/python bench/linkeval/agreement.py

# Production (README, "Production"). Both need SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL in the
# environment, and always run with DEBUG off.
# `make release`: the one step of a deployment that changes things: migrate, collectstatic.
# `make serve`: gunicorn with gunicorn.conf.py (WEB_CONCURRENCY workers, BIND, default
# 127.0.0.1:8000), behind a reverse proxy; it refuses to start before `make release`.
.PHONY: release serve production-env
production-env:
	@for name in SECRET_KEY ALLOWED_HOSTS DATABASE_URL; do \
	  if [ -z "$$(printenv $$name)" ]; then \
	    echo "$$name is not set: production needs SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL in the environment (README, Production)." >&2; \
	    exit 1; \
	  fi; \
	done

release: $(BIN)/.installed production-env
	DEBUG=0 $(BIN)/python manage.py migrate --no-input
	DEBUG=0 $(BIN)/python manage.py collectstatic --no-input

serve: $(BIN)/.installed production-env
	DEBUG=0 exec $(BIN)/gunicorn -c gunicorn.conf.py

# `make loadtest` (40 s of readers at 32 connections, then 40 s more with an editor saving every
# 10 s, compared) and `make drill` (the database stopped and
# started, workers restarted, under load): the production server on 127.0.0.1 with a
# PostgreSQL server of their own in a temporary folder; bench/loadtest.py and bench/drill.py
# say how. Never part of `make test` or CI.
$(BIN)/.load-installed: $(BIN)/.installed
	$(BIN)/pip install --quiet -e '.[dev,load]'
	touch $@

/usr/bin/wrk:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk

.PHONY: loadtest drill
loadtest: $(BIN)/.load-installed /usr/bin/wrk
	$(BIN)/python bench/loadtest.py $(LOADTEST_ARGS)

drill: $(BIN)/.load-installed /usr/bin/wrk
	$(BIN)/python bench/drill.py $(DRILL_ARGS)
