"""`make bench-python`: jetwt side by side with PyJWT 2.15 (+cryptography) and oxyjwt, in one process.

Every operation runs in interleaved rounds (each round times every contender once, in rotating order), and
the median of the rounds is reported in µs of CPU time per operation (the process's CPU time: the machine is
shared, and CPU time is what other processes disturb least), with each peer's time as a multiple of jetwt's.
The thread scaling line is elapsed time, since it measures parallelism.
Claims and verify work as in ANCHORS.md: seven claims; verify = signature + exp + aud + iss, algorithm pinned.

With pre-loaded keys, the core itself runs in the same rounds ("core (Rust)": the core's encode_json or
verify looped in Rust with the GIL released), so that the package's overhead over the core is measured in one
process.

Environment: JETWT_BENCH_ROUNDS (default 11), JETWT_BENCH_BATCH_MS (default 20), JETWT_BENCH_ONLY (a substring
of the operation names to run).
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.metadata
import json
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt as pyjwt
import oxyjwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding

import jetwt
from jetwt._jetwt import _core_loop

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
        start = time.process_time()
        for _ in range(n):
            fn()
        elapsed = time.process_time() - start
        if elapsed >= BATCH_S / 4 or n >= 1 << 20:
            return max(1, int(n * BATCH_S / max(elapsed, 1e-9)))
        n *= 4


def measure(contenders: dict[str, Op]) -> tuple[dict[str, float], dict[str, list[float]]]:
    """Median µs per call of each contender over interleaved rounds, and every round's µs."""
    sizes = {name: calibrate(fn) for name, fn in contenders.items()}
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for r in range(ROUNDS):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            fn, n = contenders[name], sizes[name]
            start = time.process_time()
            for _ in range(n):
                fn()
            samples[name].append((time.process_time() - start) / n * 1e6)
    if "core (Rust)" in samples:
        samples["core (Rust)"] = [us / CORE_LOOP for us in samples["core (Rust)"]]
    return {name: statistics.median(values) for name, values in samples.items()}, samples


def round_ratio(samples: dict[str, list[float]], name: str, base: str) -> float:
    """The median over rounds of `name`'s time ÷ `base`'s in the same round (steadier than a ratio of medians
    while the machine's speed drifts)."""
    return statistics.median(a / b for a, b in zip(samples[name], samples[base]))


def check(results: dict[str, object]) -> None:
    """Every contender must produce a usable result before it is timed."""
    for name, value in results.items():
        assert value, name


COLUMNS = ["jetwt", "jetwt Signer/Verifier", "PyJWT", "oxyjwt", "raw crypto", "core (Rust)"]
# The core column runs the core's own loop (`jetwt._jetwt._core_loop`, GIL released) this many times per
# call, so that one Python call's overhead is spread thin; its samples are divided accordingly.
CORE_LOOP = 16
# How close to the core's Rust time the package must stay, per operation (issue #3).
CORE_TARGETS = {"RS256 sign": 1.1, "PS256": 1.2, "ES256": 1.2, "ES384": 1.2, "EdDSA": 1.2}
CLAIMS_JSON = json.dumps(CLAIMS, separators=(",", ":"))


