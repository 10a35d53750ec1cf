"""The README's Python examples run: every fenced ```python block of README.md is executed."""

from __future__ import annotations

import re

import pytest

from support import ROOT

BLOCKS = re.findall(r"^```python\n(.*?)^```", (ROOT / "README.md").read_text(), flags=re.S | re.M)


def test_the_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 1, "README.md has no ```python block to run"


@pytest.mark.parametrize("source", BLOCKS, ids=[f"block{i + 1}" for i in range(len(BLOCKS))])
def test_readme_block_runs(source: str) -> None:
    code = compile(source, "README.md", "exec")
    exec(code, {"__name__": "readme"})
