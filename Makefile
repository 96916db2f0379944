# The two commands a newcomer needs: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Local development defaults; production sets DEBUG=0 and SECRET_KEY (README "Configuration").
export DEBUG ?= 1

.PHONY: run test install install-dev migrate serve lint bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

install: $(VENV)/.runtime-installed

install-dev: $(VENV)/.dev-installed

migrate: install
	$(PY) manage.py migrate --noinput

run: migrate
	$(PY) manage.py loadseeds
	$(PY) manage.py ensureadmin
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install-dev
	$(PY) -m pytest

# Production-style serving (README "Production"): DEBUG off, hashed static files, gunicorn.
# Needs SECRET_KEY and the rest of the production environment; WEB_CONCURRENCY workers (default 2).
serve: export DEBUG := 0
serve: export CONN_MAX_AGE ?= 60
serve: migrate
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(VENV)/bin/gunicorn newsroom.wsgi --bind 127.0.0.1:$(PORT) --workers $${WEB_CONCURRENCY:-2}

lint: install-dev
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

# Ingest benchmark: loadseeds on 10,000 synthetic documents vs loaddata, SQLite and PostgreSQL
# (bench/ingest.py explains the steps; figures go to bench/RESULTS.md, section "Ingest").
.PHONY: bench-ingest
bench-ingest: install-dev
	$(PY) bench/ingest.py

# Archive-scale benchmark: every reader page against a trivial view, page cache off and on (needs the
# database bench/archive.py builds, and wrk); figures go to bench/RESULTS.md, "Archive scale (100k)".
bench: install-dev
	$(PY) bench/run.py
