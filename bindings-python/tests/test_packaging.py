"""The package as a user meets it: the release wheel, installed alone into a fresh venv, imported and used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

from support import ROOT

SCRIPT = r"""
import pathlib, sys
import jetwt
here = pathlib.Path(jetwt.__file__).resolve().parent
assert here.is_relative_to(pathlib.Path(sys.prefix).resolve()), here
assert (here / "py.typed").exists() and (here / "__init__.pyi").exists()
key = jetwt.Key.generate("ES256")
token = jetwt.encode({"sub": "ada", "exp": 4102444800}, key, algorithm="ES256")
assert jetwt.verify(token, key.public_key(), algorithms=["ES256"]) == {"sub": "ada", "exp": 4102444800}
token = jetwt.encode({"sub": "ada"}, "a-32-byte-secret-for-hs256-tests!")
assert jetwt.verify(token, "a-32-byte-secret-for-hs256-tests!", algorithms=["HS256"])["sub"] == "ada"
try:
    jetwt.verify(token[:-2] + "AA", "a-32-byte-secret-for-hs256-tests!", algorithms=["HS256"])
except jetwt.InvalidSignatureError as err:
    assert err.code == "invalid_signature"
else:
    raise AssertionError("a forged token verified")
print("ok", jetwt.__version__)
"""


def wheel() -> Path:
    given = os.environ.get("JETWT_WHEEL")
    if given:
        return Path(given)
    found = sorted((ROOT / "target" / "python" / "wheels").glob("jetwt-*.whl"))
    assert found, "no wheel: run `make test-python`, which builds one and passes it as JETWT_WHEEL"
    return found[-1]


def test_the_wheel_is_one_abi3_wheel_for_cpython_39_and_up() -> None:
    name = wheel().name
    assert "-cp39-abi3-" in name, name
    assert name.startswith("jetwt-0.1.0-"), name


def test_the_wheel_installs_alone_into_a_fresh_venv_and_works(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    quiet = ["--quiet", "--disable-pip-version-check"]
    subprocess.run(
        [python, "-m", "pip", "install", *quiet, "--no-index", "--no-deps", wheel()],
        check=True,
        timeout=300,
    )
    # -I: isolated (no cwd, no user site, no PYTHON* variables); run from elsewhere than the repository.
    out = subprocess.run(
        [python, "-I", "-c", SCRIPT],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.stdout.strip() == "ok 0.1.0"
    # The `jetwt` console script (and `python -m jetwt`): the command, from the extension alone.
    script = env_dir / "bin" / "jetwt"
    assert script.exists(), "the wheel installs a `jetwt` console script"
    clean = {"PATH": os.environ.get("PATH", ""), "NO_COLOR": "1"}
    for command in ([script], [python, "-I", "-m", "jetwt"]):
        version = subprocess.run(
            [*command, "--version"], cwd=tmp_path, env=clean, capture_output=True, text=True, timeout=60
        )
        assert (version.returncode, version.stdout, version.stderr) == (0, "jetwt 0.1.0\n", "")
    token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl"
    decoded = subprocess.run(
        [script, "decode", "--json", token],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert decoded.returncode == 0, decoded.stderr
    assert json.loads(decoded.stdout)["claims"] == {"sub": "ada"}
    refused = subprocess.run(
        [script, "verify", token, "--key", "nowhere.pem", "--alg", "HS256"],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith("error: "), refused.stderr
    freeze = subprocess.run(
        [python, "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    )
    installed = {line.split("==")[0].lower() for line in freeze.stdout.split()}
    assert installed - {"pip", "setuptools"} == {"jetwt"}
    assert sys.version_info >= (3, 9)
