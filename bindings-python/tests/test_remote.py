"""Remote key sets (issue 6): `JwksClient` and `AsyncJwksClient` against real HTTP servers the tests start
on 127.0.0.1 (http.server in a thread): caching, rotation, unknown kid, the cooldown, concurrent misses, TTL
expiry, stale serving, server down, slow server, oversized response, redirects, malformed bodies, request
headers, the GIL released and the event loop free during a fetch, and the options and errors of the Python
surface.

The policy is core's (core/src/remote.rs, tested in core/tests/remote.rs); these tests check that the binding
passes every option through, waits for the network without the GIL (or off the event loop), and maps every
failure to a JwtError.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import re
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import MappingProxyType
from typing import Any, TypeVar

import pytest

import jetwt

ALGS = ["ES256"]
T = TypeVar("T")


@dataclass
class Signing:
    """A signing key with a `kid`, its public JWK, and tokens it signs."""

    key: jetwt.Key
    jwk: dict[str, Any]

    def token(self, claims: dict[str, Any] | None = None) -> str:
        return jetwt.encode(claims or {}, self.key, algorithm="ES256")


def signing_key(kid: str) -> Signing:
    key = jetwt.Key.from_jwk({**jetwt.Key.generate("ES256").to_jwk(private=True), "kid": kid})
    return Signing(key, key.public_key().to_jwk())


K1 = signing_key("k1")
K2 = signing_key("k2")


def jwks(*keys: Signing) -> str:
    return json.dumps({"keys": [k.jwk for k in keys]})


@dataclass
class Route:
    body: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class Server:
    """A scripted HTTP server on 127.0.0.1: `routes` maps a path to a `Route` (a missing path is a 404); every
    request is recorded in `requests`."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with server._lock:
                    server.requests.append(
                        Request(self.path, {k.lower(): v for k, v in self.headers.items()})
                    )
                    route = server.routes.get(self.path, Route(status=404, body="not found"))
                if route.delay:
                    server._closing.wait(route.delay)
                body = route.body.encode()
                try:
                    self.send_response(route.status)
                    self.send_header("Content-Type", "application/json")
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up (a timeout test): nothing to answer
                    pass

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return self.origin + path

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path == path)

    def close(self) -> None:
        self._closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def servers() -> Iterator[Callable[[], Server]]:
    started: list[Server] = []

    def start() -> Server:
        started.append(Server())
        return started[-1]

    yield start
    for server in started:
        server.close()


@pytest.fixture
def server(servers: Callable[[], Server]) -> Server:
    return servers()


def run(coro: Awaitable[T]) -> T:
    async def main() -> T:
        return await coro

    return asyncio.run(main())


def fetch_failed(err: pytest.ExceptionInfo[jetwt.JwtError], pattern: str) -> None:
    """A failed fetch is the `KeyNotFoundError` core gives, its message naming the cause."""
    assert type(err.value) is jetwt.KeyNotFoundError, repr(err.value)
    assert err.value.code == "key_not_found"
    assert "could not be fetched" in str(err.value)
    assert re.search(pattern, str(err.value)), str(err.value)


# --- caching, and what the binding adds around core's fetch -------------------------------------------------


def test_fetched_on_first_use_then_cached_and_claims_validated(server: Server) -> None:
    server.routes["/jwks"] = Route(jwks(K1))
    client = jetwt.JwksClient(server.url("/jwks"))
    assert client.url == server.url("/jwks")
    assert client.fetch_count == 0, "nothing is fetched before it is needed"
    assert server.requests == []

    assert jetwt.verify(K1.token({"sub": "ada"}), client, algorithms=ALGS) == {"sub": "ada"}
    verifier = jetwt.Verifier(client, algorithms=ALGS, complete=True)
    assert verifier.verify(K1.token({"sub": "bob"})) == {
        "header": {"alg": "ES256", "typ": "JWT", "kid": "k1"},
        "claims": {"sub": "bob"},
    }
    for i in range(5):
        assert jetwt.verify(K1.token({"n": i}).encode(), client, algorithms=ALGS) == {"n": i}
    assert server.hits("/jwks") == 1
    assert client.fetch_count == 1
    assert "application/jwk-set+json" in server.requests[0].headers["accept"]

    # After the signature, the claims are checked as with a local key.
    with pytest.raises(jetwt.ExpiredSignatureError):
        jetwt.verify(K1.token({"exp": 1000}), client, algorithms=ALGS)
    with pytest.raises(jetwt.InvalidAudienceError):
        jetwt.verify(K1.token({"aud": "web"}), client, algorithms=ALGS, audience="api")
    with pytest.raises(jetwt.MissingRequiredClaimError):
        verifier = jetwt.Verifier(client, algorithms=ALGS, required=["sub"])
        verifier.verify(K1.token({}))
    # Another key under a kid the set has: a bad signature, not a reason to refetch.
    with pytest.raises(jetwt.InvalidSignatureError):
        jetwt.verify(signing_key("k1").token(), client, algorithms=ALGS)
    assert server.hits("/jwks") == 1


