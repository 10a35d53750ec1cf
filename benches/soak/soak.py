"""`make soak-python`: a million encode+verify cycles through the jetwt Python package, watching RSS.

Each block of 20 cycles runs the same mix (see build_mix): HS256 with a `Key` and with a `str` secret,
EdDSA and ES256 with a `Key`, EdDSA with PEM strings (a fixed pair, served by the core's key cache, and a
pool of 80 pairs, more than the cache's 64 entries, so every use misses and evicts), `Signer`/`Verifier`,
a `KeySet`, `decode`, and the error paths (bad signature, expired, wrong algorithm, wrong audience,
malformed, a broken PEM, an unknown kid). Every outcome is checked.

RSS is read from /proc/self/statm after `gc.collect()`: after the warm-up (the baseline), every `--every`
cycles and at the end. The run fails (exit 1) if the end is `--max-growth` percent or more above the
baseline.

    python benches/soak/soak.py [--cycles 1000000] [--warmup 100000] [--every 100000] [--max-growth 5]
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import time
from collections import Counter
from typing import Callable

import jetwt

SECRET = "a secret of at least thirty-two bytes, for HS256 soak"
AUD = "api"
ISS = "https://issuer.example"
PAGE = os.sysconf("SC_PAGE_SIZE")
# A PEM whose body is not a key: the core's cache must not keep failures.
BROKEN_PEM = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n"
POOL = 80  # distinct PEM pairs, more than the core's key cache holds (64)


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def peak_rss_bytes() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


def expect(code: str, fn: Callable[[], object]) -> None:
    try:
        fn()
    except jetwt.JwtError as err:
        if err.code != code:
            raise AssertionError(f"expected {code}, got {err.code}: {err}") from err
        return
    raise AssertionError(f"expected {code}, nothing was raised")


def build_mix() -> list[tuple[str, Callable[[int], None]]]:
    hs = jetwt.Key.from_secret(SECRET)
    ed = jetwt.Key.generate("EdDSA")
    ed_pub = ed.public_key()
    es = jetwt.Key.generate("ES256")
    es_pub = es.public_key()
    ed_pem, ed_pub_pem = ed.to_pem(), ed_pub.to_pem()
    pool = []
    for _ in range(POOL):
        k = jetwt.Key.generate("EdDSA")
        pool.append((k.to_pem(), k.public_key().to_pem()))
    hs_signer = jetwt.Signer(hs, algorithm="HS256", expires_in=900, issuer=ISS, audience=AUD)
    hs_verifier = jetwt.Verifier(hs, algorithms=["HS256"], issuer=ISS, audience=AUD)
    ed_signer = jetwt.Signer(ed, algorithm="EdDSA", expires_in=900, issuer=ISS, audience=AUD, jwt_id=True)
    ed_verifier = jetwt.Verifier(ed_pub, algorithms=["EdDSA"], issuer=ISS, audience=AUD, required=["jti"])
    jwk = ed_pub.to_jwk()
    jwk["kid"] = "soak-1"
    keyset = jetwt.KeySet.from_jwks({"keys": [jwk, {**es_pub.to_jwk(), "kid": "soak-2"}]})
    far = int(time.time()) + 10 * 365 * 86400

    def claims(i: int) -> dict[str, object]:
        return {"sub": f"user-{i}", "exp": far, "aud": AUD, "iss": ISS, "n": i, "roles": ["a", "b"]}

    def check(out: dict[str, object], i: int) -> None:
        if out["n"] != i:
            raise AssertionError(f"cycle {i}: got {out!r}")

    def hs_key(i: int) -> None:
        t = jetwt.encode(claims(i), hs)
        check(jetwt.verify(t, hs, algorithms=["HS256"], audience=AUD, issuer=ISS), i)

    def hs_str(i: int) -> None:
        t = jetwt.encode(claims(i), SECRET, algorithm="HS256")
        check(jetwt.verify(t, SECRET, algorithms=["HS256"], audience=AUD, issuer=ISS), i)

    def ed_key(i: int) -> None:
        t = jetwt.encode(claims(i), ed, algorithm="EdDSA", headers={"kid": "soak-1"})
        check(jetwt.verify(t, ed_pub, algorithms=["EdDSA"], audience=AUD, issuer=ISS), i)

    def es_key(i: int) -> None:
        t = jetwt.encode(claims(i), es, algorithm="ES256")
        check(jetwt.verify(t, es_pub, algorithms=["ES256", "EdDSA"], audience=AUD, issuer=ISS), i)

    def pem_cached(i: int) -> None:
        t = jetwt.encode(claims(i), ed_pem, algorithm="EdDSA")
        check(jetwt.verify(t, ed_pub_pem, algorithms=["EdDSA"], audience=AUD, issuer=ISS), i)

    def pem_evicting(i: int) -> None:
        priv, pub = pool[(i // 20) % POOL]
        t = jetwt.encode(claims(i), priv, algorithm="EdDSA")
        check(jetwt.verify(t, pub, algorithms=["EdDSA"], audience=AUD, issuer=ISS), i)

    def hs_prepared(i: int) -> None:
        check(hs_verifier.verify(hs_signer.sign({"sub": "ada", "n": i})), i)

    def ed_prepared(i: int) -> None:
        check(ed_verifier.verify(ed_signer.sign({"sub": "ada", "n": i})), i)

    def bad_signature(i: int) -> None:
        if (i // 20) % 2:
            t = jetwt.encode(claims(i), hs)
            key: object = hs
            alg = "HS256"
        else:
            t = jetwt.encode(claims(i), ed, algorithm="EdDSA")
            key, alg = ed_pub, "EdDSA"
        head, _, sig = t.rpartition(".")
        forged = head + "." + ("A" if sig[0] != "A" else "B") + sig[1:]
        expect("invalid_signature", lambda: jetwt.verify(forged, key, algorithms=[alg]))

    def expired(i: int) -> None:
        t = hs_signer.sign({"n": i, "exp": 1_000_000_000})
        expect("expired", lambda: hs_verifier.verify(t))
        t = jetwt.encode({"n": i, "exp": int(time.time()) - 3600}, ed, algorithm="EdDSA")
        expect("expired", lambda: jetwt.verify(t, ed_pub, algorithms=["EdDSA"], leeway=60))

    def other_errors(i: int) -> None:
        t = jetwt.encode(claims(i), hs)
        which = (i // 20) % 4
        if which == 0:
            expect("invalid_algorithm", lambda: jetwt.verify(t, hs, algorithms=["HS384"]))
        elif which == 1:
            expect("invalid_audience", lambda: jetwt.verify(t, hs, algorithms=["HS256"], audience="web"))
        elif which == 2:
            expect("malformed", lambda: jetwt.verify(t[: len(t) // 2], hs, algorithms=["HS256"]))
        else:
            t = jetwt.encode(claims(i), ed, algorithm="EdDSA")
            expect("invalid_key", lambda: jetwt.verify(t, BROKEN_PEM, algorithms=["EdDSA"]))

    def keyset_decode(i: int) -> None:
        t = jetwt.encode(claims(i), ed, algorithm="EdDSA", headers={"kid": "soak-1"})
        out = jetwt.verify(t, keyset, algorithms=["EdDSA", "ES256"], audience=AUD, complete=True)
        check(out["claims"], i)
        if jetwt.decode(t).header["kid"] != "soak-1" or jetwt.decode_header(t)["alg"] != "EdDSA":
            raise AssertionError("decode")
        other = jetwt.encode(claims(i), es, algorithm="ES256", headers={"kid": "nope"})
        expect("key_not_found", lambda: jetwt.verify(other, keyset, algorithms=["EdDSA", "ES256"]))

    return [
        ("HS256 Key", hs_key), ("HS256 Key", hs_key), ("HS256 Key", hs_key),
        ("HS256 Key", hs_key), ("HS256 Key", hs_key), ("HS256 Key", hs_key),
        ("HS256 str secret", hs_str),
        ("EdDSA Key", ed_key), ("EdDSA Key", ed_key),
        ("ES256 Key", es_key),
        ("EdDSA PEM str (cache hit)", pem_cached), ("EdDSA PEM str (cache hit)", pem_cached),
        ("EdDSA PEM str (80-key pool, evicting)", pem_evicting),
        ("HS256 Signer/Verifier", hs_prepared), ("HS256 Signer/Verifier", hs_prepared),
        ("EdDSA Signer/Verifier", ed_prepared),
        ("error: bad signature", bad_signature),
        ("error: expired", expired),
        ("error: algorithm/audience/malformed/broken PEM", other_errors),
        ("KeySet + decode + key_not_found", keyset_decode),
    ]  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cycles", type=int, default=1_000_000)
    ap.add_argument("--warmup", type=int, default=100_000)
    ap.add_argument("--every", type=int, default=100_000)
    ap.add_argument("--max-growth", type=float, default=5.0, help="percent")
    args = ap.parse_args()
    if not 0 < args.warmup < args.cycles:
        ap.error("need 0 < --warmup < --cycles")

    mix = build_mix()
    counts: Counter[str] = Counter()
    gc.collect()
    start_rss = rss_bytes()
    print(
        f"soak-python: {args.cycles:,} cycles, CPython {platform.python_version()}, jetwt from "
        f"{os.path.dirname(jetwt.__file__)}; RSS before the first cycle {mib(start_rss)}",
        flush=True,
    )
    baseline = 0
    samples: list[tuple[int, int]] = []
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    n = len(mix)
    for i in range(args.cycles):
        name, fn = mix[i % n]
        fn(i)
        counts[name] += 1
        done = i + 1
        if done == args.warmup or done % args.every == 0 or done == args.cycles:
            gc.collect()
            rss = rss_bytes()
            if done == args.warmup:
                baseline = rss
            samples.append((done, rss))
            note = " (baseline: end of warm-up)" if done == args.warmup else ""
            if baseline and done > args.warmup:
                note = f" ({(rss - baseline) / baseline * 100:+.2f}% vs baseline)"
            print(f"  {done:>9,} cycles  {time.perf_counter() - t0:7.1f} s  RSS {mib(rss)}{note}", flush=True)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    end = samples[-1][1]
    growth = (end - baseline) / baseline * 100
    print("  mix (cycles per kind):")
    for name, c in counts.items():
        print(f"    {c:>8,}  {name}")
    print(
        f"soak-python: {args.cycles:,} cycles in {wall:.1f} s wall / {cpu:.1f} s CPU "
        f"({wall / args.cycles * 1e6:.1f} µs per cycle); RSS at start {mib(start_rss)}, after "
        f"{args.warmup:,}-cycle warm-up {mib(baseline)}, at end {mib(end)}, peak {mib(peak_rss_bytes())}; "
        f"growth after warm-up {end - baseline:+,} bytes = {growth:+.2f}% (limit < {args.max_growth:g}%)"
    )
    floor = baseline * args.max_growth / 100 / (args.cycles - args.warmup)
    print(f"soak-python: the limit catches a leak of {floor:.1f} bytes per cycle or more (over the mix)")
    if growth >= args.max_growth:
        print(f"soak-python: FAILED, RSS grew {growth:.2f}% after the warm-up", file=sys.stderr)
        return 1
    print("soak-python: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
