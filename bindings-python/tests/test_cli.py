"""`python -m jetwt` (issue 7), run as a user runs it, as a subprocess: every case of the shared
tests/cli/cases.json (which the Rust binary and `npx jetwt` run too; semantics as in cli/tests/cli.rs), then
what is particular to running the command inside Python: its buffered streams, Ctrl-C, colour, arguments that
are not UTF-8. The `jetwt` console script is checked in the packaging test's fresh venv."""

from __future__ import annotations

import json
import os
import pty
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import jetwt

from support import KEYS, ROOT, SECRET

SPEC = json.loads((ROOT / "tests" / "cli" / "cases.json").read_text())
TOKEN = "eyJhbGciOiJub25lIn0.e30."


def jetwt_cli(
    args: list[str] | list[bytes], stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Runs `python -m jetwt args` with `stdin`; exit code, stdout and stderr as text."""
    return subprocess.run(
        [sys.executable, "-m", "jetwt", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        timeout=60,
    )


def test_every_case_of_the_shared_cli_cases_in_order(tmp_path: Path) -> None:
    keys = str(KEYS.resolve())
    tmp = str(tmp_path.resolve())

    def sub(text: str) -> str:
        return text.replace("{keys}", keys).replace("{tmp}", tmp)

    previous, ran, failures = "", 0, []
    for case in SPEC["cases"]:
        stdin = previous if case.get("stdin_from_previous") is True else case.get("stdin", "")
        out = jetwt_cli([sub(a) for a in case["args"]], stdin)
        ran += 1
        problems = []
        if out.returncode != case["exit"]:
            problems.append(f"exit {out.returncode}, expected {case['exit']}")
        if "stdout" in case and out.stdout != sub(case["stdout"]):
            problems.append(f"stdout:\n{out.stdout}\nexpected:\n{sub(case['stdout'])}")
        if "stdout_regex" in case and not re.search(case["stdout_regex"], out.stdout):
            problems.append(f"stdout {out.stdout!r} does not match {case['stdout_regex']}")
        if "stdout_contains" in case and case["stdout_contains"] not in out.stdout:
            problems.append(f"stdout lacks {case['stdout_contains']!r}")
        if out.stderr != sub(case["stderr"]):
            problems.append(f"stderr {out.stderr!r}, expected {sub(case['stderr'])!r}")
        if "panicked" in out.stderr or "Traceback" in out.stderr:
            problems.append("a panic or a Python traceback reached the user")
        if problems:
            failures.append(f"{case['name']}: " + "; ".join(problems))
        previous = out.stdout
    assert not failures, "\n\n".join(failures)
    assert ran == len(SPEC["cases"])
    assert ran >= 39, f"ran {ran} cases"


def test_the_exit_code_stdout_and_stderr_are_the_commands() -> None:
    out = jetwt_cli(["verify", "a.b", "--key", str(KEYS / "hs256.secret"), "--alg", "HS256"])
    assert out.returncode == 1
    assert out.stdout == ""
    assert out.stderr == "invalid: malformed: A token has exactly three segments separated by dots.\n"
    usage = jetwt_cli([])
    assert usage.returncode == 2
    assert usage.stdout == ""
    assert usage.stderr.startswith(
        "Generate, inspect and verify JSON Web Tokens, offline.\n\nUsage: jetwt <COMMAND>"
    )
    assert jetwt_cli(["--version"]).stdout == f"jetwt {jetwt.__version__}\n"


def test_what_python_buffered_is_written_before_the_command_runs() -> None:
    # Text written through sys.stdout / sys.stderr but not yet flushed (no newline on a line-buffered stream,
    # anything on a block-buffered pipe) must come out before the command's own output, not after it at exit.
    # PYTHONUNBUFFERED would make Python write through, and the test prove nothing.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env["NO_COLOR"] = "1"
    script = (
        "import sys\n"
        "from jetwt.__main__ import main\n"
        "sys.stdout.write('before: ')\n"
        "sys.stderr.write('note: ')\n"
        "sys.argv = ['jetwt'] + sys.argv[1:]\n"
        "main()\n"
    )
    ok = subprocess.run(
        [sys.executable, "-c", script, "--version"], capture_output=True, text=True, timeout=60, env=env
    )
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, f"before: jetwt {jetwt.__version__}\n", "note: ")
    bad = subprocess.run(
        [sys.executable, "-c", script, "verify", "x", "--key", str(KEYS / "hs256.secret"), "--alg", "HS256"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert bad.returncode == 1
    assert bad.stdout == "before: "
    assert bad.stderr.startswith("note: invalid: malformed: "), bad.stderr


def test_stdout_and_stderr_sharing_one_pipe_keep_their_order() -> None:
    key = str(KEYS / "hs256.secret")
    token = jetwt_cli(["encode", "--alg", "HS256", "--key", key, "--sub", "order"]).stdout.strip()
    python = sys.executable
    script = (
        f"'{python}' -m jetwt verify {token} --key '{key}' --alg HS256 --json; "
        f"'{python}' -m jetwt verify bad --key '{key}' --alg HS256; "
        f"'{python}' -m jetwt decode --json {token}"
    )
    combined = subprocess.run(
        ["sh", "-c", f"({script}) 2>&1"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=60,
    ).stdout
    lines = combined.split("\n")
    assert lines[0].startswith('{"valid":true,'), combined
    assert lines[1] == "invalid: malformed: A token has exactly three segments separated by dots."
    assert json.loads("\n".join(lines[2:]))["claims"]["sub"] == "order"


def waiting_for_stdin(pid: int) -> bool:
    """Whether the process is blocked in read(0, …) (Linux /proc; x86-64 and aarch64 syscall numbers)."""
    syscall = Path(f"/proc/{pid}/syscall").read_text().split()
    read_number = {"x86_64": "0", "aarch64": "63"}.get(os.uname().machine)
    return len(syscall) > 1 and syscall[0] == read_number and int(syscall[1], 16) == 0


def test_ctrl_c_stops_a_command_waiting_for_stdin() -> None:
    # The command runs without the GIL; Python's own SIGINT handler would only set a flag nobody reads while
    # the command retries the interrupted read. Ctrl-C must end the process, as it ends the Rust binary.
    if not Path("/proc/self/syscall").exists() or os.uname().machine not in ("x86_64", "aarch64"):
        pytest.skip("needs Linux /proc/PID/syscall to know when the command is waiting")
    child = subprocess.Popen(
        [sys.executable, "-m", "jetwt", "decode", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while not waiting_for_stdin(child.pid):
            assert time.monotonic() < deadline, "the command never waited for stdin"
            time.sleep(0.02)
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=10) == -signal.SIGINT
    finally:
        child.kill()
        child.communicate()


def run_in_terminal(args: list[str], env: dict[str, str]) -> str:
    """`python -m jetwt args` with stdout a pseudo-terminal; what it wrote there."""
    leader, follower = pty.openpty()
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "jetwt", *args], stdout=follower, stderr=subprocess.PIPE, env=env
        )
        os.close(follower)
        out = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
        assert child.wait(timeout=60) == 0
        return out.decode()
    finally:
        os.close(leader)


def test_colour_only_on_a_terminal_and_never_with_no_color() -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    piped = subprocess.run(
        [sys.executable, "-m", "jetwt", "decode", TOKEN], capture_output=True, text=True, env=env, timeout=60
    )
    assert piped.returncode == 0
    assert "\x1b[" not in piped.stdout, "no escape codes into a pipe"
    assert "\x1b[" in run_in_terminal(["decode", TOKEN], env)
    assert "\x1b[" in run_in_terminal(["decode", TOKEN], {**env, "NO_COLOR": ""}), (
        "an empty NO_COLOR is unset"
    )
    plain = run_in_terminal(["decode", TOKEN], {**env, "NO_COLOR": "1"})
    assert "\x1b[" not in plain
    assert "Header" in plain


def test_output_survives_a_non_blocking_stdout_and_a_slow_reader() -> None:
    # An asyncio program (or a parent sharing the descriptor) may leave stdout non-blocking; a write to a full
    # non-blocking pipe fails with EAGAIN, and output past the buffer would be lost.
    big = jetwt.encode({"big": "x" * 180_000}, SECRET, algorithm="HS256")
    expected = jetwt_cli(["decode", "-"], big).stdout
    assert len(expected) > 2 * 65536 and '"big": "' + "x" * 180_000 + '"' in expected
    ours, theirs = socket.socketpair()
    theirs.setblocking(False)
    with ours, theirs:
        child = subprocess.Popen(
            [sys.executable, "-m", "jetwt", "decode", "-"],
            stdin=subprocess.PIPE,
            stdout=theirs.fileno(),
            stderr=subprocess.PIPE,
            env={**os.environ, "NO_COLOR": "1"},
        )
        theirs.close()
        assert child.stdin is not None
        child.stdin.write(big.encode())
        child.stdin.close()
        out = b""
        while True:
            time.sleep(0.002)
            chunk = ours.recv(8192)
            if not chunk:
                break
            out += chunk
        assert child.wait(timeout=60) == 0
        assert child.stderr is not None and child.stderr.read() == b""
    assert out.decode() == expected


def test_arguments_that_are_not_utf8_reach_the_command_as_bytes() -> None:
    # sys.argv holds them as surrogate escapes; they go to the command as the original bytes, which it refuses
    # as a usage error (exit 2), never with a Python traceback.
    out = subprocess.run(
        [sys.executable, "-m", "jetwt", "decode", b"\xff\xfe"],
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=60,
    )
    assert out.returncode == 2, out
    assert b"Traceback" not in out.stderr
    assert b"UTF-8" in out.stderr, out.stderr


def test_run_cli_in_process_returns_the_exit_code(capfd: pytest.CaptureFixture[str]) -> None:
    assert jetwt._run_cli(["--version"]) == 0
    assert jetwt._run_cli(("decode", TOKEN, "--json")) == 0
    assert jetwt._run_cli(["no-such-command"]) == 2
    out, err = capfd.readouterr()
    lines = out.splitlines()
    assert lines[0] == f"jetwt {jetwt.__version__}"
    assert json.loads(lines[1])["header"] == {"alg": "none"}
    assert "unrecognized subcommand 'no-such-command'" in err
    bad: Any
    for bad in ["decode", None, [1, 2]]:
        with pytest.raises(TypeError):
            jetwt._run_cli(bad)
