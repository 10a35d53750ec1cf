# The example services (issue 9): examples/fastapi and examples/express, sharing examples/shared/config.json
# and one key directory. Included by the top-level Makefile; paths are relative to the repository root.
#
#   make test-examples   pytest (examples/fastapi/tests) and node:test (examples/express/test); each suite starts
#                        both services on 127.0.0.1 and drives them over HTTP
#   make demo-examples   the FastAPI service at work: login, protected routes, scopes, refresh, logout
#   make lint-examples   ruff on the Python examples, node --check on the JavaScript ones
#   make examples-keys   the key pairs in examples/shared/keys (git-ignored), to run the services by hand
#   make examples-venv   target/examples-venv: examples/fastapi/requirements.txt and the jetwt wheel

PYTHON ?= python3
NODE ?= node
EX_VENV := target/examples-venv
EX_PY := $(EX_VENV)/bin/python
EX_REQS := examples/fastapi/requirements.txt
EX_STAMP := $(EX_VENV)/.jetwt-examples-requirements
EX_KEYS := examples/shared/keys

.PHONY: test-examples demo-examples lint-examples examples-keys examples-venv

# The examples' own venv, made once (again when their requirements change); .venv is left alone.
$(EX_STAMP): $(EX_REQS)
	mkdir -p $(dir $(EX_VENV))
	$(PYTHON) -m venv $(EX_VENV)
	$(EX_PY) -m pip install --quiet --disable-pip-version-check -r $(EX_REQS)
	touch $@

# With the wheel python-wheel has just built.
examples-venv: python-wheel $(EX_STAMP)
	$(EX_PY) -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall $(PY_WHEELS)/jetwt-*.whl

test-examples: examples-venv node-addon
	EXAMPLES_PYTHON=$(abspath $(EX_PY)) $(NODE) --test examples/express/test/*.test.mjs
	NODE=$(NODE) $(EX_PY) -m pytest -q -p no:cacheprovider examples/fastapi/tests

demo-examples: examples-venv
	$(EX_PY) examples/fastapi/demo.py

lint-examples: $(PY_DEV_STAMP)
	$(PY_VENV)/bin/ruff check examples
	$(PY_VENV)/bin/ruff format --check examples
	@for f in examples/express/*.mjs examples/express/test/*.mjs; do $(NODE) --check $$f || exit 1; done

examples-keys: node-addon
	@mkdir -p $(EX_KEYS)
	@for service in fastapi express; do \
	  test -f $(EX_KEYS)/$$service.pem || $(NODE) bindings-node/cli.js keygen ES256 --out $(EX_KEYS)/$$service; \
	done

TEST_TARGETS += test-examples
LINT_TARGETS += lint-examples
DEMO_TARGETS += demo-examples
