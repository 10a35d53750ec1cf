"""Keys, Signers and Verifiers are immutable and shared across threads."""

from __future__ import annotations

import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import jetwt

from support import SECRET, key_text

THREADS = 8
ROUNDS = 40


@pytest.mark.parametrize(
    ("alg", "private", "public"),
    [
        ("HS256", SECRET, SECRET),
        ("RS256", key_text("rsa2048.pem"), key_text("rsa2048.pub.pem")),
        ("ES256", key_text("ec_p256.pem"), key_text("ec_p256.pub.pem")),
        ("EdDSA", key_text("ed25519.pem"), key_text("ed25519.pub.pem")),
    ],
)
def test_eight_threads_share_one_signer_and_one_verifier(alg: str, private: str, public: str) -> None:
    signer = jetwt.Signer(private, algorithm=alg, expires_in=60, audience="api")
    verifier = jetwt.Verifier(public, algorithms=[alg], audience="api")
    start = threading.Barrier(THREADS)

    def work(worker: int) -> list[int]:
        start.wait()
        seen = []
        for i in range(ROUNDS):
            token = signer.sign({"worker": worker, "i": i})
            claims = verifier.verify(token)
            assert claims["aud"] == "api"
            seen.append(claims["worker"] * 1000 + claims["i"])
            # A forged token fails in every thread too.
            with pytest.raises(jetwt.InvalidSignatureError):
                verifier.verify(token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"))
        return seen

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(work, range(THREADS)))
    for worker, seen in enumerate(results):
        assert seen == [worker * 1000 + i for i in range(ROUNDS)]


def test_pem_strings_from_many_threads_share_the_core_cache() -> None:
    pem = key_text("ec_p384.pem")
    public = key_text("ec_p384.pub.pem")

    def work(i: int) -> int:
        token = jetwt.encode({"i": i}, pem, algorithm="ES384")
        return int(jetwt.verify(token, public, algorithms=["ES384"])["i"])

    with ThreadPoolExecutor(THREADS) as pool:
        assert sorted(pool.map(work, range(64))) == list(range(64))


@pytest.mark.parametrize("op", ["sign", "verify"])
def test_asymmetric_work_releases_the_gil(op: str) -> None:
    # With a huge switch interval the interpreter never hands the GIL over by itself: the main thread can only
    # run while the worker is busy if the worker releases the GIL around the crypto. The worker stops as soon
    # as the main thread has run, or after `cap` operations (which only happens when the GIL is held).
    private = jetwt.Key.from_pem(key_text("rsa2048.pem"))
    verifier = jetwt.Verifier(private.public_key(), algorithms=["RS256"])
    token = jetwt.encode({"a": 1}, private, algorithm="RS256")
    cap = 1000 if op == "sign" else 10_000
    main_ran = threading.Event()
    done: list[int] = []

    def work() -> None:
        for i in range(cap):
            if main_ran.is_set():
                break
            if op == "sign":
                jetwt.encode({"i": i}, private, algorithm="RS256")
            else:
                verifier.verify(token)
            done.append(i)

    old = sys.getswitchinterval()
    sys.setswitchinterval(1000)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        main_ran.set()
        worker.join()
    finally:
        sys.setswitchinterval(old)
    assert len(done) < cap
