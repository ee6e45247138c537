# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi

.PHONY: run test lint format bench clean

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

## run: set up, migrate the database, make a first admin, serve on http://127.0.0.1:5000
run: $(VENV)/.installed
	$(BIN)/flask db upgrade
	$(BIN)/flask users ensure-admin
	@echo "Serving on http://127.0.0.1:5000 (the API under /api/)"
	$(BIN)/flask run --host 127.0.0.1 --port 5000

## test: set up, lint, and run the whole suite (SQLite, or DATABASE_URL when set)
test: $(VENV)/.installed lint
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
	$(BIN)/pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: the thumbnail and API benchmarks (installs wrk, the load generator)
bench: $(VENV)/.installed
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	$(BIN)/python benchmarks/thumbnails.py
	$(BIN)/python benchmarks/api.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