def test_async_client_verifies_and_caches(server: Server) -> None:
    server.routes["/jwks"] = Route(jwks(K1))
    client = jetwt.AsyncJwksClient(server.url("/jwks"))
    assert client.url == server.url("/jwks")
    assert client.fetch_count == 0

    async def main() -> None:
        assert await client.verify(K1.token({"sub": "ada"}), algorithms=ALGS) == {"sub": "ada"}
        complete = await client.verify(K1.token({"sub": "bob"}).encode(), algorithms=ALGS, complete=True)
        assert complete == {"header": {"alg": "ES256", "typ": "JWT", "kid": "k1"}, "claims": {"sub": "bob"}}
        assert await client.verify(K1.token({"aud": "api"}), algorithms=ALGS, audience=["api"]) == {
            "aud": "api"
        }
        with pytest.raises(jetwt.ExpiredSignatureError):
            await client.verify(K1.token({"exp": 1000}), algorithms=ALGS)
        with pytest.raises(jetwt.ImmatureSignatureError):
            await client.verify(K1.token({"nbf": 2000}), algorithms=ALGS, now=1000, leeway=timedelta(0))
        with pytest.raises(jetwt.InvalidSignatureError):
            await client.verify(signing_key("k1").token(), algorithms=ALGS)

    run(main())
    assert server.hits("/jwks") == 1
    assert client.fetch_count == 1


def test_tokens_refused_before_a_key_is_needed_cause_no_fetch(server: Server) -> None:
    server.routes["/jwks"] = Route(jwks(K1))
    client = jetwt.JwksClient(server.url("/jwks"))
    aclient = jetwt.AsyncJwksClient(server.url("/jwks"))
    with pytest.raises(jetwt.DecodeError):
        jetwt.verify("not.a token", client, algorithms=ALGS)
    with pytest.raises(jetwt.DecodeError):
        jetwt.verify(12345, client, algorithms=ALGS)  # type: ignore[arg-type]
    with pytest.raises(jetwt.InvalidAlgorithmError):
        jetwt.verify(K1.token(), client, algorithms=["RS256"])
    with pytest.raises(jetwt.InvalidAlgorithmError):
        jetwt.Verifier(client, algorithms=["XX999"])
    with pytest.raises(jetwt.InvalidAlgorithmError):
        jetwt.verify(K1.token(), client, algorithms=[])

    async def main() -> None:
        with pytest.raises(jetwt.DecodeError):
            await aclient.verify("not.a token", algorithms=ALGS)
        with pytest.raises(jetwt.InvalidAlgorithmError):
            await aclient.verify(K1.token(), algorithms=["RS256"])
        with pytest.raises(jetwt.InvalidAlgorithmError):
            await aclient.verify(K1.token(), algorithms=["XX999"])
        with pytest.raises(TypeError, match="audience"):
            await aclient.verify(K1.token(), algorithms=ALGS, audience=3)  # type: ignore[arg-type]

    run(main())
    assert server.requests == []
    assert client.fetch_count == 0 and aclient.fetch_count == 0


# --- rotation, unknown kid, cooldown, TTL, stale ------------------------------------------------------------


