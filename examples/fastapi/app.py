"""The jetwt FastAPI example: login, a protected route, scopes, refresh rotation and logout.

    python examples/fastapi/app.py [--port 8000]
    uvicorn --factory app:create_app --app-dir examples/fastapi      # the same app

Environment: EXAMPLES_KEYS_DIR (default examples/shared/keys); EXAMPLES_CLOCK_FILE (tests: see tokens.Clock).
"""

from __future__ import annotations

import argparse
import os
import socket
from typing import Annotated, Any

import uvicorn
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from revocation import MemoryRevocationStore, RevocationStore
from tokens import DEFAULT_KEYS_DIR, Clock, TokenError, TokenService, load_config, load_keys

SERVICE = "fastapi"


class Login(BaseModel):
    username: str
    password: str


class Refresh(BaseModel):
    refresh_token: str


def bearer_token(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise TokenError("a bearer token is required")
    return token.strip()


def access_token(request: Request) -> dict[str, Any]:
    """The dependency: `{"header": …, "claims": …}` of the request's valid access token, or a 401."""
    tokens: TokenService = request.app.state.tokens
    return tokens.verify_access(bearer_token(request))


AccessToken = Annotated[dict[str, Any], Depends(access_token)]


def require_scope(scope: str) -> Any:
    """A dependency: the access token, which must carry `scope` (else 403 insufficient_scope)."""

    def check(token: AccessToken) -> dict[str, Any]:
        if scope not in str(token["claims"].get("scope", "")).split():
            raise TokenError(f"the token lacks the {scope} scope", scope=scope)
        return token

    return Depends(check)


def create_app(
    keys_dir: str | os.PathLike[str] | None = None,
    clock: Clock | None = None,
    store: RevocationStore | None = None,
) -> FastAPI:
    clock = clock or Clock(os.environ.get("EXAMPLES_CLOCK_FILE"))
    keys = load_keys(keys_dir or os.environ.get("EXAMPLES_KEYS_DIR") or DEFAULT_KEYS_DIR, SERVICE)
    tokens = TokenService(load_config(), keys, clock, store or MemoryRevocationStore(clock.now))

    app = FastAPI(title="jetwt FastAPI example")
    app.state.tokens = tokens

    @app.exception_handler(TokenError)
    def refused(request: Request, err: TokenError) -> JSONResponse:
        body = {"error": err.error, "error_description": err.description}
        return JSONResponse(body, status_code=err.status, headers={"WWW-Authenticate": err.challenge()})

    # Plain `def` routes run in FastAPI's thread pool; jetwt releases the GIL while it signs and verifies.
    @app.post("/login")
    def login(body: Login) -> Any:
        issued = tokens.login(body.username, body.password)
        if issued is None:
            body_ = {"error": "invalid_grant", "error_description": "unknown user or wrong password"}
            return JSONResponse(body_, status_code=400)
        return issued

    @app.post("/refresh")
    def refresh(body: Refresh) -> dict[str, Any]:
        return tokens.rotate(body.refresh_token)

    @app.post("/logout", status_code=204)
    def logout(body: Refresh) -> Response:
        tokens.logout(body.refresh_token)
        return Response(status_code=204)

    @app.get("/me")
    def me(token: AccessToken) -> dict[str, Any]:
        return {"service": SERVICE, "kid": token["header"].get("kid"), "claims": token["claims"]}

    @app.get("/reports")
    def reports(token: Annotated[dict[str, Any], require_scope("reports:read")]) -> dict[str, Any]:
        return {"service": SERVICE, "sub": token["claims"]["sub"], "reports": ["q1.pdf", "q2.pdf"]}

    @app.get("/.well-known/jwks.json")
    def jwks() -> dict[str, Any]:
        return keys.jwks

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    args = parser.parse_args()
    app = create_app()
    # Bound here, so that with --port 0 the line below names the port; connections queue until uvicorn runs.
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on such sockets (else each response waits ~40 ms).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(128)
    print(f"{SERVICE} listening on http://{args.host}:{sock.getsockname()[1]}", flush=True)
    uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])


if __name__ == "__main__":
    main()
