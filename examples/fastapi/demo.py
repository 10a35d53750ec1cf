"""`make demo-examples`: starts the FastAPI example on a free port, logs in, calls the protected routes,
refreshes, logs out, prints each exchange, and stops it. Its keys are made fresh in a temporary directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx

import jetwt

HERE = Path(__file__).resolve().parent


def short(value: Any) -> Any:
    """Tokens cut to their first characters, so that a response fits on a line or two."""
    if isinstance(value, dict):
        return {name: short(item) for name, item in value.items()}
    if isinstance(value, str) and value.count(".") == 2 and len(value) > 60:
        return f"{value[:24]}...({len(value)} chars)"
    return value


def show(response: httpx.Response, token: str | None = None) -> None:
    request = response.request
    auth = "" if token is None else f"  (Authorization: Bearer {short(token)})"
    body = f" {json.dumps(short(json.loads(request.content)))}" if request.content else ""
    print(f"$ {request.method} {request.url.path}{body}{auth}")
    print(f"  {response.status_code} {response.reason_phrase}")
    if "www-authenticate" in response.headers:
        print(f"  WWW-Authenticate: {response.headers['www-authenticate']}")
    if response.content:
        print(f"  {json.dumps(short(response.json()))}")
    print()


def main() -> None:
    with tempfile.TemporaryDirectory() as keys:
        for service in ("fastapi", "express"):
            key = jetwt.Key.generate("ES256")
            Path(keys, f"{service}.pem").write_text(key.to_pem())
            Path(keys, f"{service}.pub.pem").write_text(key.public_key().to_pem())
        env = {**os.environ, "EXAMPLES_KEYS_DIR": keys}
        argv = [sys.executable, str(HERE / "app.py"), "--port", "0"]
        server = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            if " listening on " not in line:
                raise SystemExit(f"the FastAPI example did not start: {line!r}")
            url = line.split(" listening on ", 1)[1].strip()
            print(f"{line.strip()}\n")
            run(httpx.Client(base_url=url, timeout=10))
        finally:
            server.terminate()
            server.wait(timeout=10)


def run(http: httpx.Client) -> None:
    def call(path: str, token: str | None = None) -> None:
        headers = {} if token is None else {"Authorization": f"Bearer {token}"}
        show(http.get(path, headers=headers), token)

    response = http.post("/login", json={"username": "ada", "password": "analytical-engine"})
    show(response)
    ada = response.json()
    call("/me", ada["access_token"])
    call("/reports", ada["access_token"])

    print("# grace lacks the reports:read scope")
    grace = http.post("/login", json={"username": "grace", "password": "compiler-a0"}).json()
    call("/reports", grace["access_token"])

    print("# no token, then a forged one (signed by a key the service does not trust)")
    call("/me")
    intruder = jetwt.Key.generate("ES256")
    call("/me", jetwt.encode({"sub": "ada"}, intruder, algorithm="ES256", headers={"typ": "at+jwt"}))

    print("# refresh rotates the refresh token: the old one stops working")
    response = http.post("/refresh", json={"refresh_token": ada["refresh_token"]})
    show(response)
    show(http.post("/refresh", json={"refresh_token": ada["refresh_token"]}))

    print("# logout revokes the new refresh token")
    rotated = response.json()["refresh_token"]
    show(http.post("/logout", json={"refresh_token": rotated}))
    show(http.post("/refresh", json={"refresh_token": rotated}))


if __name__ == "__main__":
    main()