def test_key_rotation_fetches_again_for_a_new_kid(server: Server) -> None:
    server.routes["/jwks"] = Route(jwks(K1))
    client = jetwt.JwksClient(server.url("/jwks"), cooldown=0)
    assert jetwt.verify(K1.token({"v": 1}), client, algorithms=ALGS) == {"v": 1}
    assert server.hits("/jwks") == 1

    server.routes["/jwks"] = Route(jwks(K2))  # k1 retired, k2 introduced
    assert jetwt.verify(K2.token({"v": 2}), client, algorithms=ALGS) == {"v": 2}
    assert server.hits("/jwks") == 2
    assert jetwt.verify(K2.token({"v": 3}), client, algorithms=ALGS) == {"v": 3}
    assert server.hits("/jwks") == 2, "the rotated set is cached"

    # The retired key is gone: asking again fetches (no cooldown here) and still does not find it.
    with pytest.raises(jetwt.KeyNotFoundError, match='kid "k1"') as err:
        jetwt.verify(K1.token(), client, algorithms=ALGS)
    assert err.value.code == "key_not_found"
    assert server.hits("/jwks") == 3


def test_key_rotation_with_the_async_client(server: Server) -> None:
    server.routes["/jwks"] = Route(jwks(K1))
    client = jetwt.AsyncJwksClient(server.url("/jwks"), cooldown=timedelta(0))

    async def main() -> None:
        assert await client.verify(K1.token({"v": 1}), algorithms=ALGS) == {"v": 1}
        server.routes["/jwks"] = Route(jwks(K2))
        assert await client.verify(K2.token({"v": 2}), algorithms=ALGS) == {"v": 2}
        with pytest.raises(jetwt.KeyNotFoundError, match='kid "k1"'):
            await client.verify(K1.token(), algorithms=ALGS)

    run(main())
    assert server.hits("/jwks") == 3
    assert client.fetch_count == 3


def test_an_unknown_kid_refetches_at_most_once_per_cooldown(server: Server) -> None:
    server.routes["/jwks"] = Route(jwks(K1))
    client = jetwt.JwksClient(server.url("/jwks"), cooldown=1.0)
    stranger = signing_key("k9")
    for _ in range(5):
        with pytest.raises(jetwt.KeyNotFoundError) as err:
            jetwt.verify(stranger.token(), client, algorithms=ALGS)
        assert isinstance(err.value, jetwt.JwtError)
        assert err.value.code == "key_not_found"
        assert str(err.value) == 'No key with kid "k9" can verify ES256.'
    assert server.hits("/jwks") == 1, "misses within the cooldown ask the server nothing"

    # The key appears on the server; within the cooldown the cached set still answers.
    server.routes["/jwks"] = Route(jwks(K1, stranger))
    with pytest.raises(jetwt.KeyNotFoundError):
        jetwt.verify(stranger.token(), client, algorithms=ALGS)
    assert server.hits("/jwks") == 1

    time.sleep(1.1)
    assert jetwt.verify(stranger.token({"late": True}), client, algorithms=ALGS) == {"late": True}
    assert server.hits("/jwks") == 2


def test_the_async_client_keeps_the_cooldown(server: Server) -> None:
    server.routes["/jwks"] = Route(jwks(K1))
    client = jetwt.AsyncJwksClient(server.url("/jwks"), cooldown=1.0)
    stranger = signing_key("k9")

    async def main() -> None:
        for _ in range(3):
            with pytest.raises(jetwt.KeyNotFoundError, match='kid "k9"'):
                await client.verify(stranger.token(), algorithms=ALGS)
        assert server.hits("/jwks") == 1
        server.routes["/jwks"] = Route(jwks(K1, stranger))
        await asyncio.sleep(1.1)
        assert await client.verify(stranger.token({"late": True}), algorithms=ALGS) == {"late": True}

    run(main())
    assert server.hits("/jwks") == 2


def refreshes(server: Server, wait: float, **options: Any) -> int:
    """Verifies a k1 token twice, waits `wait` seconds, verifies once more: the requests the server saw."""
    path = f"/jwks{len(server.requests)}"
    server.routes[path] = Route(jwks(K1))
    client = jetwt.JwksClient(server.url(path), **options)
    jetwt.verify(K1.token(), client, algorithms=ALGS)
    jetwt.verify(K1.token(), client, algorithms=ALGS)
    assert server.hits(path) == 1
    time.sleep(wait)
    jetwt.verify(K1.token(), client, algorithms=ALGS)
    return server.hits(path)


def test_cache_ttl_a_set_older_than_the_ttl_is_fetched_again(server: Server) -> None:
    assert refreshes(server, 0.7, cache_ttl=0.5, cooldown=0) == 2
    assert refreshes(server, 0.7, cache_ttl=timedelta(milliseconds=500), cooldown=0) == 2
    assert refreshes(server, 0.7, cache_ttl=5, cooldown=0) == 1, "not before"
    # A TTL shorter than the (default, 30 s) cooldown: the cooldown only holds back refetches for unknown
    # kids, so the expired set is fetched again.
    assert refreshes(server, 0.7, cache_ttl=0.5) == 2


