# The Node package (package.json at the root is the `jetwt` npm package; its code is in bindings-node/).
# Included by the top-level Makefile; paths are relative to the repository root. Needs only node, npm and cargo.
#
#   make node-addon   npm ci (once per package-lock.json) and the release addon, bindings-node/jetwt.node
#   make test-node    node:test suites in bindings-node/__test__/
#   make lint-node    native.d.ts drift check, tsc --noEmit of index.d.ts and the TypeScript example
#   make node-dts     regenerate the committed bindings-node/native.d.ts after changing the native exports
#   make bench-node   jetwt against jsonwebtoken, fast-jwt, jose and @node-rs/jsonwebtoken (benches/node/)
#   make demo-node    the package in action

NPM ?= npm
NODE ?= node
NODE_STAMP := node_modules/.jetwt-npm-ci.stamp
NODE_ADDON := bindings-node/jetwt.node
# napi build writes the addon and the declarations it generates here; the addon is then copied beside
# index.js, and the declarations are compared with the committed bindings-node/native.d.ts.
NODE_BUILD_DIR := target/jetwt-node
NODE_SOURCES := $(wildcard bindings-node/src/*.rs) bindings-node/Cargo.toml bindings-node/build.rs \
	$(wildcard core/src/*.rs) core/Cargo.toml Cargo.toml Cargo.lock bindings-node/node.mk

.PHONY: node-addon node-deps node-dts test-node lint-node bench-node demo-node

node-deps: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	touch $@

node-addon: $(NODE_ADDON)

$(NODE_ADDON): $(NODE_STAMP) $(NODE_SOURCES)
	rm -rf $(NODE_BUILD_DIR)
	npx --no-install napi build --manifest-path bindings-node/Cargo.toml --output-dir $(NODE_BUILD_DIR) \
		--release --strip --dts native.d.ts -- --locked
	cp $(NODE_BUILD_DIR)/jetwt.node $@

node-dts: $(NODE_ADDON)
	cp $(NODE_BUILD_DIR)/native.d.ts bindings-node/native.d.ts

test-node: $(NODE_ADDON)
	$(NODE) --test bindings-node/__test__/*.test.js bindings-node/__test__/*.test.mjs

lint-node: $(NODE_ADDON)
	@test -f $(NODE_BUILD_DIR)/native.d.ts || { rm -f $(NODE_ADDON); $(MAKE) --no-print-directory $(NODE_ADDON); }
	@diff -u bindings-node/native.d.ts $(NODE_BUILD_DIR)/native.d.ts \
		|| { echo "bindings-node/native.d.ts is stale: the native exports changed; run 'make node-dts' and commit it." >&2; exit 1; }
	npx --no-install tsc -p bindings-node/__test__/tsconfig.json

bench-node: $(NODE_ADDON)
	$(NODE) benches/node/bench.js

demo-node: $(NODE_ADDON)
	$(NODE) bindings-node/demo.mjs

TEST_TARGETS += test-node
LINT_TARGETS += lint-node
BENCH_TARGETS += bench-node
DEMO_TARGETS += demo-node
