"""Starts the FastAPI and the Express example services on 127.0.0.1 (free ports), sharing one fresh key
directory and one clock file; the tests drive them over real HTTP with httpx."""

from __future__ import annotations

import os
import selectors
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

import jetwt

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))  # the app's own modules, for the unit tests of its parts


@dataclass
class Service:
    name: str
    url: str
    kid: str  # the kid of the tokens it signs
    private_pem: str  # its signing key: tests sign tokens a real service would not issue
    http: httpx.Client  # keeps its connections open across the tests (httpx clients are thread-safe)


@dataclass
class ClockFile:
    """The time both services sign and verify at; empty means the system clock."""

    path: Path

    def set(self, now: int) -> None:
        self.path.write_text(f"{now}\n")

    def reset(self) -> None:
        self.path.write_text("")


@pytest.fixture(scope="session")
def keys_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("keys")
    for service in ("fastapi", "express"):
        key = jetwt.Key.generate("ES256")
        (directory / f"{service}.pem").write_text(key.to_pem())
        (directory / f"{service}.pub.pem").write_text(key.public_key().to_pem())
    return directory


@pytest.fixture(scope="session")
def _clock_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("clock") / "now"
    path.write_text("")
    return path


@pytest.fixture
def clock(_clock_path: Path) -> Iterator[ClockFile]:
    clock = ClockFile(_clock_path)
    yield clock
    clock.reset()


def start(name: str, argv: list[str], env: dict[str, str], log: Path) -> tuple[subprocess.Popen[str], str]:
    """Runs a service; its first line says `NAME listening on URL`."""
    with log.open("w") as stderr:
        proc = subprocess.Popen(
            argv, cwd=EXAMPLES.parent, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True
        )
    assert proc.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + 30
    line = ""
    while time.monotonic() < deadline and selector.select(timeout=deadline - time.monotonic()):
        line = proc.stdout.readline()
        break
    selector.close()
    if " listening on " not in line:
        proc.kill()
        proc.wait()
        pytest.fail(f"{name} did not start (exit {proc.returncode}, said {line!r}):\n{log.read_text()}")
    return proc, line.split(" listening on ", 1)[1].strip()


def stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def services(
    keys_dir: Path, _clock_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Service]]:
    node = os.environ.get("NODE") or shutil.which("node")
    assert node, "the Express service needs node (set NODE or put it on PATH)"
    env = {**os.environ, "EXAMPLES_KEYS_DIR": str(keys_dir), "EXAMPLES_CLOCK_FILE": str(_clock_path)}
    env.pop("PYTHONPATH", None)
    logs = tmp_path_factory.mktemp("logs")
    commands = {
        "fastapi": [sys.executable, "examples/fastapi/app.py", "--port", "0"],
        "express": [node, "examples/express/app.mjs", "--port", "0"],
    }
    running: dict[str, Service] = {}
    procs = []
    try:
        for name, argv in commands.items():
            proc, url = start(name, argv, env, logs / f"{name}.log")
            procs.append(proc)
            pem = (keys_dir / f"{name}.pem").read_text()
            kid = jetwt.Key.from_pem(pem).public_key().thumbprint()
            running[name] = Service(name, url, kid, pem, httpx.Client(base_url=url, timeout=10))
        yield running
    finally:
        for service in running.values():
            service.http.close()
        for proc in procs:
            stop(proc)
