# Cross-runtime tests: Python-signed tokens verify in Node and the reverse (included by the Makefile).
.PHONY: test-cross
test-cross: python-wheel node-addon
	$(PY) -m pytest -q -p no:cacheprovider tests/cross
TEST_TARGETS += test-cross