def test_the_async_client_refreshes_after_the_ttl(server: Server) -> None:
    server.routes["/jwks"] = Route(jwks(K1))
    client = jetwt.AsyncJwksClient(server.url("/jwks"), cache_ttl=0.5)

    async def main() -> None:
        await client.verify(K1.token(), algorithms=ALGS)
        await client.verify(K1.token(), algorithms=ALGS)
        assert server.hits("/jwks") == 1
        await asyncio.sleep(0.7)
        await client.verify(K1.token(), algorithms=ALGS)

    run(main())
    assert server.hits("/jwks") == 2


def test_max_stale_the_last_good_set_serves_while_fetches_fail(server: Server) -> None:
    server.routes["/jwks"] = Route(jwks(K1))
    lenient = jetwt.JwksClient(server.url("/jwks"), cache_ttl=0.2, cooldown=0)
    strict = jetwt.JwksClient(server.url("/jwks"), cache_ttl=0.2, cooldown=0, max_stale=0.3)
    jetwt.verify(K1.token(), lenient, algorithms=ALGS)
    jetwt.verify(K1.token(), strict, algorithms=ALGS)
    assert server.hits("/jwks") == 2

    server.routes["/jwks"] = Route("down for maintenance", status=500)
    time.sleep(0.4)
    assert jetwt.verify(K1.token({"stale": True}), lenient, algorithms=ALGS) == {"stale": True}
    with pytest.raises(jetwt.KeyNotFoundError) as err:
        jetwt.verify(K1.token(), strict, algorithms=ALGS)
    fetch_failed(err, "HTTP 500")
    assert server.hits("/jwks") == 4, "both clients tried to refresh"


# --- concurrency: one request for simultaneous misses; nobody else waits for the network --------------------


