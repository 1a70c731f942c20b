# Two commands do all the set-up on a fresh machine (only Python needed):
#   make run   - create .venv, install, migrate, import seeds/, create the demo desk, publish the
#                Behemoth dossier, serve :8000
#   make test  - create/update .venv and run the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: install run test lint bench bench-scale clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# The embedded default: SQLite file, Celery tasks in-process, DEBUG on (local use only).
run: export DEBUG ?= true
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py import_articles --skip-known seeds/
	$(BIN)/python manage.py create_demo_desk
	$(BIN)/python manage.py load_dossier claims/data/behemoth.json
	$(BIN)/python manage.py sweep
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	DEBUG=true $(BIN)/mypy

bench: install
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/dossier_bench.py

# Every desk page at 1/10th and full newsroom scale, search at 100,000 articles (bench/README.md).
bench-scale: install
	$(BIN)/python bench/scale_bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis staticfiles
