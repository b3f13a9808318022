# The README's two commands: `make setup && .venv/bin/deinfluence-detect scan corpora/sample.jsonl` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

.PHONY: setup demo test evaluate benchmark clean
setup: $(BIN)/.installed  ## create .venv and install the package with its test extras

demo: $(BIN)/.installed  ## scan the bundled sample (the scan exits 1: the sample has findings; make then says Error 1)
	$(BIN)/deinfluence-detect scan corpora/sample.jsonl

test: $(BIN)/.installed  ## run the test suite
	$(BIN)/python -m pytest -q

evaluate: $(BIN)/.installed  ## measure on ../shared/corpora (test split) and check for regressions
	$(BIN)/python -m deinfluence_detect.evaluate --check metrics/evaluation.json

benchmark: $(BIN)/.installed  ## speed against spaCy's bare tokenizer on the same texts
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
