# The README's commands. `make test` runs everything CI runs; `make demo` builds both packages and shows them.
# Each binding adds its own targets from its fragment: bindings-python/python.mk, bindings-node/node.mk.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

TEST_TARGETS := test-core
LINT_TARGETS := lint-rust
DEMO_TARGETS :=
BENCH_TARGETS := bench-core

-include bindings-python/python.mk
-include bindings-node/node.mk
-include tests/cross.mk

.PHONY: test lint demo bench test-core lint-rust bench-core vectors versions
.DEFAULT_GOAL := test

test: versions $(LINT_TARGETS) $(TEST_TARGETS)
	@echo "make test: every suite passed"

lint: $(LINT_TARGETS)

demo: $(DEMO_TARGETS)

bench: $(BENCH_TARGETS)

versions:
	@bash tests/check_versions.sh

lint-rust:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

test-core:
	$(CARGO) test -p jetwt-core --locked

bench-core:
	$(CARGO) bench -p jetwt-core --bench core --locked

# Regenerate the shared vectors (signed independently with Python's cryptography; needs the dev venv).
vectors:
	.venv/bin/python tests/vectors/generate.py
