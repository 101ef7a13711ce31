# Two commands for a fresh machine with Python 3.11+: `make start` and `make test`.
# Both create .venv when it is missing and (re)install when pyproject.toml changed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8888
DEMOS_PORT = $(if $(filter command line,$(origin PORT)),$(PORT),8866)
PYTEST_ARGS ?=

.PHONY: start test lint install demos clean help

help:
	@echo "make start   open the course in JupyterLab (http://127.0.0.1:$(PORT))"
	@echo "make demos   serve the case demos with Voila (http://127.0.0.1:8866, PORT=N)"
	@echo "make test    run the whole test suite"
	@echo "make lint    ruff over the code and the tests"
	@echo "make clean   remove .venv and build output (keeps my-exercises/)"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

start: $(STAMP)
	$(PY) -m autograder learner-copies
	$(PY) -m course start --port $(PORT)

test: $(STAMP)
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

demos: $(STAMP)
	$(PY) -m course demos --port $(DEMOS_PORT)

lint: $(STAMP)
	$(PY) -m ruff check course autograder tests bench

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
