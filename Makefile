# Werkplek: `make run` starts the demo, `make test` runs every test. Both build .venv first.

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
DIST_STAMP := $(VENV)/.installed-dist
TEST_TIMEOUT ?= 3600

.PHONY: run test lint screenshot bench clean dist dist-check install-desktop

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

$(DIST_STAMP): pyproject.toml | $(PY)
	@echo "Omgeving $(VENV) met PyInstaller (extra dist) bijwerken..."
	@$(PY) -m pip install -e ".[dist]" > $(VENV)/pip.log 2>&1 || { cat $(VENV)/pip.log; exit 1; }
	@touch $@ $(STAMP)

# Exit code 3 means "no display": werkplek has said so in one line; make adds nothing.
run: $(STAMP)
	@$(VENV)/bin/werkplek || { rc=$$?; [ $$rc -eq 3 ] || exit $$rc; }

test: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen timeout --kill-after=30 $(TEST_TIMEOUT) $(PY) -m pytest --durations=15

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# The README's pictures, from a fresh demo database in a throw-away data dir: the full
# window, and the compact 'in gesprek' layout at the smallest and the largest common screen.
screenshot: $(STAMP)
	@mkdir -p docs
	@tmp=$$(mktemp -d); \
	export XDG_DATA_HOME=$$tmp/data XDG_CONFIG_HOME=$$tmp/config XDG_STATE_HOME=$$tmp/state; \
	gesprek="--open 999993653 --onderwerp Paspoort --in-gesprek"; \
	$(VENV)/bin/werkplek --screenshot docs/werkplek.png --open 999993653 \
	&& $(VENV)/bin/werkplek --screenshot docs/werkplek-in-gesprek-1366x768.png \
	  --grootte 1366x768 $$gesprek \
	&& $(VENV)/bin/werkplek --screenshot docs/werkplek-in-gesprek-1920x1080.png \
	  --grootte 1920x1080 $$gesprek; \
	rc=$$?; rm -rf $$tmp; exit $$rc

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Every figure beside its floor from the same run; writes docs/benchmarks.md and .json.
bench: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/alles.py

# The frozen program in one folder, dist/werkplek (installer/werkplek.spec), without Python on
# the target machine; ends with its size and the Qt parts in it.
dist: $(DIST_STAMP)
	@start=$$(date +%s); \
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
	  --distpath dist --workpath build installer/werkplek.spec || exit 1; \
	$(PY) installer/bundel.py dist/werkplek || exit 1; \
	echo "Grootte (du -sh): $$(du -sh dist/werkplek | cut -f1); make dist duurde $$(( $$(date +%s) - start )) s."

# The bundle on the offscreen platform, in throw-away dirs; compared with the unfrozen program.
dist-check: $(DIST_STAMP)
	@start=$$(date +%s); \
	$(PY) installer/dist_check.py dist/werkplek --vergelijk $(VENV)/bin/werkplek; \
	rc=$$?; echo "make dist-check duurde $$(( $$(date +%s) - start )) s."; exit $$rc

# Linux: the menu entry, icon and werkplek: URL scheme for the current user. Exec points at
# dist/werkplek/werkplek when built, else at $(VENV)/bin/werkplek.
DATA_HOME = $${XDG_DATA_HOME:-$$HOME/.local/share}
install-desktop:
	@if [ -x dist/werkplek/werkplek ]; then prog="$(CURDIR)/dist/werkplek/werkplek"; \
	elif [ -x $(VENV)/bin/werkplek ]; then prog="$(CURDIR)/$(VENV)/bin/werkplek"; \
	else echo "Geen werkplek om te starten: eerst make dist (of make run)."; exit 1; fi; \
	apps="$(DATA_HOME)/applications"; icons="$(DATA_HOME)/icons/hicolor"; \
	install -d "$$apps" "$$icons/scalable/apps" "$$icons/256x256/apps" || exit 1; \
	install -m 644 resources/icons/werkplek.svg "$$icons/scalable/apps/werkplek.svg" || exit 1; \
	install -m 644 resources/icons/werkplek.png "$$icons/256x256/apps/werkplek.png" || exit 1; \
	sed "s|^Exec=werkplek |Exec=\"$$prog\" |" installer/linux/werkplek.desktop \
	  > "$$apps/werkplek.desktop" && chmod 644 "$$apps/werkplek.desktop" || exit 1; \
	if command -v update-desktop-database >/dev/null 2>&1; then \
	  update-desktop-database -q "$$apps" || true; fi; \
	if command -v gtk-update-icon-cache >/dev/null 2>&1; then \
	  gtk-update-icon-cache -q -t "$$icons" 2>/dev/null || true; fi; \
	if command -v xdg-mime >/dev/null 2>&1; then \
	  xdg-mime default werkplek.desktop x-scheme-handler/werkplek || true; \
	else echo "xdg-mime ontbreekt (pakket xdg-utils): werkplek:-links vindt de desktop via MimeType."; fi; \
	echo "Geïnstalleerd: $$apps/werkplek.desktop (Exec=$$prog) en het pictogram in $$icons."
