# Minsheng: the two commands a new user needs are `make demo` and `make test`; `make check` is
# the quick one to run while working.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: demo test check lint bench install install-test lock messages clean-db

demo: install  ## Install, prepare the embedded database and demo data, and serve on :8000
	$(BIN)/minsheng demo

test: install-test  ## Install what the tests need, then lint and run every test
	$(MAKE) --no-print-directory lint
	$(BIN)/minsheng check-translations
	$(BIN)/minsheng compile-translations
	@# worksteal: a worker that runs out of tests takes some of the other's, so one long browser
	@# or generator test at the end does not leave a core idle.
	@# The report's durations refresh the list of slow tests that `make check` leaves out:
	@# python scripts/list_slow_tests.py var/test-report.xml > tests/slow_tests.txt
	$(BIN)/pytest -n 2 --dist worksteal --junitxml=var/test-report.xml

check: install-test  ## Quick (under two minutes): ruff, then the tests that are neither browser tests nor slow
	$(BIN)/ruff check minsheng tests bench
	$(BIN)/ruff format --check minsheng tests bench
	$(BIN)/minsheng compile-translations
	@# --reuse-db keeps the test databases between runs (new migrations are still applied).
	$(BIN)/pytest -n 2 --dist worksteal --reuse-db -q -m "not browser and not slow"

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

# The installs take the versions pinned in the lock files (pyproject.toml keeps the ranges):
# every machine gets the same packages. `make lock` pins them again after a change of ranges.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps -e .
	$(PIP) check
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements-test.lock $(VENV)/.installed
	$(PIP) install -r requirements-test.lock
	$(PIP) check
	touch $@

LOCK := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --no-header -q

lock: | $(BIN)/python  ## Pin the dependencies again (requirements.lock, requirements-test.lock)
	$(PIP) install 'uv>=0.5,<1'
	$(LOCK) -o requirements.lock
	$(LOCK) --extra test -c requirements.lock -o requirements-test.lock

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
