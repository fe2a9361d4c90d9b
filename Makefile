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

# `make bench`: how fast exports stream and how much memory they take, next to PostgreSQL's COPY
# and Datasette, in throw-away databases (bench/run.py says how). Minutes; never part of `make
# test` or CI. Smaller runs: BENCH_SIZES=10000,100000 make bench.
$(BIN)/.bench-installed: $(BIN)/.installed
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

.PHONY: bench
bench: $(BIN)/.bench-installed
	$(BIN)/python bench/run.py
