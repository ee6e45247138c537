# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi

.PHONY: run setup system-packages test lint format bench clean translations translations-update

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Flask-Babel reads compiled catalogs (.mo, not in git), made from the .po files in git.
TRANSLATIONS := portfolio_admin/translations
CATALOGS := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)

## translations: compile the .po catalogs into the .mo files the app reads
translations: $(CATALOGS:.po=.mo)

%.mo: %.po | $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

## translations-update: extract every message into messages.pot and merge it into each .po
translations-update: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l --add-location=file -w 88 \
		--project=portfolio-admin -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) \
		-w 88 --ignore-obsolete
	@echo "Now translate the empty and the fuzzy entries in $(CATALOGS)"

## run: set up, migrate the database, make a first admin, serve on http://127.0.0.1:5000
## with the background worker (scheduled publishing) beside it; Ctrl-C stops both
run: $(VENV)/.installed translations
	$(BIN)/flask db upgrade
	$(BIN)/flask users ensure-admin
	@echo "Serving on http://127.0.0.1:5000 (the API under /api/), with the background worker"
	$(BIN)/flask worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	$(BIN)/flask run --host 127.0.0.1 --port 5000

## setup: the virtualenv, the compiled translations, and the programs the tests start
setup: $(VENV)/.installed translations system-packages

# Debian packages the suite runs (each test run starts its own servers): Chromium for the
# admin's browser tests, nginx (the required proxy), Redis for the shared cache and limits.
SYSTEM_PACKAGES := chromium redis-server nginx
system-packages:
	@missing=""; for name in $(SYSTEM_PACKAGES); do \
		command -v $$name >/dev/null || test -x /usr/sbin/$$name || missing="$$missing $$name"; \
	done; \
	if [ -n "$$missing" ]; then apt-get update && apt-get install -y $$missing; fi

## test: set up, lint, and run the whole suite (SQLite, or DATABASE_URL when set)
test: setup lint
	$(BIN)/pytest --durations=20

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: the thumbnail and API benchmarks (installs wrk, the load generator, and the
## peers' libraries, the extra `bench`: Django and DRF, pyvips with libvips)
bench: $(VENV)/.installed
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/thumbnails.py
	$(BIN)/python benchmarks/api.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
