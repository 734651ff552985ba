# Two commands on a fresh machine: `make demo` and `make test` (and `make serve` for the Posko).
# All set themselves up: demo and serve install only what the program needs; test (and lint,
# bench) add the development extras.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
OUT ?= sispam-demo

.PHONY: demo serve test lint bench setup clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	touch $(RUN_STAMP) $(DEV_STAMP)

setup: $(DEV_STAMP)

demo: $(RUN_STAMP)
	$(BIN)/sispam demo --out $(OUT)

# The Posko with the embedded Klaten operation and one demo account per role (passwords printed).
serve: $(RUN_STAMP)
	$(BIN)/sispam serve --demo

test: $(DEV_STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
