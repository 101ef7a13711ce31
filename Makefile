# Two commands for a fresh machine with Python 3.11+: `make start` and `make test`.
# Both create .venv when it is missing and (re)install when pyproject.toml changed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?=
WORKSPACE ?=
DEMOS_PORT = $(if $(PORT),$(PORT),8866)
PYTEST_ARGS ?=

.PHONY: start progress test lint install demos clean help

help:
	@echo "make start   open the course in JupyterLab, in your own workspace (WORKSPACE=DIR, PORT=N)"
	@echo "make progress  show what you have done so far"
	@echo "make demos   serve the case demos with Voila (http://127.0.0.1:8866, PORT=N)"
	@echo "make test    run the whole test suite"
	@echo "make lint    ruff over the code and the tests"
	@echo "make clean   remove .venv and build output (your workspace is never touched)"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	@echo "Installing the course into $(VENV) (the first time takes a few minutes)..."
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]' >> $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@touch $(STAMP)

install: $(STAMP)

start: $(STAMP)
	@$(PY) -m course start $(if $(PORT),--port $(PORT)) $(if $(WORKSPACE),--workspace "$(WORKSPACE)")

progress: $(STAMP)
	@$(PY) -m course progress $(if $(WORKSPACE),--workspace "$(WORKSPACE)")

test: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

demos: $(STAMP)
	$(PY) -m course demos --port $(DEMOS_PORT)

lint: $(STAMP)
	$(PY) -m ruff check course autograder demo_site tests bench

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
