# Two commands for a newcomer: `make demo` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha1(open('pyproject.toml','rb').read()).hexdigest()[:10])")
LOCALE := src/clustermon/locale
export DJANGO_SETTINGS_MODULE := clustermon.settings

.PHONY: demo test lint messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# Translations are compiled from the .po sources at set-up time (no GNU gettext needed).
messages: $(STAMP)
	$(BIN)/pybabel -q compile --use-fuzzy -d $(LOCALE) -D django

demo: messages
	DEBUG=1 $(BIN)/clustermon migrate --noinput -v 0
	DEBUG=1 $(BIN)/clustermon demo-data --if-empty
	@echo "clustermon demo: http://127.0.0.1:8000  (accounts in README.md, password: demo2026)"
	@# The background-job worker (report zips, exports, robustness analysis) runs alongside the server
	@# on the database queue and stops with it: Ctrl+C reaches both (the worker finishes a running job
	@# first; Ctrl+C again stops it at once); if the server exits by itself the worker is told to stop.
	DEBUG=1 $(BIN)/clustermon db_worker --no-reload --no-startup-delay -v 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	  trap 'wait $$worker 2>/dev/null; exit 130' INT; trap 'exit 143' TERM; \
	  DEBUG=1 $(BIN)/clustermon runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check src tests
	DEBUG=1 $(BIN)/clustermon makemigrations --check --dry-run -v 0

test: messages lint
	$(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
