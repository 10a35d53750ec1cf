# Soak and leak checks (issue 8), included by the top-level Makefile. Not part of `make test`: they take minutes.
#
#   make soak          soak-python, then soak-node: SOAK_CYCLES encode+verify cycles of a mix of keys, algorithms,
#                      prepared objects and error paths; fails if RSS grows SOAK_MAX_GROWTH % or more after the
#                      first SOAK_WARMUP cycles (benches/soak/soak.py, benches/soak/soak.js)
#   make leaks         the core's test binaries (cargo test -p jetwt-core --features remote --tests) under valgrind
#                      memcheck; fails on any memcheck error or definite leak (benches/soak/leaks.py).
#                      LEAKS_ARGS='--skip wycheproof,properties' leaves out the slowest binaries.
#
# Results and what the numbers mean: "## Soak and leaks" in benches/README.md.

PYTHON ?= python3
NODE ?= node
SOAK_CYCLES ?= 1000000
SOAK_WARMUP ?= 100000
SOAK_MAX_GROWTH ?= 5
SOAK_ARGS = --cycles $(SOAK_CYCLES) --warmup $(SOAK_WARMUP) --max-growth $(SOAK_MAX_GROWTH)
# V8 grows its young generation (two semi-spaces) from 1 to 16 MiB each as allocation goes on, adding ~30 MiB of
# RSS over the first few hundred thousand cycles that gc() never gives back. Capping a semi-space at 1 MiB keeps
# the V8 heap's footprint constant, so RSS growth after the warm-up is the addon's and the allocator's.
SOAK_NODE_FLAGS ?= --expose-gc --max-semi-space-size=1
# glibc gives each thread that allocates (V8's helpers, libuv's pool running encodeAsync/verifyAsync) an arena
# of its own; memory freed on another thread than the one that allocated it makes their RSS swing by +-6% from
# one sample to the next (measured), which hides a 5% limit. One arena keeps it within +-3.6%; a leak still grows.
SOAK_NODE_ENV ?= MALLOC_ARENA_MAX=1
LEAKS_ARGS ?=

.PHONY: soak soak-python soak-node leaks

soak: soak-python soak-node

soak-python: python-wheel
	$(PY) benches/soak/soak.py $(SOAK_ARGS)

soak-node: $(NODE_ADDON)
	$(SOAK_NODE_ENV) $(NODE) $(SOAK_NODE_FLAGS) benches/soak/soak.js $(SOAK_ARGS)

leaks:
	@command -v valgrind >/dev/null || { echo "make leaks needs valgrind (apt-get install valgrind)" >&2; exit 1; }
	CARGO=$(CARGO) $(PYTHON) benches/soak/leaks.py $(LEAKS_ARGS)
