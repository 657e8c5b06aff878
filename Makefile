# The README's commands. `make run` serves the site on SQLite; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test lint format bench soak eval setup clean lighthouse

$(VENV)/.run-installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.run-installed
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

setup: $(VENV)/.run-installed
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_content

run: setup
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.test-installed
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest
	bash tests/postgres.sh $(PY) -m pytest -m "not browser and not outage" -q
	$(MAKE) --no-print-directory eval EVAL_ARGS="--min-top1 0.85 --min-top3 0.94 --min-walk-first 0.84 --max-walk-median 4 --blind --min-blind-cause1 0.435 --min-blind-cause3 0.595 --min-blind-code1-shown 0.95 --min-blind-code1-hidden 0.59"

lint: $(VENV)/.test-installed
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.test-installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Score the diagnosis on the case library (tests/cases) in a throwaway SQLite database.
# EVAL_ARGS, e.g. "--by-platform" or "--min-top1 0.85 --min-top3 0.95".
eval: $(VENV)/.run-installed
	@dir=$$(mktemp -d); export DATABASE_URL=sqlite:///$$dir/eval.sqlite3 DJANGO_DEBUG=1; \
	$(PY) manage.py migrate -v0 && $(PY) manage.py load_content -v0 && \
	$(PY) manage.py evaluate $(EVAL_ARGS); rc=$$?; rm -rf "$$dir"; exit $$rc

# Production: settings from the environment (README), gunicorn with 2 x cores + 1 workers
# (WEB_CONCURRENCY overrides), static files through WhiteNoise. BIND defaults to 0.0.0.0:8000.
serve: $(VENV)/.run-installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py load_content
	$(VENV)/bin/gunicorn troubleshooter.config.wsgi --bind $${BIND:-0.0.0.0:8000} \
	  --workers $${WEB_CONCURRENCY:-$$(( 2 * $$(nproc) + 1 ))} --access-logfile -

bench: $(VENV)/.test-installed
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) tests/bench.py
	$(PY) tests/bench_http.py
	$(PY) tests/soak.py

# Two app servers, PostgreSQL and Redis under load for SOAK_SECONDS (default 300) per run.
soak: $(VENV)/.test-installed
	$(PY) tests/soak.py

# Lighthouse (from npm, pinned in the script) on the main pages in both colour schemes.
lighthouse: $(VENV)/.test-installed
	$(PY) tests/lighthouse.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
