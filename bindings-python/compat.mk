# `make test-compat`: PyJWT 2.15.1's own test suite (475 tests, from its sdist on PyPI) run against
# `jetwt.pyjwt`, through the `jwt` alias package of bindings-python/compat/alias, in a venv of its own that has
# cryptography and must never have PyJWT. Fails when under 95% pass, or when a test fails that
# bindings-python/compat/EXPECTED_FAILURES.md does not list (or a listed one passes).
# Included by the top Makefile after python.mk (it uses PYTHON, PY_WHEELS and the python-wheel target).

COMPAT_DIR := target/compat
COMPAT_VENV := $(COMPAT_DIR)/venv
COMPAT_PY := $(COMPAT_VENV)/bin/python
COMPAT_REQS := bindings-python/compat/requirements.txt
COMPAT_STAMP := $(COMPAT_VENV)/.jetwt-compat-requirements
PYJWT_VERSION := 2.15.1
PYJWT_SDIST_REQ := bindings-python/compat/pyjwt-sdist.txt
PYJWT_SDIST := $(COMPAT_DIR)/pyjwt-$(PYJWT_VERSION).tar.gz
COMPAT_SUITE := $(COMPAT_DIR)/suite-$(PYJWT_VERSION)
COMPAT_SUITE_STAMP := $(COMPAT_SUITE)/.extracted
COMPAT_JUNIT := $(COMPAT_DIR)/junit-$(PYJWT_VERSION).xml

.PHONY: test-compat

$(COMPAT_STAMP): $(COMPAT_REQS)
	$(PYTHON) -m venv $(COMPAT_VENV)
	$(COMPAT_PY) -m pip install --quiet --disable-pip-version-check -r $(COMPAT_REQS)
	touch $@

# The sdist, downloaded once and checked against the pinned hash; only its tests/ (with key fixtures) are used.
$(PYJWT_SDIST): $(PYJWT_SDIST_REQ) | $(COMPAT_STAMP)
	$(COMPAT_PY) -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
	  --require-hashes -r $(PYJWT_SDIST_REQ) -d $(COMPAT_DIR)
	touch $@

$(COMPAT_SUITE_STAMP): $(PYJWT_SDIST)
	rm -rf $(COMPAT_SUITE)
	mkdir -p $(COMPAT_SUITE)
	tar -xzf $(PYJWT_SDIST) -C $(COMPAT_SUITE) --strip-components=1 pyjwt-$(PYJWT_VERSION)/tests
	touch $@

# pytest exits 1 when tests fail, which the expected failures make it do: check_results.py decides instead.
# Any other exit (an internal error, nothing collected) fails the target.
test-compat: python-wheel $(COMPAT_STAMP) $(COMPAT_SUITE_STAMP)
	$(COMPAT_PY) -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall $(PY_WHEELS)/jetwt-*.whl
	@$(COMPAT_PY) -c 'import importlib.util, sys; sys.exit("PyJWT is installed in $(COMPAT_VENV); the suite must run on jetwt.pyjwt alone" if importlib.util.find_spec("jwt") else 0)'
	rm -f $(COMPAT_JUNIT)
	rc=0; cd $(COMPAT_SUITE) && PYTHONPATH=$(abspath bindings-python/compat/alias) $(abspath $(COMPAT_PY)) -m pytest \
	  -c $(abspath bindings-python/compat/pytest.ini) --rootdir . -p no:cacheprovider -q --junitxml=$(abspath $(COMPAT_JUNIT)) \
	  tests || rc=$$?; [ $$rc -le 1 ] || { echo "pytest exited with $$rc"; exit $$rc; }
	$(COMPAT_PY) bindings-python/compat/check_results.py $(COMPAT_JUNIT) bindings-python/compat/EXPECTED_FAILURES.md

TEST_TARGETS += test-compat