def test_sixteen_threads_missing_at_once_share_one_request(server: Server) -> None:
    server.routes["/jwks"] = Route(jwks(K1, K2), delay=0.3)
    client = jetwt.JwksClient(server.url("/jwks"))
    start = threading.Barrier(16)
    results: list[Any] = [None] * 16

    def work(i: int) -> None:
        token = (K1 if i % 2 else K2).token({"i": i})
        start.wait()
        try:
            results[i] = jetwt.verify(token, client, algorithms=ALGS)["i"]
        except Exception as err:  # reported below, in the main thread
            results[i] = err

    threads = [threading.Thread(target=work, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == list(range(16))
    assert server.hits("/jwks") == 1
    assert client.fetch_count == 1


def test_sixteen_tasks_missing_at_once_share_one_request(server: Server) -> None:
    server.routes["/jwks"] = Route(jwks(K1, K2), delay=0.3)
    client = jetwt.AsyncJwksClient(server.url("/jwks"))
    tokens = [(K1 if i % 2 else K2).token({"i": i}) for i in range(16)]

    async def main() -> list[dict[str, Any]]:
        return await asyncio.gather(*(client.verify(t, algorithms=ALGS) for t in tokens))

    assert [claims["i"] for claims in run(main())] == list(range(16))
    assert server.hits("/jwks") == 1
    assert client.fetch_count == 1


def test_a_sync_fetch_releases_the_gil(server: Server) -> None:
    # If the GIL were held while waiting for the server, the ticker thread could not run at all.
    server.routes["/jwks"] = Route(jwks(K1), delay=0.4)
    client = jetwt.JwksClient(server.url("/jwks"))
    ticks = 0
    done = threading.Event()

    def ticker() -> None:
        nonlocal ticks
        while not done.wait(0.02):
            ticks += 1

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        before = ticks
        assert jetwt.verify(K1.token({"ok": 1}), client, algorithms=ALGS) == {"ok": 1}
        during = ticks - before
    finally:
        done.set()
        thread.join()
    assert during >= 5, f"{during} ticks during a 400 ms fetch"


def test_the_event_loop_keeps_running_during_a_slow_fetch(server: Server) -> None:
    server.routes["/jwks"] = Route(jwks(K1), delay=0.4)
    client = jetwt.AsyncJwksClient(server.url("/jwks"))

    async def main() -> int:
        ticks = 0
        done = False

        async def ticker() -> None:
            nonlocal ticks
            while not done:
                await asyncio.sleep(0.02)
                ticks += 1

        task = asyncio.ensure_future(ticker())
        await asyncio.sleep(0)
        started = time.monotonic()
        assert await client.verify(K1.token({"ok": 1}), algorithms=ALGS) == {"ok": 1}
        assert time.monotonic() - started >= 0.35, "the fetch did wait for the slow server"
        done = True
        await task
        return ticks

    ticks = run(main())
    assert ticks >= 5, f"{ticks} ticks during a 400 ms fetch"


# --- failed fetches: KeyNotFoundError, remembered for the cooldown ------------------------------------------


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_server_down_is_key_not_found_at_once_and_not_retried_within_the_cooldown() -> None:
    client = jetwt.JwksClient(f"http://127.0.0.1:{closed_port()}/jwks")
    started = time.monotonic()
    with pytest.raises(jetwt.KeyNotFoundError) as err:
        jetwt.verify(K1.token(), client, algorithms=ALGS)
    fetch_failed(err, "(?i)refused")
    assert time.monotonic() - started < 4, "refused at once, not after the timeout"
    assert client.fetch_count == 1
    with pytest.raises(jetwt.KeyNotFoundError) as err:
        jetwt.verify(K1.token(), client, algorithms=ALGS)
    fetch_failed(err, "(?i)refused")
    assert client.fetch_count == 1, "the failure is remembered for the cooldown"


def test_server_down_with_the_async_client() -> None:
    client = jetwt.AsyncJwksClient(f"http://127.0.0.1:{closed_port()}/jwks")

    async def main() -> None:
        for _ in range(2):
            with pytest.raises(jetwt.KeyNotFoundError) as err:
                await client.verify(K1.token(), algorithms=ALGS)
            fetch_failed(err, "(?i)refused")

    run(main())
    assert client.fetch_count == 1


def test_http_errors_are_failed_fetches_remembered_for_the_cooldown(server: Server) -> None:
    server.routes["/broken"] = Route("{}", status=500)
    with pytest.raises(jetwt.KeyNotFoundError) as err:
        jetwt.verify(K1.token(), jetwt.JwksClient(server.url("/missing")), algorithms=ALGS)
    fetch_failed(err, "HTTP 404")
    broken = jetwt.JwksClient(server.url("/broken"))
    for _ in range(2):
        with pytest.raises(jetwt.KeyNotFoundError) as err:
            jetwt.verify(K1.token(), broken, algorithms=ALGS)
        fetch_failed(err, "HTTP 500")
    assert server.hits("/broken") == 1


def test_a_slow_server_is_given_up_on_after_the_timeout(server: Server) -> None:
    server.routes["/slow"] = Route(jwks(K1), delay=3)
    server.routes["/sluggish"] = Route(jwks(K1), delay=0.3)
    started = time.monotonic()
    with pytest.raises(jetwt.KeyNotFoundError) as err:
        jetwt.verify(K1.token(), jetwt.JwksClient(server.url("/slow"), timeout=0.5), algorithms=ALGS)
    elapsed = time.monotonic() - started
    fetch_failed(err, r"no answer within 500ms")
    assert 0.4 <= elapsed < 2.5, f"gave up after {elapsed:.2f} s"
    # Within its timeout, a slow answer is fine.
    patient = jetwt.JwksClient(server.url("/sluggish"), timeout=timedelta(seconds=5))
    assert jetwt.verify(K1.token({"ok": 1}), patient, algorithms=ALGS) == {"ok": 1}


def test_a_slow_server_with_the_async_client(server: Server) -> None:
    server.routes["/slow"] = Route(jwks(K1), delay=3)
    client = jetwt.AsyncJwksClient(server.url("/slow"), timeout=0.5)

    async def main() -> float:
        started = time.monotonic()
        with pytest.raises(jetwt.KeyNotFoundError) as err:
            await client.verify(K1.token(), algorithms=ALGS)
        fetch_failed(err, r"no answer within 500ms")
        return time.monotonic() - started

    elapsed = run(main())
    assert 0.4 <= elapsed < 2.5, f"gave up after {elapsed:.2f} s"


def test_an_oversized_response_is_refused(server: Server) -> None:
    body = json.dumps({"keys": [K1.jwk], "padding": "x" * 8000})
    server.routes["/big"] = Route(body)
    with pytest.raises(jetwt.KeyNotFoundError) as err:
        jetwt.verify(K1.token(), jetwt.JwksClient(server.url("/big"), max_bytes=4096), algorithms=ALGS)
    fetch_failed(err, "larger than 4096 bytes")
    # The same body within the default limit (512 KiB), or exactly at the limit, verifies.
    assert jetwt.verify(K1.token({"big": 1}), jetwt.JwksClient(server.url("/big")), algorithms=ALGS) == {
        "big": 1
    }
    exact = jetwt.JwksClient(server.url("/big"), max_bytes=len(body.encode()))
    assert jetwt.verify(K1.token({"big": 2}), exact, algorithms=ALGS) == {"big": 2}
    short = jetwt.JwksClient(server.url("/big"), max_bytes=len(body.encode()) - 1)
    with pytest.raises(jetwt.KeyNotFoundError, match="larger than"):
        jetwt.verify(K1.token(), short, algorithms=ALGS)


def test_redirects_are_followed_within_the_origin_and_refused_to_another(
    servers: Callable[[], Server],
) -> None:
    server, elsewhere = servers(), servers()
    server.routes["/jwks"] = Route(jwks(K1))
    server.routes["/moved"] = Route(status=302, headers={"Location": "/jwks"})
    server.routes["/absolute"] = Route(status=301, headers={"Location": server.url("/moved")})
    server.routes["/away"] = Route(status=302, headers={"Location": elsewhere.url("/jwks")})
    server.routes["/loop"] = Route(status=307, headers={"Location": "/loop"})
    server.routes["/nowhere"] = Route(status=302)
    elsewhere.routes["/jwks"] = Route(jwks(K1))

    assert jetwt.verify(K1.token({"r": 1}), jetwt.JwksClient(server.url("/moved")), algorithms=ALGS) == {
        "r": 1
    }
    absolute = jetwt.JwksClient(server.url("/absolute"))
    assert jetwt.verify(K1.token({"r": 2}), absolute, algorithms=ALGS) == {"r": 2}
    assert [r.path for r in server.requests] == ["/moved", "/jwks", "/absolute", "/moved", "/jwks"]

    for path, pattern in [
        ("/away", "another origin"),
        ("/loop", "too many redirects"),
        ("/nowhere", "HTTP 302 without a Location"),
    ]:
        with pytest.raises(jetwt.KeyNotFoundError) as err:
            jetwt.verify(K1.token(), jetwt.JwksClient(server.url(path)), algorithms=ALGS)
        fetch_failed(err, pattern)
    assert elsewhere.requests == [], "the other origin is never asked"

    async def main() -> None:
        client = jetwt.AsyncJwksClient(server.url("/away"))
        with pytest.raises(jetwt.KeyNotFoundError) as err:
            await client.verify(K1.token(), algorithms=ALGS)
        fetch_failed(err, "another origin")
        assert await jetwt.AsyncJwksClient(server.url("/moved")).verify(K1.token(), algorithms=ALGS) == {}

    run(main())
    assert elsewhere.requests == []


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (jwks(K1)[:40], "truncated"),
        ("<html>login</html>", "HTML"),
        ("[]", "an array"),
        ('{"keys":"k1"}', "keys not a list"),
        ("", "empty"),
    ],
)
def test_malformed_bodies_are_failed_fetches(server: Server, body: str, why: str) -> None:
    server.routes["/jwks"] = Route(body)
    with pytest.raises(jetwt.KeyNotFoundError) as err:
        jetwt.verify(K1.token(), jetwt.JwksClient(server.url("/jwks")), algorithms=ALGS)
    fetch_failed(err, "The JWK set is unusable")

    async def main() -> None:
        with pytest.raises(jetwt.KeyNotFoundError) as err:
            await jetwt.AsyncJwksClient(server.url("/jwks")).verify(K1.token(), algorithms=ALGS)
        fetch_failed(err, "The JWK set is unusable")

    run(main())
    assert server.hits("/jwks") == 2, why


