"""`make leaks`: every test binary of the core under valgrind's memcheck, with a summary per binary.

Builds `cargo test -p jetwt-core --features remote --tests --no-run` (the binaries `make test-rust` runs: the
library's unit tests and each file of core/tests/), finds them in cargo's JSON messages, and runs each one
under

    valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1
             --suppressions=benches/soak/valgrind.supp

from core/ (where cargo runs them). A binary fails if a test fails, if memcheck reports an error (invalid
read or write, use of uninitialised memory, bad free, ...) or a definite leak. "Possibly lost" and "still
reachable" blocks are counted and shown, not failed (see benches/README.md for what they are). Tests that
assert wall-clock time (TIMED_TESTS) are skipped: under valgrind they fail for slowness alone. Full logs go to
target/soak/valgrind/<binary>.log.

    python3 benches/soak/leaks.py [--skip NAME,NAME] [--only NAME,NAME] [--valgrind-arg=--track-origins=yes]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SUPP = os.path.join(ROOT, "benches", "soak", "valgrind.supp")
LOGS = os.path.join(ROOT, "target", "soak", "valgrind")
# Tests that assert wall-clock time: valgrind runs code 20-50 times slower, so they fail for slowness alone.
TIMED_TESTS = {"api": ["hostile_sizes_are_refused_quickly"]}
VALGRIND = [
    "valgrind",
    "--leak-check=full",
    "--errors-for-leak-kinds=definite",
    "--error-exitcode=1",
    f"--suppressions={SUPP}",
]


def build(cargo: str) -> list[tuple[str, str]]:
    cmd = [cargo, "test", "-p", "jetwt-core", "--features", "remote", "--tests", "--locked", "--no-run"]
    print("$ " + " ".join(cmd), flush=True)
    out = subprocess.run(
        [*cmd, "--message-format=json-render-diagnostics"], cwd=ROOT, stdout=subprocess.PIPE, check=True
    ).stdout
    found = []
    for line in out.decode().splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("executable") and msg["profile"]["test"]:
            kind = msg["target"]["kind"][0]
            name = "unit tests (lib)" if kind == "lib" else msg["target"]["name"]
            found.append((name, msg["executable"]))
    return sorted(found)


def summary(log: str) -> dict[str, str]:
    def grab(pattern: str) -> str:
        m = re.search(pattern, log)
        return m.group(1) if m else "0"

    return {
        "definite": grab(r"definitely lost: ([\d,]+ bytes in [\d,]+ blocks)"),
        "indirect": grab(r"indirectly lost: ([\d,]+ bytes in [\d,]+ blocks)"),
        "possible": grab(r"possibly lost: ([\d,]+ bytes in [\d,]+ blocks)"),
        "reachable": grab(r"still reachable: ([\d,]+ bytes in [\d,]+ blocks)"),
        "suppressed": grab(r"suppressed: ([\d,]+ bytes in [\d,]+ blocks)"),
        "errors": grab(r"ERROR SUMMARY: ([\d,]+) errors"),
        "heap": grab(r"total heap usage: ([\d,]+ allocs, [\d,]+ frees)"),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skip", default="", help="comma-separated binary names not to run")
    ap.add_argument("--only", default="", help="comma-separated binary names to run (default: all)")
    ap.add_argument("--valgrind-arg", action="append", default=[], help="an extra valgrind argument")
    args = ap.parse_args()
    skip = {s for s in args.skip.split(",") if s}
    only = {s for s in args.only.split(",") if s}

    binaries = build(os.environ.get("CARGO", "cargo"))
    os.makedirs(LOGS, exist_ok=True)
    version = subprocess.run(["valgrind", "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()
    print(f"{version}: {' '.join(VALGRIND[1:4])} ({len(binaries)} test binaries)", flush=True)
    rows = []
    failed = []
    for name, exe in binaries:
        if name in skip or (only and name not in only):
            rows.append((name, "skipped", "", "", "", "", "", ""))
            continue
        log_path = os.path.join(LOGS, re.sub(r"[^\w.-]+", "_", name) + ".log")
        cmd = [*VALGRIND, *args.valgrind_arg, f"--log-file={log_path}", exe]
        for test in TIMED_TESTS.get(name, []):
            cmd += ["--skip", test]
        t0 = time.monotonic()
        core = os.path.join(ROOT, "core")
        run = subprocess.run(cmd, cwd=core, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        secs = time.monotonic() - t0
        with open(log_path) as f:
            s = summary(f.read())
        output = run.stdout.decode(errors="replace")
        result = re.search(r"test result: (\w+)\. (\d+) passed; (\d+) failed", output)
        tests = f"{result.group(2)} passed, {result.group(3)} failed" if result else "no test result"
        if name in TIMED_TESTS:
            tests += f" ({', '.join(TIMED_TESTS[name])} skipped: it times itself)"
        ok = run.returncode == 0 and s["errors"] == "0" and s["definite"].startswith("0 bytes")
        verdict = "ok" if ok else f"FAILED (exit {run.returncode})"
        if not ok:
            failed.append(name)
            sys.stdout.write(output[-4000:])
        print(
            f"  {name}: {verdict}, {tests}, {secs:.0f} s; errors {s['errors']}; "
            f"definitely lost {s['definite']}; indirectly lost {s['indirect']}; "
            f"possibly lost {s['possible']}; still reachable {s['reachable']}; "
            f"suppressed {s['suppressed']}; {s['heap']}; log {os.path.relpath(log_path, ROOT)}",
            flush=True,
        )
        rows.append(
            (name, verdict, tests, f"{secs:.0f}", s["errors"], s["definite"], s["possible"], s["reachable"])
        )

    print()
    head = ("test binary", "valgrind", "tests", "s", "errors", "definitely lost", "possibly lost")
    head += ("still reachable",)
    print("| " + " | ".join(head) + " |")
    print("|---|---|---|---:|---:|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if failed:
        print(f"\nmake leaks: FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    print("\nmake leaks: no memcheck error and no definite leak in any test binary")
    return 0


if __name__ == "__main__":
    sys.exit(main())
