# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-quick docs clean browser reset-demo

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/baton serve --demo

# Two workers, each taking whole files (module fixtures start once); every test has its own schema and queues.
TEST_WORKERS ?= 2

test: $(STAMP) browser
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile

# The setup pages' browser test drives the system's chromium (Debian's package, never a downloaded
# browser) and reads codes from oathtool. Installed when missing and this user may (root or sudo);
# otherwise the browser test skips outside CI.
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v oathtool >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium oathtool; \
	  elif sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium oathtool; \
	  else echo "chromium or oathtool is missing (apt-get install chromium oathtool): the browser test will skip."; fi; \
	fi

# Start the demo over: removes ./var (the embedded database, the generated secret key, the outbox and
# the demo admin's sign-in file). Stop `make run` first.
reset-demo:
	-$(BIN)/baton db stop
	rm -rf var
	@echo "The demo is gone: 'make run' loads a fresh one and prints a new sign-in."

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench

bench-quick: $(STAMP)
	$(BIN)/python -m bench --quick

docs: $(STAMP)
	$(BIN)/python -m baton.event_catalogue
	$(BIN)/python -m baton.settings_reference

clean:
	rm -rf $(VENV) var .pytest_cache
