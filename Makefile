# SetCall: `make demo` rehearses a shoot day in the built-in Discord sandbox; `make test` runs the tests.
# Each target sets itself up: a virtualenv in .venv with the project and its test extras installed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test bench venv clean run check-config

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "SetCall needs Python 3.11 or newer")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(PY) -m bot demo --out demo-output

# One worker per core (at most four): every test has its own database, sandbox and ports.
TEST_WORKERS ?= -n auto --maxprocesses=4

test: $(STAMP)
	$(PY) -m pytest $(TEST_WORKERS)

bench: $(STAMP)
	$(PY) -m bench

run: $(STAMP)
	$(PY) -m bot run --config config.toml

check-config: $(STAMP)
	$(PY) -m bot check-config config.toml

clean:
	rm -rf $(VENV) demo-output .pytest_cache *.egg-info
