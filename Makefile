# The README's two commands are `make serve` and `make test`; everything else is a building block.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Material 9.8 prints an end-of-life banner on every build; the README explains it once.
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: the output's dates (sitemap, its gzip header) come from the last commit, not
# the clock, so two builds of one commit are byte-identical (tests/test_gate_reproducible.py).
ifeq ($(origin SOURCE_DATE_EPOCH),undefined)
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null)
endif
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif
# The browser tools the reader gates run (axe-core, Lighthouse), pinned in package-lock.json.
NODE_STAMP := node_modules/.installed
# From March 2027: a warning that Material for MkDocs reaches end of life on 5 May 2027 (README).
ENGINE_NOTICE := @$(BIN)/python scripts/engine_eol.py

.PHONY: serve build test test-future check bench venv lock browser node clean

## serve: build the site and serve it on http://$(HOST):$(PORT), rebuilding on every save
serve: $(STAMP)
	$(ENGINE_NOTICE)
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

## build: build the static site into site/ (strict: any warning fails)
build: $(STAMP)
	$(ENGINE_NOTICE)
	$(BIN)/mkdocs build --strict --site-dir site

## test: run every test (strict builds, fixture sites, real-browser checks)
test: $(STAMP) browser node
	$(ENGINE_NOTICE)
	$(BIN)/python -m pytest

## test-future: every test with the wall clock YEARS (default 5) years ahead: nothing may depend on today (Debian: apt-get install datefudge)
# datefudge moves the wall clock only. libfaketime 0.9.10 (faketime) also moves the monotonic clock,
# but not Python 3.11's timed waits on it (sem_clockwait), so LinkChecker's and the test server's
# threads wait for years; with FAKETIME_DONT_FAKE_MONOTONIC=1 its clock_nanosleep fails every
# time.sleep with EINVAL. `PYTEST_ARGS=tests/test_build_today.py make test-future` runs a part.
YEARS ?= 5
test-future: $(STAMP) browser node
	datefudge "$$(date -u -d '+$(YEARS) years' '+%Y-%m-%d %H:%M:%S')" $(BIN)/python -m pytest $(PYTEST_ARGS)

## check: the fast check while editing: strict build without browser tests, problems as file:line: message
check: $(STAMP)
	$(ENGINE_NOTICE)
	@$(BIN)/python scripts/check.py

## bench: time the build against plain Material and how it scales (bench/README.md; under 10 minutes)
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## venv: create .venv and install the locked dependencies, each checked against its hash (only when requirements.txt changed)
venv: $(STAMP)

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	@touch $@

## lock: rewrite requirements.txt from requirements.in: exact pins with PyPI's hashes (keeps the pins it can; UPGRADE=1 takes the newest allowed)
# pip-tools runs in a throw-away venv, reading PyPI only: no local pip configuration, index or wheel
# folder leaks into the lock, so it installs the same on a fresh machine.
PIP_TOOLS := pip-tools==7.6.2
LOCK_VENV := $(or $(TMPDIR),/tmp)/pls-lock-venv
lock:
	$(PYTHON) -m venv --clear $(LOCK_VENV)
	env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_CONSTRAINT PIP_CONFIG_FILE=/dev/null \
		$(LOCK_VENV)/bin/python -m pip install --quiet --index-url https://pypi.org/simple $(PIP_TOOLS)
	env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_CONSTRAINT PIP_CONFIG_FILE=/dev/null \
		CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras $(if $(UPGRADE),--upgrade) \
		--index-url https://pypi.org/simple --no-emit-index-url --output-file requirements.txt requirements.in
	rm -rf $(LOCK_VENV)

## browser: make sure a Chromium the browser tests can drive is installed
browser: $(STAMP)
	@scripts/ensure-chromium

## node: install axe-core and Lighthouse with `npm ci` (only when node_modules is missing or the lock changed)
node: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@scripts/ensure-node
	npm ci --no-audit --no-fund
	@touch $@

clean:
	rm -rf site .pytest_cache
