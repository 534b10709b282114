# Werkplek: `make run` starts the demo, `make test` runs every test. Both build .venv first.

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
TEST_TIMEOUT ?= 1800

.PHONY: run test lint screenshot bench clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is nodig ($(PYTHON) niet gevonden)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# pip's output goes to a log that is shown only when the install fails.
$(STAMP): pyproject.toml | $(PY)
	@echo "Omgeving $(VENV) bijwerken..."
	@$(PY) -m pip install -e . > $(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }
	@touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	@echo "Omgeving $(VENV) met testextra's bijwerken..."
	@$(PY) -m pip install -e ".[test]" > $(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }
	@touch $@ $(STAMP)

# Exit code 3 means "no display": werkplek has said so in one line; make adds nothing.
run: $(STAMP)
	@$(VENV)/bin/werkplek || { rc=$$?; [ $$rc -eq 3 ] || exit $$rc; }

test: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen timeout --kill-after=30 $(TEST_TIMEOUT) $(PY) -m pytest

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# The README's picture, from a fresh demo database in a throw-away data dir.
screenshot: $(STAMP)
	@mkdir -p docs
	@tmp=$$(mktemp -d); \
	XDG_DATA_HOME=$$tmp/data XDG_CONFIG_HOME=$$tmp/config XDG_STATE_HOME=$$tmp/state \
	  $(VENV)/bin/werkplek --screenshot docs/werkplek.png --open 999993653; \
	rc=$$?; rm -rf $$tmp; exit $$rc

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

bench: $(STAMP)
	$(PY) bench/opstart.py
