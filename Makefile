# Minsheng: the two commands a new user needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: demo test lint bench install install-test messages clean-db

demo: install  ## Install, prepare the embedded database and demo data, and serve on :8000
	$(BIN)/minsheng demo

test: install-test  ## Install what the tests need, then lint and run every test
	$(MAKE) --no-print-directory lint
	$(BIN)/minsheng check-translations
	$(BIN)/minsheng compile-translations
	$(BIN)/pytest -n 2 --dist loadgroup

# Type-checked with mypy and django-stubs: the whole project package.
TYPED := minsheng

lint:
	$(BIN)/ruff check minsheng tests bench
	$(BIN)/ruff format --check minsheng tests bench
	$(BIN)/mypy $(TYPED)

bench: install-test  ## Benchmarks (printed, never asserted)
	$(BIN)/python -m bench

messages: install-test  ## Refresh the translation catalogues after changing strings
	$(BIN)/minsheng makemessages -l zh_Hans -l en --ignore=node_modules --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore="*/migrations/*"
	$(BIN)/minsheng compile-translations

install: $(VENV)/.installed node_modules/.installed
install-test: install $(VENV)/.installed-test scripts/.system-packages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the front-end packages: install Node.js 20 or newer (https://nodejs.org/)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Chromium (browser tests) and GNU gettext (translation check) come from the system.
scripts/.system-packages: scripts/ensure-system-packages.sh
	sh scripts/ensure-system-packages.sh

clean-db:  ## Stop the embedded database and delete its data
	-$(BIN)/python -c "from minsheng import dbserver; dbserver.stop()"
	rm -rf var/postgres