# --- options and the Python surface -------------------------------------------------------------------------


def test_headers_are_sent_with_every_request(server: Server) -> None:
    server.routes["/jwks"] = Route(jwks(K1))
    client = jetwt.JwksClient(
        server.url("/jwks"),
        headers={"authorization": "Bearer s3cret", "X-Tenant": "acme"},
        cache_ttl=0,
        cooldown=0,
    )
    jetwt.verify(K1.token(), client, algorithms=ALGS)
    jetwt.verify(K1.token(), client, algorithms=ALGS)
    run(
        jetwt.AsyncJwksClient(
            server.url("/jwks"), headers={"authorization": "Bearer s3cret", "X-Tenant": "acme"}
        ).verify(K1.token(), algorithms=ALGS)
    )
    assert len(server.requests) == 3
    for request in server.requests:
        assert request.headers["authorization"] == "Bearer s3cret"
        assert request.headers["x-tenant"] == "acme"
    # The repr shows the URL, never the headers.
    assert repr(client) == f'<jetwt.JwksClient "{server.url("/jwks")}">'
    assert "s3cret" not in repr(
        jetwt.AsyncJwksClient(server.url("/jwks"), headers={"authorization": "s3cret"})
    )


def test_headers_that_are_not_valid_http_are_refused_when_the_client_is_made(server: Server) -> None:
    server.routes["/jwks"] = Route(jwks(K1))
    for headers in [{"bad name": "x"}, {"x-ok": "line\r\nx-injected: 1"}, {"": "x"}]:
        with pytest.raises(jetwt.InvalidKeyError, match="not a valid HTTP header"):
            jetwt.JwksClient(server.url("/jwks"), headers=headers)
        with pytest.raises(jetwt.InvalidKeyError):
            jetwt.AsyncJwksClient(server.url("/jwks"), headers=headers)
    assert server.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/jwks",
        "https://user:pw@example.com/jwks",
        "/jwks",
        "",
        "https:///jwks",
    ],
)
def test_urls_core_refuses_are_invalid_key_errors(url: str) -> None:
    with pytest.raises(jetwt.InvalidKeyError, match="absolute http:// or https:// URL") as err:
        jetwt.JwksClient(url)
    assert err.value.code == "invalid_key"
    with pytest.raises(jetwt.InvalidKeyError):
        jetwt.AsyncJwksClient(url)


