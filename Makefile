# portdoc: `make run` sets everything up and publishes sources/ into output/;
# `make test` runs the suite. Both work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test test-fast test-seconds lint format schema bench review clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/portdoc publish --sources sources --output output

# Every test, on every core (pytest-xdist; a file's tests stay in one worker, so a
# module's printed PDFs are printed once; tests/conftest.py puts the long files first,
# and xdist keeps that order instead of its own, by number of tests). Byte code is
# written even where the environment says not to (PYTHONDONTWRITEBYTECODE, common in
# containers): every test process and every `portdoc` the tests start would otherwise
# compile the package, and pytest rewrite every test module, from source.
TEST_ENV := PYTHONDONTWRITEBYTECODE=
test: install
	$(TEST_ENV) $(BIN)/python -m pytest -q -n auto --dist loadfile --no-loadscope-reorder

# The inner loop: everything but the slow producers and hostile-limit runs.
test-fast: install
	$(TEST_ENV) $(BIN)/python -m pytest -q -n auto --dist loadfile --no-loadscope-reorder -m "not slow"

# The last run's seconds per test file, checked in: a clean clone's first run hands the
# longest files to the workers first (tests/conftest.py).
test-seconds: install
	$(BIN)/python -c "import json, pathlib; p = pathlib.Path('.pytest_cache/v/portdoc/file-seconds'); \
	pathlib.Path('tests/file_seconds.json').write_text(json.dumps(json.loads(p.read_text()), indent=1, sort_keys=True) + '\\n')"

lint: install
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/ruff format --check pipeline tests bench
	$(BIN)/mypy

format: install
	$(BIN)/ruff format pipeline tests bench
	$(BIN)/ruff check --fix pipeline tests bench

schema: install
	$(BIN)/portdoc schema --output schema

bench: install
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/run.py

review: install
	$(BIN)/portdoc review-sources --sources sources --output review

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
