# Two commands on a fresh machine with Python 3.11:  make demo   and   make test
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE_WS := build/sample-workspace

.PHONY: install demo test lab lock sample-data docs clean bench

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP) ## prepare .venv with the locked dependencies

$(SAMPLE_WS)/manifest.json: $(STAMP) $(wildcard data/sample/*.csv)
	$(BIN)/fieldsales load data/sample $(SAMPLE_WS) --force

demo: $(SAMPLE_WS)/manifest.json ## build the sample workspace, show it, write the latest month's reports
	$(BIN)/fieldsales info $(SAMPLE_WS)
	$(BIN)/fieldsales reports $(SAMPLE_WS) --out build/sample-reports --workers 2
	@echo "reports: $(abspath build/sample-reports)/index.html"

test: $(SAMPLE_WS)/manifest.json ## run the whole test suite, notebooks included (nbval)
	FIELDSALES_WORKSPACE=$(abspath $(SAMPLE_WS)) $(BIN)/python -m pytest --nbval-lax tests notebooks playbook

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
