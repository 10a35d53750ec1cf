"""`make demo-python`: the installed jetwt package signing, verifying and inspecting tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from pathlib import Path

import jetwt

KEYS = Path(__file__).resolve().parents[1] / "tests" / "keys"


def show(title: str, value: object) -> None:
    print(f"  {title:<28} {value}")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def confused_token(public_pem: str) -> str:
    """The classic algorithm-confusion forgery: HS256 "signed" with the server's public key as the secret."""
    signing_input = b64url(b'{"alg":"HS256"}') + "." + b64url(b'{"sub":"mallory","admin":true}')
    mac = hmac.new(public_pem.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64url(mac)


def main() -> None:
    print(f"jetwt {jetwt.__version__} for Python, from {Path(jetwt.__file__).parent}")

    print("\nHS256 with a shared secret")
    secret = "a-32-byte-secret-for-the-demo!!!"
    token = jetwt.encode({"sub": "ada", "exp": int(time.time()) + 60}, secret)
    show("token", token)
    show("verify", jetwt.verify(token, secret, algorithms=["HS256"]))

    print("\nRS256 with PEM files, as most services hold them")
    private_pem = (KEYS / "rsa2048.pem").read_text()
    public_pem = (KEYS / "rsa2048.pub.pem").read_text()
    signer = jetwt.Signer(private_pem, algorithm="RS256", expires_in=900, issuer="https://auth.example")
    verifier = jetwt.Verifier(public_pem, algorithms=["RS256"], issuer="https://auth.example")
    token = signer.sign({"sub": "ada", "roles": ["admin"]})
    show("header (unverified)", jetwt.decode_header(token))
    show("claims (verified)", verifier.verify(token))

    print("\nA fresh Ed25519 key, exported")
    key = jetwt.Key.generate("EdDSA")
    show("key", key)
    show("public JWK", key.public_key().to_jwk())
    show("thumbprint", key.thumbprint())

    print("\nWhat verification refuses, each with a stable code")
    forged = token[:-6] + "AAAAAA"
    attempts = {
        "forged signature": lambda: verifier.verify(forged),
        "alg not allowed": lambda: jetwt.verify(token, public_pem, algorithms=["ES256"]),
        "public PEM as HMAC secret": lambda: jetwt.verify(
            confused_token(public_pem), public_pem, algorithms=["HS256", "RS256"]
        ),
        "expired": lambda: jetwt.verify(jetwt.encode({"exp": 1}, secret), secret, algorithms=["HS256"]),
        "not a token": lambda: jetwt.verify("hello.world", secret, algorithms=["HS256"]),
    }
    for title, attempt in attempts.items():
        try:
            attempt()
            show(title, "ACCEPTED (this is a bug)")
        except jetwt.JwtError as err:
            show(title, f"{type(err).__name__} [{err.code}]: {err}")


if __name__ == "__main__":
    main()
