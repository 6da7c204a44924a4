# Rostra: `make run` serves the demo, `make test` runs the test suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) site/manage.py
STAMP := $(VENV)/.installed
PO_FILES := $(shell find site plugins -name '*.po' -path '*/LC_MESSAGES/*' 2>/dev/null)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test test-postgres e2e bench soak lint check messages makemessages install clean

install: $(STAMP)

$(PY):
	@scripts/find-python312 >/dev/null
	$$(scripts/find-python312) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml setup.py
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

# Translations: .po files are the source, .mo files are built here.
%.mo: %.po
	@scripts/ensure-apt msgfmt gettext
	@msgfmt --check-format -o $@ $<

messages: $(MO_FILES)

makemessages: $(STAMP)
	scripts/makemessages

run: $(STAMP) messages
	scripts/run-demo

test: $(STAMP) messages
	$(PY) -m pytest -q $(PYTEST_ARGS)

test-postgres: $(STAMP) messages
	scripts/ensure-postgres
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/rostra} $(PY) -m pytest -q $(PYTEST_ARGS)

check: $(STAMP) messages
	DJANGO_SETTINGS_MODULE=rostra.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=rostra.settings.test $(MANAGE) makemigrations --check --dry-run

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

e2e: $(STAMP) messages
	scripts/ensure-browser
	$(PY) -m pytest -q tests/e2e -p no:randomly --override-ini addopts= $(PYTEST_ARGS)

bench: $(STAMP) messages
	scripts/ensure-bench-tools
	$(PY) bench/run.py $(BENCH_ARGS)

# Petitions soak: kill -9 workers and restart a private PostgreSQL under load
# (bench/soak_petitions.py; result in docs/PERFORMANCE.md). Not run in CI.
soak: $(STAMP) messages
	scripts/ensure-bench-tools
	$(PY) -m bench.soak_petitions

clean:
	rm -rf $(VENV) var/ .e2e/ .bench/
	find . -name '*.mo' -delete
