# The two commands: `make run` and `make test`. Everything else here serves them.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
HOST := 127.0.0.1
PORT := 8000

# The newest Python 3.12 or later on PATH (pyenv shims answer only for installed versions).
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 python; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	command -v $$p; break; fi; done)

.PHONY: run test suite install chromium pango postgresql-client nginx wrk lint format check clean

run: install pango
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py collectstatic --noinput -v0
	@echo ""
	@echo "  Stepping Stones is running on http://$(HOST):$(PORT)/"
	@echo "  Wagtail admin:  http://$(HOST):$(PORT)/admin/"
	@echo "  Demo logins (development only):"
	@echo "    staff  admin@stepping-stones.test / changeme"
	@echo "    school senco@oakfield-primary.test / changeme  (Oakfield Primary School: administrator, referrer)"
	@echo "    school head@riverside-primary.test / changeme  (Riverside Primary School: administrator, referrer, finance)"
	@echo "  Emails are sent by the task worker, which runs beside the site and prints them here."
	@echo "  Card payments go to localstripe on port 8420: test card 4242 4242 4242 4242 pays,"
	@echo "  4000 0027 6000 3184 asks for 3-D Secure, 4000 0000 0000 0341 is declined."
	@echo "  Press Ctrl+C to stop."
	@echo ""
	@# The worker (emails and other follow-up work) and localstripe (card payments, on port 8420, its
	@# webhooks pointed here) run beside the web server and stop with it.
	$(BIN)/python manage.py db_worker & worker=$$!; \
	$(BIN)/python manage.py run_localstripe --site http://$(HOST):$(PORT) & localstripe=$$!; \
	trap 'kill $$worker $$localstripe 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite on every core (at most 4): first the tests that run inside a transaction, then those that
# commit and empty the database afterwards (races, browser journeys), which must never run between them.
# Workers take tests from each other's queues when theirs run dry, so one long test file does not leave a
# core idle at the end.
PYTEST_WORKERS := -n auto --maxprocesses 4 --dist worksteal

test: install chromium pango postgresql-client nginx suite

# Each half lists its slowest tests at the end, where the time of a run (and of CI) goes.
suite:
	$(BIN)/pytest $(PYTEST_WORKERS) --durations=10 -m "not transactional"
	$(BIN)/pytest $(PYTEST_WORKERS) --durations=10 -m transactional

install: $(VENV)/.installed

# pip compiles every module it installs, most of which nothing imports. When Python may write compiled
# modules itself (PYTHONDONTWRITEBYTECODE unset, as in CI), it compiles only those imported, once.
PIP_COMPILE := $(if $(PYTHONDONTWRITEBYTECODE),,--no-compile)

$(VENV)/.installed: pyproject.toml constraints.txt
	@if [ -z "$(PYTHON)" ]; then \
		echo "No Python 3.12 or newer found on PATH. Install Python 3.12+ (for example with pyenv or apt-get install python3) and run make again."; \
		exit 1; fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(PIP_COMPILE) -c constraints.txt ".[dev]"
	@touch $@

# What the tests and benchmarks need from Debian, each a target below. apt_install: nothing if the check
# passes; otherwise install the packages when we can (root with apt-get), or say what is missing and what
# will not work. $(call apt_install,CHECK,PACKAGES,PURPOSE,MISSING,CONSEQUENCE)
define apt_install
	@if $(1); then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's $(3)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(2) >/dev/null; \
	else \
		echo "NOTE: $(4) and cannot be installed here (needs root and apt-get): $(5)."; \
	fi
endef

# Browser tests drive Debian's Chromium in its headless shell build (tests/e2e/conftest.py says why);
# without it they skip with the reason, unless E2E_REQUIRED=1 makes them fail.
chromium:
	$(call apt_install,[ -x /usr/bin/chromium-headless-shell ],chromium-headless-shell fonts-liberation,Chromium (headless shell) for the browser tests,/usr/bin/chromium-headless-shell is missing,browser tests will be skipped)

# Invoice PDFs are drawn by WeasyPrint, which needs Debian's Pango libraries; without them the site runs,
# but an invoice's PDF download fails.
PANGO_LIBS := libpango-1.0.so.0 libpangoft2-1.0.so.0
PANGO_MISSING = missing=""; for lib in $(PANGO_LIBS); do \
	{ ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null | grep -q "$$lib" || missing="$$missing $$lib"; done
pango:
	$(call apt_install,$(PANGO_MISSING); [ -z "$$missing" ],libpango-1.0-0 libpangoft2-1.0-0,Pango libraries for invoice PDFs,$${missing# } missing,invoice PDFs will not work)

# Backups of a PostgreSQL site (`manage.py backup`, and the restore drill when the suite runs on
# PostgreSQL) need pg_dump and pg_restore of the server's version or newer; SQLite sites and the rest of
# the suite do not.
postgresql-client:
	$(call apt_install,command -v pg_dump >/dev/null 2>&1 && command -v pg_restore >/dev/null 2>&1,postgresql-client,postgresql-client for backups,pg_dump is missing,backups of PostgreSQL will not work)

# The stack test (tests/deploy/test_stack.py, on PostgreSQL) and benchmarks/stack.py put Debian's nginx with
# deploy/nginx/stepping-stones.conf in front of the app servers, each run an nginx of their own on free
# ports. Without it the stack test is skipped with the reason, unless STACK_REQUIRED=1 makes it fail.
nginx:
	$(call apt_install,[ -x /usr/sbin/nginx ],nginx,nginx for the stack test,/usr/sbin/nginx is missing,the stack test will be skipped)

# The benchmarks (benchmarks/) load the server with Debian's wrk, a client fast enough not to be the limit.
# Not needed by the tests.
wrk:
	$(call apt_install,command -v wrk >/dev/null 2>&1,wrk,wrk for the benchmarks,wrk is missing,the benchmarks will not run)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles build *.egg-info