def test_option_types_and_values_are_checked() -> None:
    url = "http://127.0.0.1:9/jwks"
    for bad_url in [None, 42, b"http://x/jwks", ["http://x"]]:
        with pytest.raises(TypeError, match="URL must be a str"):
            jetwt.JwksClient(bad_url)  # type: ignore[arg-type]
    for name in ["cache_ttl", "cooldown", "timeout", "max_stale"]:
        kwargs: dict[str, Any] = {name: "5"}
        with pytest.raises(TypeError, match=f"{name} must be a number of seconds or a timedelta, not str"):
            jetwt.JwksClient(url, **kwargs)
        for bad in [-1, float("inf"), float("nan"), timedelta(seconds=-1)]:
            kwargs = {name: bad}
            with pytest.raises(ValueError, match=f"{name} must be a finite, non-negative duration"):
                jetwt.JwksClient(url, **kwargs)
        kwargs = {name: 1e300}
        with pytest.raises(ValueError, match=f"{name} is too large"):
            jetwt.JwksClient(url, **kwargs)
        kwargs = {name: -1}
        with pytest.raises(ValueError, match=name):
            jetwt.AsyncJwksClient(url, **kwargs)
    with pytest.raises(TypeError, match="max_bytes must be an int, not str"):
        jetwt.JwksClient(url, max_bytes="1kb")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="max_bytes must be an int, not float"):
        jetwt.JwksClient(url, max_bytes=1.5)  # type: ignore[arg-type]
    for bad_size in [-1, 2**64]:
        with pytest.raises(ValueError, match="max_bytes must be a whole number of bytes"):
            jetwt.JwksClient(url, max_bytes=bad_size)
    with pytest.raises(TypeError, match="headers must be a mapping of str to str, not str"):
        jetwt.JwksClient(url, headers="authorization: x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="headers must be a mapping"):
        jetwt.JwksClient(url, headers=[("a", "b")])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match='The header "x-n" must be a str, not int'):
        jetwt.JwksClient(url, headers={"x-n": 1})  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="A header name must be a str, not bytes"):
        jetwt.JwksClient(url, headers={b"x-n": "1"})  # type: ignore[dict-item]

    class Broken(Mapping[str, str]):
        def __getitem__(self, name: str) -> str:
            raise KeyError(name)

        def __iter__(self) -> Iterator[str]:
            raise RuntimeError("the mapping cannot be iterated")

        def __len__(self) -> int:
            return 1

    with pytest.raises(RuntimeError, match="cannot be iterated"):
        jetwt.JwksClient(url, headers=Broken())
    # Any mapping will do.
    assert jetwt.JwksClient(url, headers=MappingProxyType({"a": "b"})).url == url
    with pytest.raises(TypeError):
        jetwt.JwksClient(url, cache_tll=5)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        jetwt.AsyncJwksClient(url, cache_tll=5)  # type: ignore[call-arg]
    # Everything given, None for the defaults, and nothing: all fine.
    full = jetwt.JwksClient(
        url, cache_ttl=60, cooldown=1, timeout=2, headers={"a": "b"}, max_bytes=1024, max_stale=0
    )
    assert full.url == url and full.fetch_count == 0
    assert jetwt.JwksClient(url, cache_ttl=None, headers=None, max_bytes=None).url == url  # type: ignore[arg-type]
    assert jetwt.AsyncJwksClient(url, max_bytes=0, timeout=timedelta(milliseconds=1)).fetch_count == 0


