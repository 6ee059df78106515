# Every target bootstraps what it needs: uv (into .tools/) from plain python3, then the
# locked environment (.venv/) from uv.lock. `make help` lists the targets.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
SYNCED := .venv/.synced
UVRUN := $(UV) run --frozen --no-sync
IMPL_NAMES := $(patsubst %_impl/manifest.toml,%,$(wildcard *_impl/manifest.toml))

# Choices for serve/contract/faults/compare (documented in docs/running.md and docs/comparison.md).
# IMPLS: which implementations, a comma-separated list of names or "all" (every folder with a
# manifest.toml); a target that runs one says so when given more. IMPL, the older spelling, still works.
IMPLS ?= $(or $(IMPL),all)
DB ?= sqlite
PORT ?=
POLICY ?=
WORKERS ?=
CONCURRENCY ?=
CONTROL ?=
ORDER_SEED ?=
PROFILE ?=
USERS ?=
DURATION ?=
WARMUP ?=
REPEATS ?=
LOADS ?=
BENCH_OPTIONS = --impls $(IMPLS) --db $(DB) $(if $(POLICY),--policy $(POLICY)) $(if $(PROFILE),--profile $(PROFILE)) \
	$(if $(USERS),--users $(USERS)) $(if $(DURATION),--duration $(DURATION)) $(if $(WARMUP),--warmup $(WARMUP)) \
	$(if $(REPEATS),--repeats $(REPEATS)) $(if $(LOADS),--loads $(LOADS)) \
	$(if $(WORKERS),--workers $(WORKERS)) $(if $(CONCURRENCY),--concurrency $(CONCURRENCY)) \
	$(if $(CONTROL),--control $(CONTROL)) $(if $(ORDER_SEED),--order-seed $(ORDER_SEED))

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  \033[1m%-15s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "  implementations: $(IMPL_NAMES)"

$(UV):
	@echo "==> bootstrapping uv $(UV_VERSION) into $(TOOLS)/"
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(SYNCED): $(UV) uv.lock pyproject.toml $(wildcard */pyproject.toml)
	@echo "==> syncing .venv from uv.lock"
	$(UV) sync --locked --all-packages --all-groups
	@touch $@

.PHONY: sync
sync: $(SYNCED) ## Install the locked environment (done by every target that needs it)

.PHONY: lock
lock: $(UV) ## Re-resolve uv.lock after changing a pyproject.toml
	$(UV) lock

.PHONY: serve
serve: $(SYNCED) ## Run one implementation in the foreground: IMPLS=<name> [DB=sqlite|postgres] [PORT=] [WORKERS=]
	$(UVRUN) python -m harness serve $(IMPLS) --db $(DB) $(if $(PORT),--port $(PORT)) $(if $(WORKERS),--workers $(WORKERS))

.PHONY: postgres
postgres: $(SYNCED) ## Run a throwaway PostgreSQL until Ctrl-C
	$(UVRUN) python -m harness postgres

.PHONY: contract
contract: $(SYNCED) ## Run the contract suite against IMPLS, each on a fresh database of each DB (or BASE_URL=http://...) [IMPLS= DB=sqlite,postgres]
	$(UVRUN) pytest contract $(if $(BASE_URL),--base-url $(BASE_URL),--impl $(IMPLS) --db $(DB))

.PHONY: lint
lint: $(SYNCED) ## ruff (lint and format check) over the whole workspace, mypy over the tooling (pyproject.toml says which)
	$(UVRUN) ruff check .
	$(UVRUN) ruff format --check .
	$(UVRUN) mypy

.PHONY: test
test: $(SYNCED) lint ## Run every test: lint, each implementation's own, the contract suite on SQLite and PostgreSQL, the fast fault items, the tooling's, the container files'
	@for impl in $(IMPL_NAMES); do \
		echo "==> $$impl: its own tests"; \
		(cd $${impl}_impl && ../$(UVRUN) pytest -q) || exit 1; \
	done
	@echo "==> contract suite: every implementation on sqlite and postgres"
	$(UVRUN) pytest contract -q --impl all --db sqlite,postgres
	@echo "==> reliability and security, fast items: fuzzing, lost updates, every operation with the database down (503) or refusing (500), hostile HTTP, security checks"
	$(UVRUN) pytest contract/faults -q -m "not slow"
	@echo "==> load-test runner, reports and a smoke comparison"
	$(UVRUN) pytest loadtests -q
	@echo "==> containers without an engine: docker-compose.yml, the Dockerfiles and the manifests against each other"
	$(UVRUN) pytest compose -q

.PHONY: faults
faults: $(SYNCED) ## Reliability and security under load, faults and bad input: every item, every implementation; prints the table [IMPLS=]
	FAULTS_IMPLS=$(IMPLS) $(UVRUN) pytest contract/faults -q

.PHONY: compare
compare: $(SYNCED) ## Load-test every implementation and workload, write reports/<UTC time>/ and reports/latest [IMPLS= DB= POLICY=equal|documented|tuned PROFILE= USERS= DURATION= REPEATS= CONCURRENCY= CONTROL=]
	$(UVRUN) python -m bench compare $(BENCH_OPTIONS)

.PHONY: tune
tune: $(SYNCED) ## Find each implementation's best worker processes x requests at once on this machine, for POLICY=tuned [DB= GRID_WORKERS=1,2,3 GRID_CONCURRENCY=2,4,8]
	$(UVRUN) python -m bench tune $(BENCH_OPTIONS) $(if $(GRID_WORKERS),--grid-workers $(GRID_WORKERS)) \
		$(if $(GRID_CONCURRENCY),--grid-concurrency $(GRID_CONCURRENCY))

.PHONY: reproduce
reproduce: $(SYNCED) ## Run the default comparison twice and print both side by side; fails if a verdict reverses or the A/A control fails
	$(UVRUN) python -m bench reproduce $(BENCH_OPTIONS)

.PHONY: compare-smoke
compare-smoke: $(SYNCED) ## A short comparison of everything; fails unless every window measured and a complete report came out
	$(UVRUN) pytest loadtests/tests/test_smoke.py -q

.PHONY: sweep
sweep: $(SYNCED) ## get and mixed at 1, 8, 32, 128 users and at 4, 16, 32 requests a worker takes at once; listPosts at 1k and 100k posts [LEVELS= CONCURRENCY= SIZES=]
	$(UVRUN) python -m bench sweep $(BENCH_OPTIONS) $(if $(LEVELS),--levels $(LEVELS)) $(if $(SIZES),--sizes $(SIZES))

.PHONY: compose-check
compose-check: $(SYNCED) ## Build and run docker-compose.yml for real (an engine, stand-in bases if needed) and check it from the host [ENGINE_DIR= STORAGE_DRIVER= IF_POSSIBLE=1]
	$(UVRUN) python -m compose_check $(if $(ENGINE_DIR),--engine-dir $(ENGINE_DIR)) \
		$(if $(STORAGE_DRIVER),--storage-driver $(STORAGE_DRIVER)) $(if $(IF_POSSIBLE),--if-possible)

.PHONY: report
report: $(SYNCED) ## Rebuild a run's report from its summary.json: RUN=reports/<dir>
	@test -n "$(RUN)" || { echo "usage: make report RUN=reports/<dir>" >&2; exit 2; }
	$(UVRUN) python -m bench report $(RUN)

.PHONY: results
results: $(SYNCED) ## Rewrite README.md's results from the newest runs that qualify, per database and server policy [SHOW=1: why each run does or does not]
	$(UVRUN) python -m bench results $(if $(SHOW),--show)

.PHONY: roles
roles: $(SYNCED) ## Rewrite the generated tables from the manifests and contract/vocabulary.toml: README.md's role map, docs/running.md's implementations, docs/implementing.md's vocabulary
	$(UVRUN) python -m bench.generated

.PHONY: diff
diff: $(SYNCED) ## Compare two runs per implementation and operation: A=reports/<dir> B=reports/<dir>
	@test -n "$(A)" -a -n "$(B)" || { echo "usage: make diff A=reports/<dir> B=reports/<dir>" >&2; exit 2; }
	$(UVRUN) python -m bench diff $(A) $(B)

.PHONY: clean
clean: ## Remove caches and local databases (keeps .venv and .tools)
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -rf .pytest_cache */.pytest_cache
	find . -name '*.sqlite3*' -not -path './.venv/*' -delete
