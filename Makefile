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
RUN := $(UV) run --frozen --no-sync
IMPLS := $(patsubst %_impl/manifest.toml,%,$(wildcard *_impl/manifest.toml))

# Choices for serve/contract (documented in README.md).
IMPL ?= fastapi
DB ?= sqlite
PORT ?=
WORKERS ?=

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  \033[1m%-15s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "  implementations: $(IMPLS)"

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
serve: $(SYNCED) ## Run one implementation in the foreground: IMPL=fastapi [DB=sqlite|postgres] [PORT=] [WORKERS=]
	$(RUN) python -m harness serve $(IMPL) --db $(DB) $(if $(PORT),--port $(PORT)) $(if $(WORKERS),--workers $(WORKERS))

.PHONY: postgres
postgres: $(SYNCED) ## Run a throwaway PostgreSQL until Ctrl-C
	$(RUN) python -m harness postgres

.PHONY: contract
contract: $(SYNCED) ## Run the contract suite against IMPL on a fresh DB (or BASE_URL=http://...)
	$(RUN) pytest contract $(if $(BASE_URL),--base-url $(BASE_URL),--impl $(IMPL) --db $(DB))

.PHONY: test
test: $(SYNCED) ## Run every test: each implementation's own, then the contract suite on SQLite and PostgreSQL
	@for impl in $(IMPLS); do \
		echo "==> $$impl: its own tests"; \
		(cd $${impl}_impl && ../$(RUN) pytest -q) || exit 1; \
	done
	@echo "==> contract suite: $(IMPLS) on sqlite and postgres"
	$(RUN) pytest contract -q --impl all --db sqlite,postgres

.PHONY: compare
compare: ## Load-test every implementation and write reports/latest (not available yet)
	@echo "make compare: the load-test runner (loadtests/) has not landed yet; see README.md." >&2; exit 2

.PHONY: clean
clean: ## Remove caches and local databases (keeps .venv and .tools)
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -rf .pytest_cache */.pytest_cache
	find . -name '*.sqlite3*' -not -path './.venv/*' -delete