def operations() -> list[tuple[str, dict[str, Op]]]:
    """(row name, {column: operation}); a row lacks the columns a contender cannot do."""
    ops: list[tuple[str, dict[str, Op]]] = []

    # HS256 with a str secret, as most callers pass it.
    jet_token = jetwt.encode(CLAIMS, SECRET)
    signer = jetwt.Signer(SECRET, algorithm="HS256", issued_at=False)
    verifier = jetwt.Verifier(SECRET, algorithms=["HS256"], audience="api", issuer=ISS)
    hs_input = jet_token.rsplit(".", 1)[0].encode()
    hs_sig = hmac.new(SECRET.encode(), hs_input, hashlib.sha256).digest()
    ops.append(
        (
            "HS256 sign, str secret",
            {
                "jetwt": lambda: jetwt.encode(CLAIMS, SECRET, algorithm="HS256"),
                "jetwt Signer/Verifier": lambda: signer.sign(CLAIMS),
                "PyJWT": lambda: pyjwt.encode(CLAIMS, SECRET, algorithm="HS256"),
                "oxyjwt": lambda: oxyjwt.encode(CLAIMS, SECRET, algorithm="HS256"),
                "raw crypto": lambda: hmac.new(SECRET.encode(), hs_input, hashlib.sha256).digest(),
            },
        )
    )
    ops.append(
        (
            "HS256 verify, str secret",
            {
                "jetwt": lambda: jetwt.verify(
                    jet_token, SECRET, algorithms=["HS256"], audience="api", issuer=ISS
                ),
                "jetwt Signer/Verifier": lambda: verifier.verify(jet_token),
                "PyJWT": lambda: pyjwt.decode(
                    jet_token, SECRET, algorithms=["HS256"], audience="api", issuer=ISS
                ),
                "oxyjwt": lambda: oxyjwt.decode(
                    jet_token, SECRET, algorithms=["HS256"], audience="api", issuer=ISS
                ),
                "raw crypto": lambda: hmac.compare_digest(
                    hmac.new(SECRET.encode(), hs_input, hashlib.sha256).digest(), hs_sig
                ),
            },
        )
    )

    # RS256 with PEM strings passed on every call (the PyJWT habit; oxyjwt refuses PEM strings).
    private_pem, public_pem = pem("rsa2048.pem"), pem("rsa2048.pub.pem")
    rs_token = jetwt.encode(CLAIMS, private_pem, algorithm="RS256")
    ops.append(
        (
            "RS256 sign, PEM str",
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
        jet_signer = jetwt.Signer(jet_priv, algorithm=alg, issued_at=False)
        jet_verifier = jetwt.Verifier(jet_pub, algorithms=[alg], audience="api", issuer=ISS)
        crypto_priv = serialization.load_pem_private_key(priv_text.encode(), password=None)
        crypto_pub = serialization.load_pem_public_key(pub_text.encode())
        kind = OXY_PEM[alg]
        oxy_priv = getattr(oxyjwt.EncodingKey, f"from_{kind}_pem")(priv_text)
        oxy_pub = getattr(oxyjwt.DecodingKey, f"from_{kind}_pem")(pub_text)
        token = jetwt.encode(CLAIMS, jet_priv, algorithm=alg)
        check(
            {
                "PyJWT": pyjwt.decode(token, crypto_pub, algorithms=[alg], audience="api", issuer=ISS),
                "oxyjwt": oxyjwt.decode(token, oxy_pub, algorithms=[alg], audience="api", issuer=ISS),
                "Verifier": jet_verifier.verify(jet_signer.sign(CLAIMS)),
            }
        )
        raw_sign, raw_verify = raw_crypto(alg, crypto_priv, crypto_pub, token.rsplit(".", 1)[0].encode())
        ops.append(
            (
                f"{alg} sign, loaded key",
                {
                    "jetwt": lambda k=jet_priv, a=alg: jetwt.encode(CLAIMS, k, algorithm=a),
                    "jetwt Signer/Verifier": lambda s=jet_signer: s.sign(CLAIMS),
                    "PyJWT": lambda k=crypto_priv, a=alg: pyjwt.encode(CLAIMS, k, algorithm=a),
                    "oxyjwt": lambda k=oxy_priv, a=alg: oxyjwt.encode(CLAIMS, k, algorithm=a),
                    "raw crypto": raw_sign,
                    "core (Rust)": lambda k=jet_priv, a=alg: _core_loop(
                        k, CORE_LOOP, algorithm=a, claims=CLAIMS_JSON
                    ),
                },
            )
        )
        ops.append(
            (
                f"{alg} verify, loaded key",
                {
                    "jetwt": lambda t=token, k=jet_pub, a=alg: jetwt.verify(
                        t, k, algorithms=[a], audience="api", issuer=ISS
                    ),
                    "jetwt Signer/Verifier": lambda t=token, v=jet_verifier: v.verify(t),
                    "PyJWT": lambda t=token, k=crypto_pub, a=alg: pyjwt.decode(
                        t, k, algorithms=[a], audience="api", issuer=ISS
                    ),
                    "oxyjwt": lambda t=token, k=oxy_pub, a=alg: oxyjwt.decode(
                        t, k, algorithms=[a], audience="api", issuer=ISS
                    ),
                    "raw crypto": raw_verify,
                    "core (Rust)": lambda t=token, k=jet_pub, a=alg: _core_loop(
                        k, CORE_LOOP, algorithm=a, token=t, audience="api", issuer=ISS
                    ),
                },
            )
        )
    return [(name, contenders) for name, contenders in ops if ONLY in name]


def raw_crypto(alg: str, private: Any, public: Any, message: bytes) -> tuple[Op, Op]:
    """The signature primitive alone through `cryptography` (OpenSSL), for reference."""
    if alg in ("RS256", "PS256"):
        pad: Any = (
            padding.PKCS1v15()
            if alg == "RS256"
            else padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
        )
        sig = private.sign(message, pad, hashes.SHA256())
        return (
            lambda: private.sign(message, pad, hashes.SHA256()),
            lambda: public.verify(sig, message, pad, hashes.SHA256()),
        )
    if alg in ("ES256", "ES384"):
        algorithm = ec.ECDSA(hashes.SHA256() if alg == "ES256" else hashes.SHA384())
        sig = private.sign(message, algorithm)
        return (lambda: private.sign(message, algorithm), lambda: public.verify(sig, message, algorithm))
    sig = private.sign(message)
    return (lambda: private.sign(message), lambda: public.verify(sig, message))


def thread_scaling(threads: int, seconds: float = 2.0) -> tuple[float, float]:
    """RS256 signatures per second (elapsed time) with one jetwt.Key shared by `threads` threads, and the CPU
    time the process used per second of elapsed time: above 1 means the threads ran at the same time, which
    only happens if the signing released the GIL (load from other processes lowers both numbers)."""
    key = jetwt.Key.from_pem(pem("rsa2048.pem"))
    counts = [0] * threads
    barrier = threading.Barrier(threads + 1)
    deadline: list[float] = []

    def work(i: int) -> None:
        barrier.wait()
        n = 0
        while time.perf_counter() < deadline[0]:
            jetwt.encode(CLAIMS, key, algorithm="RS256")
            n += 1
        counts[i] = n

    pool = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    cpu, wall = time.process_time(), time.perf_counter()
    deadline.append(wall + seconds)
    barrier.wait()
    for t in pool:
        t.join()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return sum(counts) / wall, cpu / wall


def control_scaling() -> float:
    """How much parallelism the machine offers now: hashlib hashing 8 MB buffers (which releases the GIL)
    in two threads against one, as throughput. RS256 scaling can only be judged against this."""
    data = b"x" * 8_000_000

    def rate(threads: int) -> float:
        done = [0] * threads
        deadline = time.perf_counter() + 1.0

        def work(i: int) -> None:
            while time.perf_counter() < deadline:
                hashlib.sha256(data).digest()
                done[i] += 1

        pool = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
        start = time.perf_counter()
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        return sum(done) / (time.perf_counter() - start)

    return rate(2) / rate(1)


def fmt(us: float | None) -> str:
    if us is None:
        return "n/a"
    return f"{us:,.0f}" if us >= 100 else f"{us:.2f}" if us < 10 else f"{us:.1f}"


def main() -> None:
    print(
        f"jetwt {jetwt.__version__}, PyJWT {pyjwt.__version__}, oxyjwt "
        f"{importlib.metadata.version('oxyjwt')}, cryptography {importlib.metadata.version('cryptography')}; "
        f"Python {sys.version.split()[0]}; {ROUNDS} interleaved rounds of ~{BATCH_S * 1000:.0f} ms batches; "
        "median µs of CPU time per op"
    )
    rows = []
    for name, contenders in operations():
        results, samples = measure(contenders)
        rows.append((name, results, samples))
    print()
    print("µs per op (lower is better)")
    print()
    print("| operation | " + " | ".join(COLUMNS) + " |")
    print("|---|" + "---:|" * len(COLUMNS))
    for name, results, _ in rows:
        print(f"| {name} | " + " | ".join(fmt(results.get(c)) for c in COLUMNS) + " |")
    print()
    print("How many times faster jetwt is (peer µs / jetwt µs; for raw crypto, below 1 is jetwt's overhead)")
    print()
    peers = [c for c in COLUMNS if c not in ("jetwt", "core (Rust)")]
    print("| operation | " + " | ".join(peers) + " |")
    print("|---|" + "---:|" * len(peers))
    for name, results, _ in rows:
        base = results["jetwt"]
        cells = [f"{results[c] / base:.2f}×" if c in results else "n/a" for c in peers]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    print(
        "jetwt against the core's Rust time in this process (median over rounds of jetwt µs / core µs in the "
        "same round; targets from issue #3)"
    )
    print()
    print("| operation | jetwt / core | Signer/Verifier / core | target |")
    print("|---|---:|---:|---|")
    for name, results, samples in rows:
        target = next((t for prefix, t in CORE_TARGETS.items() if name.startswith(prefix)), None)
        if "core (Rust)" not in results or target is None:
            continue
        ratio = round_ratio(samples, "jetwt", "core (Rust)")
        prepared = round_ratio(samples, "jetwt Signer/Verifier", "core (Rust)")
        verdict = "met" if ratio <= target else "**missed**"
        print(f"| {name} | {ratio:.2f}× | {prepared:.2f}× | ≤ {target}×: {verdict} |")
    if not ONLY or "thread" in ONLY:
        (one, one_cpu), (two, two_cpu) = thread_scaling(1), thread_scaling(2)
        print()
        print(
            f"RS256 sign with one shared jetwt.Key (elapsed time): 1 thread {one:,.0f}/s "
            f"(CPU {one_cpu:.2f}), 2 threads {two:,.0f}/s (CPU {two_cpu:.2f}) → ×{two / one:.2f}; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        print(f"Control, hashlib in 2 threads against 1 at the same time: ×{control_scaling():.2f}")


if __name__ == "__main__":
    main()
