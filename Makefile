# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench screenshot clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# Qt's xcb platform plugin needs system libraries a bare Debian machine lacks: the script checks
# every one the plugin links and a Chinese font, installs them as root, else says what to run.
run: $(STAMP)
	@packaging/check-system-deps.sh $(BIN)/python
	$(BIN)/csvinspect src/csvinspect/resources/demo_group_health.csv

# The layers and "core imports no Qt" contracts live in pyproject.toml (issue 10).
lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/csvinspect --screenshot docs/screenshot.png \
		src/csvinspect/resources/demo_group_health.csv

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
