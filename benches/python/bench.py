"""`make bench-python`: jetwt side by side with PyJWT 2.15 (+cryptography) and oxyjwt, in one process.

Every operation runs in interleaved rounds (each round times every contender once, in rotating order), and the
median of the rounds is reported in µs per operation, with each peer's time as a multiple of jetwt's.
Claims and verify work as in ANCHORS.md: seven claims; verify = signature + exp + aud + iss, algorithm pinned.

Environment: JETWT_BENCH_ROUNDS (default 11), JETWT_BENCH_BATCH_MS (default 20), JETWT_BENCH_ONLY (a substring
of the operation names to run).
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import jwt as pyjwt
import oxyjwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding

import jetwt

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("JETWT_BENCH_ROUNDS", "11"))
BATCH_S = float(os.environ.get("JETWT_BENCH_BATCH_MS", "20")) / 1000
ONLY = os.environ.get("JETWT_BENCH_ONLY", "")

CLAIMS = {
    "sub": "1234567890",
    "name": "John Doe",
    "iat": 1516239022,
    "exp": 4102444800,
    "aud": "api",
    "iss": "https://issuer.example",
    "roles": ["admin", "user"],
}
ISS = "https://issuer.example"
SECRET = "a benchmark secret of at least thirty-two bytes"
PAIRS = {"RS256": "rsa2048", "PS256": "rsa2048", "ES256": "ec_p256", "ES384": "ec_p384", "EdDSA": "ed25519"}
OXY_PEM = {"RS256": "rsa", "PS256": "rsa", "ES256": "ec", "ES384": "ec", "EdDSA": "ed"}

Op = Callable[[], object]


def pem(name: str) -> str:
    return (ROOT / "tests" / "keys" / name).read_text()


def calibrate(fn: Op) -> int:
    """Calls per batch so that one batch takes about BATCH_S."""
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= BATCH_S / 4 or n >= 1 << 20:
            return max(1, int(n * BATCH_S / max(elapsed, 1e-9)))
        n *= 4


def measure(contenders: dict[str, Op]) -> dict[str, float]:
    """Median µs per call of each contender over interleaved rounds."""
    sizes = {name: calibrate(fn) for name, fn in contenders.items()}
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for r in range(ROUNDS):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            fn, n = contenders[name], sizes[name]
            start = time.perf_counter()
            for _ in range(n):
                fn()
            samples[name].append((time.perf_counter() - start) / n * 1e6)
    return {name: statistics.median(values) for name, values in samples.items()}


def check(results: dict[str, object]) -> None:
    """Every contender must produce a usable result before it is timed."""
    for name, value in results.items():
        assert value, name


def operations() -> list[tuple[str, dict[str, Op]]]:
    ops: list[tuple[str, dict[str, Op]]] = []

    # HS256 with a str secret, as most callers pass it.
    jet_token = jetwt.encode(CLAIMS, SECRET)
    signer = jetwt.Signer(SECRET, algorithm="HS256", issued_at=False)
    verifier = jetwt.Verifier(SECRET, algorithms=["HS256"], audience="api", issuer=ISS)
    ops.append(
        (
            "HS256 encode",
            {
                "jetwt": lambda: jetwt.encode(CLAIMS, SECRET, algorithm="HS256"),
                "jetwt Signer": lambda: signer.sign(CLAIMS),
                "PyJWT": lambda: pyjwt.encode(CLAIMS, SECRET, algorithm="HS256"),
                "oxyjwt": lambda: oxyjwt.encode(CLAIMS, SECRET, algorithm="HS256"),
            },
        )
    )
    ops.append(
        (
            "HS256 verify",
            {
                "jetwt": lambda: jetwt.verify(
                    jet_token, SECRET, algorithms=["HS256"], audience="api", issuer=ISS
                ),
                "jetwt Verifier": lambda: verifier.verify(jet_token),
                "PyJWT": lambda: pyjwt.decode(
                    jet_token, SECRET, algorithms=["HS256"], audience="api", issuer=ISS
                ),
                "oxyjwt": lambda: oxyjwt.decode(
                    jet_token, SECRET, algorithms=["HS256"], audience="api", issuer=ISS
                ),
            },
        )
    )

    # RS256 with PEM strings passed on every call (the PyJWT habit).
    private_pem, public_pem = pem("rsa2048.pem"), pem("rsa2048.pub.pem")
    rs_token = jetwt.encode(CLAIMS, private_pem, algorithm="RS256")
    ops.append(
        (
            "RS256 encode, PEM str",
            {
                "jetwt": lambda: jetwt.encode(CLAIMS, private_pem, algorithm="RS256"),
                "PyJWT": lambda: pyjwt.encode(CLAIMS, private_pem, algorithm="RS256"),
            },
        )
    )
    ops.append(
        (
            "RS256 verify, PEM str",
            {
                "jetwt": lambda: jetwt.verify(
                    rs_token, public_pem, algorithms=["RS256"], audience="api", issuer=ISS
                ),
                "PyJWT": lambda: pyjwt.decode(
                    rs_token, public_pem, algorithms=["RS256"], audience="api", issuer=ISS
                ),
            },
        )
    )

    # Pre-loaded keys: jetwt.Key, cryptography key objects for PyJWT, oxyjwt's own key types.
    for alg, name in PAIRS.items():
        priv_text, pub_text = pem(f"{name}.pem"), pem(f"{name}.pub.pem")
        jet_priv = jetwt.Key.from_pem(priv_text)
        jet_pub = jet_priv.public_key()
        crypto_priv = serialization.load_pem_private_key(priv_text.encode(), password=None)
        crypto_pub = serialization.load_pem_public_key(pub_text.encode())
        kind = OXY_PEM[alg]
        oxy_priv = getattr(oxyjwt.EncodingKey, f"from_{kind}_pem")(priv_text)
        oxy_pub = getattr(oxyjwt.DecodingKey, f"from_{kind}_pem")(pub_text)
        token = jetwt.encode(CLAIMS, jet_priv, algorithm=alg)
        signing_input = token.rsplit(".", 1)[0].encode()
        raw = raw_crypto(alg, crypto_priv, crypto_pub, signing_input)
        check(
            {
                "pyjwt": pyjwt.decode(token, crypto_pub, algorithms=[alg], audience="api", issuer=ISS),
                "oxyjwt": oxyjwt.decode(token, oxy_pub, algorithms=[alg], audience="api", issuer=ISS),
            }
        )
        encode_ops: dict[str, Op] = {
            "jetwt": lambda k=jet_priv, a=alg: jetwt.encode(CLAIMS, k, algorithm=a),
            "PyJWT": lambda k=crypto_priv, a=alg: pyjwt.encode(CLAIMS, k, algorithm=a),
            "oxyjwt": lambda k=oxy_priv, a=alg: oxyjwt.encode(CLAIMS, k, algorithm=a),
        }
        verify_ops: dict[str, Op] = {
            "jetwt": lambda t=token, k=jet_pub, a=alg: jetwt.verify(
                t, k, algorithms=[a], audience="api", issuer=ISS
            ),
            "PyJWT": lambda t=token, k=crypto_pub, a=alg: pyjwt.decode(
                t, k, algorithms=[a], audience="api", issuer=ISS
            ),
            "oxyjwt": lambda t=token, k=oxy_pub, a=alg: oxyjwt.decode(
                t, k, algorithms=[a], audience="api", issuer=ISS
            ),
        }
        if raw:
            encode_ops["raw crypto (cryptography)"] = raw[0]
            verify_ops["raw crypto (cryptography)"] = raw[1]
        ops.append((f"{alg} encode, loaded key", encode_ops))
        ops.append((f"{alg} verify, loaded key", verify_ops))
    return [(name, contenders) for name, contenders in ops if ONLY in name]


def raw_crypto(alg: str, private: object, public: object, message: bytes) -> tuple[Op, Op] | None:
    """The signature primitive alone through `cryptography` (OpenSSL), for reference."""
    if alg == "RS256":
        sig = private.sign(message, padding.PKCS1v15(), hashes.SHA256())  # type: ignore[attr-defined]
        return (
            lambda: private.sign(message, padding.PKCS1v15(), hashes.SHA256()),  # type: ignore[attr-defined]
            lambda: public.verify(sig, message, padding.PKCS1v15(), hashes.SHA256()),  # type: ignore[attr-defined]
        )
    if alg in ("ES256", "ES384"):
        algorithm = ec.ECDSA(hashes.SHA256() if alg == "ES256" else hashes.SHA384())
        sig = private.sign(message, algorithm)  # type: ignore[attr-defined]
        return (
            lambda: private.sign(message, algorithm),  # type: ignore[attr-defined]
            lambda: public.verify(sig, message, algorithm),  # type: ignore[attr-defined]
        )
    if alg == "EdDSA":
        sig = private.sign(message)  # type: ignore[attr-defined]
        return (lambda: private.sign(message), lambda: public.verify(sig, message))  # type: ignore[attr-defined]
    return None


def thread_scaling(threads: int, seconds: float = 1.5) -> float:
    """RS256 signatures per second with a shared jetwt.Key across `threads` threads."""
    key = jetwt.Key.from_pem(pem("rsa2048.pem"))
    counts = [0] * threads
    stop = time.perf_counter() + seconds
    barrier = threading.Barrier(threads)

    def work(i: int) -> None:
        barrier.wait()
        n = 0
        while time.perf_counter() < stop:
            jetwt.encode(CLAIMS, key, algorithm="RS256")
            n += 1
        counts[i] = n

    pool = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return sum(counts) / seconds


def fmt(us: float) -> str:
    return f"{us:,.0f}" if us >= 100 else f"{us:.2f}" if us < 10 else f"{us:.1f}"


def main() -> None:
    print(
        f"jetwt {jetwt.__version__}, PyJWT {pyjwt.__version__}, oxyjwt; Python {sys.version.split()[0]}; "
        f"{ROUNDS} rounds of ~{BATCH_S * 1000:.0f} ms batches; median µs per op (× = peer time / jetwt time)"
    )
    print()
    print("| operation | contender | µs/op | × jetwt |")
    print("|---|---|---:|---:|")
    for name, contenders in operations():
        results = measure(contenders)
        base = results["jetwt"]
        for contender, us in results.items():
            ratio = "1" if contender == "jetwt" else f"{us / base:.2f}"
            print(f"| {name} | {contender} | {fmt(us)} | {ratio} |", flush=True)
    if not ONLY or "thread" in ONLY:
        one = thread_scaling(1)
        two = thread_scaling(2)
        print()
        print(
            f"RS256 sign with one shared jetwt.Key: 1 thread {one:,.0f}/s, 2 threads {two:,.0f}/s "
            f"→ ×{two / one:.2f}"
        )


if __name__ == "__main__":
    main()
