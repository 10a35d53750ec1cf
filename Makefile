# The README's commands. `make test` runs everything CI runs; `make demo` builds both packages and shows them.
# Each binding adds its own targets from its fragment: bindings-python/python.mk, bindings-node/node.mk.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

TEST_TARGETS := test-rust
LINT_TARGETS := lint-rust
DEMO_TARGETS := demo-cli
BENCH_TARGETS := bench-core

-include bindings-python/python.mk
-include bindings-python/compat.mk
-include bindings-node/node.mk
-include tests/cross.mk
-include examples/examples.mk
-include benches/soak/soak.mk

.PHONY: test lint demo bench test-rust demo-cli lint-rust bench-core vectors versions
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
	$(CARGO) clippy --workspace --all-targets --features jetwt-core/remote --locked -- -D warnings

test-rust:
	$(CARGO) test -p jetwt-core -p jetwt-cli --features jetwt-core/remote --locked

bench-core:
	$(CARGO) bench -p jetwt-core --bench core --locked

# Regenerate the shared vectors (signed independently with Python's cryptography; needs the dev venv).
vectors:
	.venv/bin/python tests/vectors/generate.py

# The command at work, from the Rust door (the Python and npm doors run the same code).
demo-cli:
	@$(CARGO) build -q -p jetwt-cli --release --locked
	@tmp=$$(mktemp -d); jetwt=target/release/jetwt; \
	echo "$$ jetwt keygen ES256 --out $$tmp/demo"; $$jetwt keygen ES256 --out $$tmp/demo; \
	echo "$$ jetwt encode --alg ES256 --key demo.pem --sub ada --aud api --exp 15m"; \
	token=$$($$jetwt encode --alg ES256 --key $$tmp/demo.pem --sub ada --aud api --exp 15m); echo "$$token"; \
	echo "$$ jetwt decode TOKEN"; $$jetwt decode "$$token"; \
	echo "$$ jetwt verify TOKEN --key demo.pub.pem --alg ES256 --aud api"; $$jetwt verify "$$token" --key $$tmp/demo.pub.pem --alg ES256 --aud api; \
	echo "$$ jetwt verify TOKEN --key demo.pub.pem --alg ES256 --aud web   # wrong audience: exit 1"; \
	$$jetwt verify "$$token" --key $$tmp/demo.pub.pem --alg ES256 --aud web || echo "(exit $$?)"; rm -rf $$tmp

# Fuzzing (issue 8): cargo-fuzz on the stable toolchain (RUSTC_BOOTSTRAP enables its -Z flags).
FUZZ_TARGETS := decode verify keys claims
FUZZ_SECONDS ?= 30
.PHONY: fuzz-smoke fuzz-tool
fuzz-tool:
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
fuzz-smoke: fuzz-tool
	@for t in $(FUZZ_TARGETS); do \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  (cd fuzz && RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run $$t corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) -max_len=65536) || exit 1; \
	done