def test_async_client_takes_the_same_options_with_the_same_defaults() -> None:
    sync = inspect.signature(jetwt.JwksClient)
    asynchronous = inspect.signature(jetwt.AsyncJwksClient)
    assert [(p.name, p.kind, p.default) for p in sync.parameters.values()] == [
        (p.name, p.kind, p.default) for p in asynchronous.parameters.values()
    ]
    assert sync.parameters["cache_ttl"].default == 600
    verify = inspect.signature(jetwt.verify).parameters
    averify = inspect.signature(jetwt.AsyncJwksClient.verify).parameters
    assert list(averify)[2:] == list(verify)[2:], "verify's options, after token"
    assert [p.default for p in list(averify.values())[2:]] == [p.default for p in list(verify.values())[2:]]
    assert inspect.iscoroutinefunction(jetwt.AsyncJwksClient.verify)


def test_a_remote_set_only_verifies() -> None:
    client = jetwt.JwksClient("http://127.0.0.1:9/jwks")
    aclient = jetwt.AsyncJwksClient("http://127.0.0.1:9/jwks")
    with pytest.raises(jetwt.InvalidKeyError, match=r"\(a JwksClient only verifies\), not JwksClient"):
        jetwt.encode({}, client, algorithm="ES256")  # type: ignore[arg-type]
    with pytest.raises(jetwt.InvalidKeyError, match="only verifies"):
        jetwt.Signer(client, algorithm="ES256")  # type: ignore[arg-type]
    # The asyncio client is not a key for the blocking verify: the error says what to call instead.
    with pytest.raises(jetwt.InvalidKeyError, match=r"await client\.verify\(token, \.\.\.\)"):
        jetwt.verify(K1.token(), aclient, algorithms=ALGS)  # type: ignore[arg-type]
    with pytest.raises(jetwt.InvalidKeyError, match="AsyncJwksClient"):
        jetwt.Verifier(aclient, algorithms=ALGS)  # type: ignore[arg-type]
    assert client.fetch_count == 0 and aclient.fetch_count == 0
    with pytest.raises(AttributeError):
        client.url = "http://elsewhere/"  # type: ignore[misc]


def test_one_client_serves_threads_and_an_event_loop_together(server: Server) -> None:
    # A JwksClient is shared by plain threads; an AsyncJwksClient by tasks; both on the same server.
    server.routes["/jwks"] = Route(jwks(K1, K2))
    client = jetwt.JwksClient(server.url("/jwks"))
    aclient = jetwt.AsyncJwksClient(server.url("/jwks"))

    def in_thread(i: int) -> int:
        return int(jetwt.Verifier(client, algorithms=ALGS).verify(K2.token({"i": i}))["i"])

    async def main() -> list[int]:
        threaded = asyncio.gather(*(asyncio.to_thread(in_thread, i) for i in range(8)))
        tasks = asyncio.gather(*(aclient.verify(K1.token({"i": 100 + i}), algorithms=ALGS) for i in range(8)))
        from_threads, from_tasks = await asyncio.gather(threaded, tasks)
        return [*from_threads, *(claims["i"] for claims in from_tasks)]

    assert run(main()) == [*range(8), *range(100, 108)]
    assert client.fetch_count == 1 and aclient.fetch_count == 1
    assert server.hits("/jwks") == 2
