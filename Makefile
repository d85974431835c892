# Protocol Portal — the commands a developer and CI run.
#   make run    install, migrate, seed demo data, start web + Celery worker/beat
#   make test   install, run the whole test suite
# Needs only Python 3.11+ (python3 with venv). Portable POSIX sh recipes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test bench lint clean install

install: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml is newer than the stamp. The project itself
# ships no packages (it runs from this directory); the install is for its
# dependencies, so setuptools' leftovers are removed afterwards.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --disable-pip-version-check --quiet ".[test]"
	rm -rf build protocol_portal.egg-info
	touch $(STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Protocol Portal is starting at http://$(HOST):$(PORT)/"
	@echo "Sign in with one of the demo logins above. Ctrl-C stops the web server, worker and beat."
	@echo ""
	PATH="$(CURDIR)/$(BIN):$$PATH" PORTAL_HOST=$(HOST) PORTAL_PORT=$(PORT) $(BIN)/honcho -f Procfile.dev start

test: $(STAMP)
	$(BIN)/pytest

# The benchmark needs PostgreSQL: it creates (and drops) a scratch database on this server.
BENCH_DATABASE_URL ?= $(if $(DATABASE_URL),$(DATABASE_URL),postgres://postgres@127.0.0.1:5432/postgres)
bench: $(STAMP)
	$(PY) manage.py bench --database-url $(BENCH_DATABASE_URL)

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf var/broker var/staticfiles var/celerybeat-schedule* .pytest_cache .ruff_cache .hypothesis test-results
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
