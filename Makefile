# Two commands on a fresh machine with Python 3.11:  make demo   and   make test
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE_WS := build/sample-workspace
# Debian's chromium drives the browser tests of the playbook apps (tests/browser);
# playwright only drives it and downloads no browser of its own.
CHROMIUM := /usr/bin/chromium
PORT ?= 8866

.PHONY: install demo test lab lock sample-data docs clean bench serve

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP) ## prepare .venv with the locked dependencies

$(SAMPLE_WS)/manifest.json: $(STAMP) $(wildcard data/sample/*.csv)
	$(BIN)/fieldsales load data/sample $(SAMPLE_WS) --force

$(VENV)/.chromium: $(STAMP)
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "installing Debian's chromium for the browser tests"; \
		sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$sudo apt-get update -qq && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			chromium fonts-liberation fonts-dejavu-core; \
	fi
	@$(CHROMIUM) --version 2>/dev/null
	touch $@

demo: $(SAMPLE_WS)/manifest.json ## build the sample workspace, show it, write its reports, serve the apps
	$(BIN)/fieldsales info $(SAMPLE_WS)
	$(BIN)/fieldsales reports $(SAMPLE_WS) --out build/sample-reports --workers 2
	@echo "reports: $(abspath build/sample-reports)/index.html"
	@echo "the manager's apps (Ctrl-C stops them):"
	$(BIN)/fieldsales serve $(SAMPLE_WS) --port $(PORT)

serve: $(SAMPLE_WS)/manifest.json ## serve the manager's apps on the sample workspace (127.0.0.1:$(PORT))
	$(BIN)/fieldsales serve $(SAMPLE_WS) --port $(PORT)

test: $(SAMPLE_WS)/manifest.json $(VENV)/.chromium ## run the whole test suite: notebooks (nbval), apps in chromium
	FIELDSALES_WORKSPACE=$(abspath $(SAMPLE_WS)) $(BIN)/python -m pytest --nbval-lax --durations=15 tests notebooks playbook

lab: $(SAMPLE_WS)/manifest.json ## JupyterLab on the project, bound to 127.0.0.1
	FIELDSALES_WORKSPACE=$(abspath $(SAMPLE_WS)) $(BIN)/jupyter lab --ip=127.0.0.1 --no-browser \
		--ServerApp.root_dir=$(CURDIR) $(if $(filter 0,$(shell id -u)),--allow-root)

bench: $(STAMP) ## run every benchmark (prints figures; slow)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

sample-data: $(STAMP) ## regenerate data/sample from the generator (then commit it)
	$(BIN)/fieldsales sample data/sample.new --csv --reps 60 --months 24 --seed 42
	cp data/sample/README.md data/sample.new/ && rm -rf data/sample && mv data/sample.new data/sample

docs: $(STAMP) ## regenerate docs generated from code
	$(BIN)/python -m fieldsales.schema._docs > docs/data-model.md
	$(BIN)/python -m fieldsales.kpis._docs > docs/kpis.md

lock: ## re-resolve requirements.lock from pyproject.toml (needs uv)
	uv pip compile pyproject.toml --extra notebooks --extra dev --extra spark --extra dask --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) build
