# The Python package: `make test-python`, `lint-python`, `bench-python`, `demo-python` (included by the Makefile).
# Needs only python3 (with venv and pip) and cargo: everything else comes from the pinned requirements files.

PYTHON ?= python3
PY_VENV := .venv
PY := $(PY_VENV)/bin/python
PY_DEV_REQS := bindings-python/requirements-dev.txt
PY_DEV_STAMP := $(PY_VENV)/.jetwt-dev-requirements
PY_WHEELS := target/python/wheels
PY_BENCH_VENV := target/python/bench-venv
PY_BENCH_PY := $(PY_BENCH_VENV)/bin/python
PY_BENCH_REQS := benches/python/requirements.txt
PY_BENCH_STAMP := $(PY_BENCH_VENV)/.jetwt-bench-requirements
PY_FILES := bindings-python/python bindings-python/tests bindings-python/demo.py benches/python

.PHONY: test-python lint-python bench-python demo-python python-wheel

# The development venv, made once (again when the pinned requirements change).
$(PY_DEV_STAMP): $(PY_DEV_REQS)
	$(PYTHON) -m venv $(PY_VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r $(PY_DEV_REQS)
	touch $@

# One abi3 release wheel, as a user gets it; installed into .venv for the tests, lint and demo.
python-wheel: $(PY_DEV_STAMP)
	mkdir -p $(PY_WHEELS)
	rm -f $(PY_WHEELS)/jetwt-*.whl
	$(PY_VENV)/bin/maturin build --release --locked --quiet --interpreter $(PY) --out $(PY_WHEELS)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall $(PY_WHEELS)/jetwt-*.whl

# JETWT_WHEEL lets the packaging test install the same wheel into a fresh venv of its own.
test-python: python-wheel
	JETWT_WHEEL="$$(ls $(PY_WHEELS)/jetwt-*.whl)" $(PY) -m pytest -q -p no:cacheprovider bindings-python/tests

lint-python: python-wheel
	$(PY_VENV)/bin/ruff check $(PY_FILES)
	$(PY_VENV)/bin/ruff format --check $(PY_FILES)
	$(PY) -m mypy.stubtest jetwt
	$(PY) -m mypy

$(PY_BENCH_STAMP): $(PY_BENCH_REQS)
	mkdir -p $(dir $(PY_BENCH_VENV))
	$(PYTHON) -m venv $(PY_BENCH_VENV)
	$(PY_BENCH_PY) -m pip install --quiet --disable-pip-version-check -r $(PY_BENCH_REQS)
	touch $@

bench-python: python-wheel $(PY_BENCH_STAMP)
	$(PY_BENCH_PY) -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall $(PY_WHEELS)/jetwt-*.whl
	$(PY_BENCH_PY) benches/python/bench.py

demo-python: python-wheel
	$(PY) bindings-python/demo.py

TEST_TARGETS += test-python
LINT_TARGETS += lint-python
BENCH_TARGETS += bench-python
DEMO_TARGETS += demo-python
