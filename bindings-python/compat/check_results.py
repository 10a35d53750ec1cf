"""Judges a run of PyJWT's own test suite against ``jetwt.pyjwt`` (``make test-compat``).

Usage: ``python check_results.py JUNIT_XML EXPECTED_FAILURES_MD``

Passes when the run collected all of PyJWT 2.15.1's tests, at least 95% of them passed, and the tests that did
not pass are exactly those listed in ``EXPECTED_FAILURES.md`` (a listed test that passes fails the check too,
so the list stays honest in both directions). Prints the counts and every discrepancy.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TOTAL = 475  # the tests in PyJWT 2.15.1's sdist
MIN_PASS_RATE = 0.95
# PyJWT's own no-cryptography tests, skipped because cryptography is installed for the run.
EXPECTED_SKIPS = 4
LISTED = re.compile(r"^\s*[-*]\s+`(tests/[^`]+)`", re.MULTILINE)


def node_id(classname: str, name: str) -> str:
    """pytest's node id from a JUnit ``classname`` (``tests.test_x.TestY``) and ``name``."""
    parts = classname.split(".")
    module_end = max(i for i, part in enumerate(parts) if part.startswith("test_")) + 1
    path = "/".join(parts[:module_end]) + ".py"
    return "::".join([path, *parts[module_end:], name])


def outcomes(junit: Path) -> dict[str, str]:
    """Each test's outcome: ``passed``, ``failed``, ``error`` or ``skipped``."""
    result: dict[str, str] = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = {"failure": "failed"}.get(child.tag, child.tag)
                break
        test = node_id(case.get("classname", ""), case.get("name", ""))
        if test in result and result[test] != "passed":
            continue  # an error in teardown after a failure: keep the first verdict
        result[test] = outcome
    return result


def main(junit: Path, expected_md: Path) -> int:
    results = outcomes(junit)
    listed = LISTED.findall(expected_md.read_text(encoding="utf-8"))
    expected = set(listed)
    problems: list[str] = []
    if len(listed) != len(expected):
        problems.append("EXPECTED_FAILURES.md lists a test twice")

    passed = sorted(t for t, o in results.items() if o == "passed")
    skipped = sorted(t for t, o in results.items() if o == "skipped")
    failed = sorted(t for t, o in results.items() if o in ("failed", "error"))
    rate = len(passed) / TOTAL

    print(f"PyJWT 2.15.1's suite on jetwt.pyjwt: {len(passed)}/{TOTAL} passed ({rate:.1%}), ", end="")
    print(f"{len(failed)} failed (all listed: {set(failed) <= expected}), {len(skipped)} skipped")

    if len(results) != TOTAL:
        problems.append(f"{len(results)} tests ran, not the {TOTAL} of PyJWT 2.15.1's suite")
    if rate < MIN_PASS_RATE:
        problems.append(f"the pass rate {rate:.1%} is under {MIN_PASS_RATE:.0%}")
    if len(skipped) != EXPECTED_SKIPS:
        problems.append(f"{len(skipped)} tests skipped, not PyJWT's {EXPECTED_SKIPS} no-cryptography tests")
    for test in failed:
        if test not in expected:
            problems.append(f"unexpected failure (fix it, or list it with its reason): {test}")
    for test in sorted(expected):
        outcome = results.get(test)
        if outcome is None:
            problems.append(f"listed as an expected failure but not in the run: {test}")
        elif outcome == "passed":
            problems.append(f"listed as an expected failure but passes (remove it from the list): {test}")
        elif outcome == "skipped":
            problems.append(f"listed as an expected failure but skipped: {test}")

    for problem in problems:
        print(f"  FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
