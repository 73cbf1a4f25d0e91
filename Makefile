# Assemblée — `make run` serves the demo, `make test` runs every check.
# Both work on a fresh Debian machine: they install what they need first.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
HTMX := static/vendor/htmx.min.js
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help run test lint security fmt i18n translations assets install install-test system-test-deps db bench clean

help: ## Show the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

run: install assets translations db ## Set up and serve the app (http://127.0.0.1:5000; HOST, PORT)
	HOST=$(HOST) PORT=$(PORT) $(BIN)/assembly serve

# Tests run in parallel over the machine's cores (pytest-xdist); TEST_WORKERS=0 runs them
# in one process. The browser tests stay together on one worker (--dist loadgroup).
TEST_WORKERS ?= auto

test: install-test assets translations system-test-deps lint security ## Install everything, lint, security gates, run all tests (SQLite + PostgreSQL)
	$(BIN)/pytest -n $(TEST_WORKERS)
	PATH="$(CURDIR)/$(BIN):$$PATH" scripts/with-postgres $(BIN)/pytest -m "not browser and not servers" -q -n $(TEST_WORKERS)

# --- setup -----------------------------------------------------------------

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed ## Create .venv and install the app

install-test: $(VENV)/.installed-test ## Install the app with the test tools

# --ignore-scripts: vnu-jar's postinstall would fetch a Java runtime from GitHub when the
# machine has none; Java comes from Debian instead (system-test-deps).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts

$(HTMX): node_modules/.package-lock.json
	mkdir -p $(dir $@)
	cp node_modules/htmx.org/dist/htmx.min.js $@

assets: $(HTMX) ## Fetch htmx (npm, pinned) into static/vendor

translations: install ## Compile the translation catalogs
	$(BIN)/pybabel compile -d translations

db: install translations ## Create or upgrade the database; load the demo when it is empty
	$(BIN)/assembly init
	$(BIN)/assembly demo --if-empty

# Browser tests drive Debian's Chromium; the PostgreSQL tests start a private server; the
# HTML check runs the Nu HTML Checker (vnu-jar from npm) with Debian's Java; the several
# servers test (tests/test_servers.py, marker `servers`) puts Debian's nginx in front of
# two gunicorn servers on a private PostgreSQL. It brings its own PostgreSQL, so the
# PostgreSQL run leaves it out.
system-test-deps: ## Install chromium, postgresql, nginx and Java from Debian when missing
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	[ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "Missing Debian packages:$$missing. Install them with: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	  echo "Installing$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# --- checks and chores ---------------------------------------------------------

lint: install-test ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Bandit: no finding of medium or high severity unless annotated `# nosec BXXX` with why.
# pip-audit needs PyPI's vulnerability database: the script says when it cannot reach it.
security: install-test ## bandit on the code, pip-audit on the installed packages
	$(BIN)/bandit -r assembly -q --severity-level medium
	$(BIN)/python scripts/audit_dependencies.py

fmt: install-test ## Format and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

i18n: install ## Extract strings, update the catalogs, compile them
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -w 100 \
	  --ignore-dirs ".* node_modules .venv build dist" \
	  --project=Assemblee -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete -w 100
	$(BIN)/pybabel compile -d translations

bench: install assets translations ## Print page sizes, first paint of the entry pages on a slow phone, Lighthouse on the main pages, needs list times at scale, a consultation's pages at 50,000 contributions, 200 phones polling a meeting, requests per second against a bare Flask page, joins under a crowd of logins, 10,000 reminders sent while pages are timed, a served app's memory (and where it goes at start), SQL statements per page at 1k and 100k people (bench/)
	$(BIN)/python bench/page_sizes.py
	$(BIN)/python bench/needs_scale.py
	$(BIN)/python bench/petition_scale.py
	$(BIN)/python bench/report_scale.py
	$(BIN)/python bench/consultation_scale.py
	$(BIN)/python bench/phones.py
	$(BIN)/python bench/phones.py --vote
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/first_paint.py
	$(BIN)/python bench/lighthouse.py
	$(BIN)/python bench/login_crowd.py
	$(BIN)/python bench/messages_throughput.py
	$(BIN)/python bench/startup_memory.py
	$(BIN)/python bench/memory.py
	$(BIN)/python bench/queries_per_page.py

clean: ## Remove the venv, node_modules and caches (keeps instance/)
	rm -rf $(VENV) node_modules static/vendor .pytest_cache .ruff_cache
	find . -name '*.mo' -delete
