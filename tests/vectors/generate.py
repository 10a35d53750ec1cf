"""Writes the shared test vectors (tests/vectors/*.json) that Rust, Python and Node all run.

Tokens are signed here with Python's `hmac` and the `cryptography` package, independently of jetwt, so the
vectors test jetwt against another implementation rather than against itself. Run with `make vectors`;
ECDSA and PSS signatures are randomised, so a re-run changes those bytes but no case's meaning.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import pathlib

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

HERE = pathlib.Path(__file__).resolve().parent
KEYS_DIR = HERE.parent / "keys"
SHARED = HERE.parents[2] / "shared" / "vectors" / "rfc_vectors.json"
NOW = 1_700_000_000
LATER = NOW + 3600

SECRETS = {
    "hs256": "a-32-byte-secret-for-hs256-tests!",
    "hs384": "a-48-byte-secret-for-hs384-tests-padded-out-to-48",
    "hs512": "a-64-byte-secret-for-hs512-tests-which-is-padded-out-to-64-bytes!!",
    "hs256-other": "another-32-byte-secret-for-hs256-tests",
    "short": "short",
}


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def load_private(name: str):
    return serialization.load_pem_private_key((KEYS_DIR / f"{name}.pem").read_bytes(), password=None)


PRIVATE = {name: load_private(name) for name in ["rsa2048", "rsa3072", "ec_p256", "ec_p384", "ec_p521", "ec_secp256k1", "ed25519"]}

ALGS = {
    "HS256": ("hmac", hashlib.sha256, "hs256"),
    "HS384": ("hmac", hashlib.sha384, "hs384"),
    "HS512": ("hmac", hashlib.sha512, "hs512"),
    "RS256": ("rsa", hashes.SHA256, "rsa2048"),
    "RS384": ("rsa", hashes.SHA384, "rsa2048"),
    "RS512": ("rsa", hashes.SHA512, "rsa2048"),
    "PS256": ("pss", hashes.SHA256, "rsa2048"),
    "PS384": ("pss", hashes.SHA384, "rsa2048"),
    "PS512": ("pss", hashes.SHA512, "rsa2048"),
    "ES256": ("ec", hashes.SHA256, "ec_p256"),
    "ES384": ("ec", hashes.SHA384, "ec_p384"),
    "ES512": ("ec", hashes.SHA512, "ec_p521"),
    "ES256K": ("ec", hashes.SHA256, "ec_secp256k1"),
    "EdDSA": ("ed", None, "ed25519"),
}

# The key each algorithm verifies with (names in keys.json), and a wrong key of the same family.
PUBLIC_KEY = {
    "HS256": "hs256", "HS384": "hs384", "HS512": "hs512",
    "RS256": "rsa2048-public", "RS384": "rsa2048-public", "RS512": "rsa2048-public",
    "PS256": "rsa2048-public", "PS384": "rsa2048-public", "PS512": "rsa2048-public",
    "ES256": "ec-p256-public", "ES384": "ec-p384-public", "ES512": "ec-p521-public",
    "ES256K": "ec-secp256k1-public", "EdDSA": "ed25519-public",
}
OTHER_KEY = {
    "HS256": "hs256-other", "HS384": "hs256-other-48", "HS512": "hs256-other-64",
    "RS256": "rsa3072-public", "RS384": "rsa3072-public", "RS512": "rsa3072-public",
    "PS256": "rsa3072-public", "PS384": "rsa3072-public", "PS512": "rsa3072-public",
    "ES256": "ec-p256-other", "ES384": "ec-p384-other", "ES512": "ec-p521-other",
    "ES256K": "ec-secp256k1-other", "EdDSA": "ed25519-other",
}
OTHER_PRIVATE = {
    "ec-p256-other": ec.generate_private_key(ec.SECP256R1()),
    "ec-p384-other": ec.generate_private_key(ec.SECP384R1()),
    "ec-p521-other": ec.generate_private_key(ec.SECP521R1()),
    "ec-secp256k1-other": ec.generate_private_key(ec.SECP256K1()),
    "ed25519-other": ed25519.Ed25519PrivateKey.generate(),
}


def raw_sign(alg: str, message: bytes, key_override=None) -> bytes:
    kind, hash_cls, key_name = ALGS[alg]
    if kind == "hmac":
        secret = (key_override or SECRETS[key_name]).encode()
        return hmac.new(secret, message, hash_cls).digest()
    key = key_override or PRIVATE[key_name]
    if kind == "rsa":
        return key.sign(message, padding.PKCS1v15(), hash_cls())
    if kind == "pss":
        return key.sign(message, padding.PSS(mgf=padding.MGF1(hash_cls()), salt_length=hash_cls.digest_size), hash_cls())
    if kind == "ec":
        der = key.sign(message, ec.ECDSA(hash_cls()))
        r, s = decode_dss_signature(der)
        size = (key.curve.key_size + 7) // 8
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")
    return key.sign(message)


def seg(value) -> str:
    """A segment from a dict (compact JSON), str (raw JSON text) or bytes (raw bytes)."""
    if isinstance(value, dict) or isinstance(value, list):
        value = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if isinstance(value, str):
        value = value.encode()
    return b64u(value)


def token(alg: str, claims, header=None, *, sign_alg=None, key_override=None) -> str:
    header = {"alg": alg, "typ": "JWT"} if header is None else header
    signing_input = f"{seg(header)}.{seg(claims)}"
    signature = raw_sign(sign_alg or alg, signing_input.encode(), key_override)
    return f"{signing_input}.{b64u(signature)}"


def hs(claims, header=None) -> str:
    return token("HS256", claims, header)


def pem_text(path: str) -> str:
    return (KEYS_DIR / path).read_text()


def public_pem(private_key) -> str:
    return private_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def public_jwk(name: str) -> dict:
    key = PRIVATE[name].public_key()
    if isinstance(key, rsa.RSAPublicKey):
        numbers = key.public_numbers()
        return {"kty": "RSA", "n": b64u(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")), "e": b64u(numbers.e.to_bytes(3, "big"))}
    if isinstance(key, ec.EllipticCurvePublicKey):
        numbers = key.public_numbers()
        size = (key.curve.key_size + 7) // 8
        crv = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521", "secp256k1": "secp256k1"}[key.curve.name]
        return {"kty": "EC", "crv": crv, "x": b64u(numbers.x.to_bytes(size, "big")), "y": b64u(numbers.y.to_bytes(size, "big"))}
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64u(raw)}


def build_keys() -> dict:
    keys = {name: {"kind": "secret", "value": value} for name, value in SECRETS.items()}
    keys["hs256-other-48"] = {"kind": "secret", "value": "x" * 48}
    keys["hs256-other-64"] = {"kind": "secret", "value": "y" * 64}
    for name in ["rsa2048", "rsa3072", "ec_p256", "ec_p384", "ec_p521", "ec_secp256k1", "ed25519"]:
        dashed = name.replace("_", "-")
        keys[f"{dashed}-public"] = {"kind": "pem", "value": pem_text(f"{name}.pub.pem")}
        keys[f"{dashed}-private"] = {"kind": "pem", "value": pem_text(f"{name}.pem")}
        keys[f"{dashed}-jwk"] = {"kind": "jwk", "value": public_jwk(name)}
    for name, key in OTHER_PRIVATE.items():
        keys[name] = {"kind": "pem", "value": public_pem(key)}
    keys["rsa2048-cert"] = {"kind": "pem", "value": pem_text("rsa2048.cert.pem")}
    keys["ec-p256-der"] = {"kind": "der_b64", "value": b64u((KEYS_DIR / "ec_p256.pub.der").read_bytes())}
    keys["jwks"] = {"kind": "jwks", "value": {"keys": [
        {**public_jwk("ec_p256"), "kid": "ec-1", "use": "sig"},
        {**public_jwk("rsa2048"), "kid": "rsa-1", "alg": "RS256"},
        {**public_jwk("rsa3072"), "kid": "rsa-2"},
        {**public_jwk("ed25519"), "kid": "ed-enc", "use": "enc"},
        {"kty": "oct", "k": b64u(SECRETS["hs256"].encode()), "kid": "hmac-1"},
        {"kty": "EC", "crv": "P-256", "x": "broken"},
        {"kty": "unknown-type", "kid": "skipped"},
    ]}}
    return keys


CLAIMS = {"sub": "1234567890", "name": "John Doe", "iat": NOW - 60, "exp": LATER, "aud": "api", "iss": "https://issuer.example", "roles": ["admin", "user"]}
BASIC = {"sub": "1234567890", "name": "Ada", "iat": NOW - 60, "exp": LATER}


class Cases:
    def __init__(self, description: str):
        self.description = description
        self.groups: list[dict] = []
        self.next_id = 1

    def group(self, name: str):
        self.groups.append({"name": name, "cases": []})

    def add(self, comment: str, expect: dict, **case):
        entry = {"id": self.next_id, "comment": comment, **case, "expect": expect}
        if entry.get("op", "verify") == "verify":
            entry.setdefault("now", NOW)
        self.groups[-1]["cases"].append(entry)
        self.next_id += 1

    def verify(self, comment: str, tok: str, key: str, options: dict, expect: dict, now: float = NOW):
        self.add(comment, expect, op="verify", token=tok, key=key, options=options, now=now)

    def count(self) -> int:
        return sum(len(g["cases"]) for g in self.groups)

    def dump(self) -> dict:
        return {"description": self.description, "groups": self.groups}


def ok(claims: dict, header: dict | None = None) -> dict:
    return {"claims": claims} if header is None else {"claims": claims, "header": header}


def err(code: str, claim: str | None = None) -> dict:
    return {"error": code} if claim is None else {"error": code, "claim": claim}


def only(alg: str, **more) -> dict:
    return {"algorithms": [alg], **more}


def rfc_cases() -> Cases:
    c = Cases("RFC 7515 appendix A, RFC 7520 section 4 and RFC 8037 appendix A.4 tokens, with their published keys.")
    shared = json.loads(SHARED.read_text())["vectors"]
    c.group("published tokens")
    for v in shared:
        if v["alg"] == "none":
            c.verify(f"{v['name']}: alg none is never verified", v["token"], "hs256", only("HS256"), err("invalid_algorithm"))
            c.add(f"{v['name']}: decode still shows it", {"header": v["expected_header"], "claims": v["expected_payload"], "signature_len": 0}, op="decode", token=v["token"])
            continue
        key = {"kind": "jwk", "value": v["jwk"]}
        if v["payload_kind"] == "json":
            c.add(f"{v['name']}: before exp", ok(v["expected_payload"]), op="verify", token=v["token"], key_spec=key, options=only(v["alg"]), now=1300819379)
            c.add(f"{v['name']}: at exp", err("expired"), op="verify", token=v["token"], key_spec=key, options=only(v["alg"]), now=1300819380)
        else:
            c.add(f"{v['name']}: signature valid, payload is text, not claims", err("malformed"), op="verify", token=v["token"], key_spec=key, options=only(v["alg"]), now=NOW)
    return c


def algorithm_cases() -> Cases:
    c = Cases("Every algorithm: valid tokens, wrong keys, allow-lists and key-family binding.")
    for alg in ALGS:
        c.group(alg)
        good = token(alg, BASIC)
        c.verify(f"{alg}: valid", good, PUBLIC_KEY[alg], only(alg), ok(BASIC))
        c.verify(f"{alg}: another key of the same family", good, OTHER_KEY[alg], only(alg), err("invalid_signature"))
        c.verify(f"{alg}: not in the allow-list", good, PUBLIC_KEY[alg], only("HS256" if alg != "HS256" else "HS384"), err("invalid_algorithm"))
        head, sig = good.rsplit(".", 1)
        raw = base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4))
        c.verify(f"{alg}: signature truncated by one byte", f"{head}.{b64u(raw[:-1])}", PUBLIC_KEY[alg], only(alg), err("invalid_signature"))
        c.verify(f"{alg}: empty signature", f"{head}.", PUBLIC_KEY[alg], only(alg), err("invalid_signature"))
        flipped = bytes([raw[0] ^ 0x01]) + raw[1:]
        c.verify(f"{alg}: one signature bit flipped", f"{head}.{b64u(flipped)}", PUBLIC_KEY[alg], only(alg), err("invalid_signature"))
        tampered = f"{seg({'alg': alg, 'typ': 'JWT'})}.{seg({**BASIC, 'sub': 'admin'})}.{sig}"
        c.verify(f"{alg}: claims changed after signing", tampered, PUBLIC_KEY[alg], only(alg), err("invalid_signature"))
    c.group("key-family binding")
    c.verify("RS256 token, EC key: family mismatch", token("RS256", BASIC), "ec-p256-public", {"algorithms": ["RS256", "ES256"]}, err("invalid_algorithm"))
    c.verify("ES384 token, P-256 key: curve mismatch", token("ES384", BASIC), "ec-p256-public", {"algorithms": ["ES256", "ES384"]}, err("invalid_algorithm"))
    c.verify("ES256 token, secp256k1 key: curve mismatch", token("ES256", BASIC), "ec-secp256k1-public", {"algorithms": ["ES256", "ES256K"]}, err("invalid_algorithm"))
    c.verify("EdDSA token, RSA key", token("EdDSA", BASIC), "rsa2048-public", {"algorithms": ["EdDSA", "RS256"]}, err("invalid_algorithm"))
    confusion_secret = pem_text("rsa2048.pub.pem")
    confused = f"{seg({'alg': 'HS256', 'typ': 'JWT'})}.{seg(BASIC)}"
    confused += "." + b64u(hmac.new(confusion_secret.encode(), confused.encode(), hashlib.sha256).digest())
    c.verify("HS256 token MACed with the RSA public key PEM (algorithm confusion)", confused, "rsa2048-public", {"algorithms": ["HS256", "RS256"]}, err("invalid_algorithm"))
    c.verify("RS256 signature relabelled PS256", token("PS256", BASIC, sign_alg="RS256"), "rsa2048-public", only("PS256"), err("invalid_signature"))
    c.verify("mixed allow-list: EC key and ES256 token", token("ES256", BASIC), "ec-p256-public", {"algorithms": ["RS256", "ES256", "EdDSA"]}, ok(BASIC))
    c.verify("mixed allow-list: RSA key and PS384 token", token("PS384", BASIC), "rsa2048-public", {"algorithms": ["HS256", "PS384"]}, ok(BASIC))
    der_sig = PRIVATE["ec_p256"].sign(f"{seg({'alg': 'ES256'})}.{seg(BASIC)}".encode(), ec.ECDSA(hashes.SHA256()))
    c.verify("ES256 with an ASN.1 DER signature instead of P1363", f"{seg({'alg': 'ES256'})}.{seg(BASIC)}.{b64u(der_sig)}", "ec-p256-public", only("ES256"), err("invalid_signature"))
    c.group("alg header")
    for name in ["none", "None", "NONE", "nOnE"]:
        unsecured = f"{seg({'alg': name, 'typ': 'JWT'})}.{seg(BASIC)}."
        c.verify(f"alg {name!r}, empty signature", unsecured, "hs256", {"algorithms": ["HS256", "RS256"]}, err("invalid_algorithm"))
    c.verify("alg none with a valid HS256 MAC attached", f"{seg({'alg': 'none'})}.{seg(BASIC)}.{token('HS256', BASIC).rsplit('.', 1)[1]}", "hs256", only("HS256"), err("invalid_algorithm"))
    c.verify("'none' in the allow-list is refused", f"{seg({'alg': 'none'})}.{seg(BASIC)}.", "hs256", {"algorithms": ["none"]}, err("invalid_algorithm"))
    c.verify("alg missing", hs(BASIC, {"typ": "JWT"}), "hs256", only("HS256"), err("invalid_algorithm"))
    c.verify("alg unknown", token("HS256", BASIC, {"alg": "HS1024"}), "hs256", only("HS256"), err("invalid_algorithm"))
    c.verify("alg in lower case", token("HS256", BASIC, {"alg": "hs256"}), "hs256", only("HS256"), err("invalid_algorithm"))
    c.verify("alg Ed25519 (not a JWS name)", token("EdDSA", BASIC, {"alg": "Ed25519"}), "ed25519-public", only("EdDSA"), err("invalid_algorithm"))
    c.verify("alg not a string", hs(BASIC, {"alg": 256}), "hs256", only("HS256"), err("malformed"))
    c.group("key forms")
    c.verify("RS256 with the public JWK", token("RS256", BASIC), "rsa2048-jwk", only("RS256"), ok(BASIC))
    c.verify("RS256 with the certificate", token("RS256", BASIC), "rsa2048-cert", only("RS256"), ok(BASIC))
    c.verify("RS256 with the private key (its public half verifies)", token("RS256", BASIC), "rsa2048-private", only("RS256"), ok(BASIC))
    c.verify("ES256 with a DER public key", token("ES256", BASIC), "ec-p256-der", only("ES256"), ok(BASIC))
    c.verify("ES512 with the public JWK", token("ES512", BASIC), "ec-p521-jwk", only("ES512"), ok(BASIC))
    c.verify("EdDSA with the public JWK", token("EdDSA", BASIC), "ed25519-jwk", only("EdDSA"), ok(BASIC))
    c.verify("RSA 3072 PS512", token("PS512", BASIC, key_override=PRIVATE["rsa3072"]), "rsa3072-public", only("PS512"), ok(BASIC))
    return c


def parsing_cases() -> Cases:
    c = Cases("Structure: segments, strict base64url, UTF-8, JSON, object shapes, crit, size and depth.")
    good = hs(BASIC)
    h, p, s = good.split(".")
    v = lambda comment, tok, expect=err("malformed"), **opts: c.verify(comment, tok, "hs256", only("HS256", **opts), expect)  # noqa: E731
    c.group("segments")
    v("two segments", f"{h}.{p}")
    v("four segments", f"{good}.{s}")
    v("empty header", f".{p}.{s}")
    v("empty payload", f"{h}..{s}")
    v("empty string", "")
    v("only dots", "..")
    v("JWE-like five segments", f"{h}.{p}.{s}.{s}.{s}")
    c.group("base64url")
    v("padding on the signature", f"{h}.{p}.{s}=")
    v("padding on the payload", f"{h}.{seg(b'{}')}=.{s}")
    v("standard alphabet '+' in header", f"{h[:-1]}+.{p}.{s}")
    v("standard alphabet '/' in signature", f"{h}.{p}.{s[:-1]}/")
    v("space inside the payload", f"{h}.{p[:4]} {p[4:]}.{s}")
    v("newline inside the signature", f"{h}.{p}.{s[:10]}\n{s[10:]}")
    v("leading space", f" {good}")
    v("trailing newline", f"{good}\n")
    sig_bytes = base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
    assert len(sig_bytes) % 3 == 2  # 32 bytes: the last character carries 2 unused bits
    noncanon = s[:-1] + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".index(s[-1]) | 1)]
    v("non-canonical trailing bits in the signature", f"{h}.{p}.{noncanon}")
    body = seg(b'{"a":1}')  # 7 bytes: 1 trailing char with 4 unused bits
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    bad_body = body[:-1] + alphabet[alphabet.index(body[-1]) | 1]
    forged = f"{h}.{bad_body}"
    v("non-canonical trailing bits in the payload", f"{forged}.{b64u(hmac.new(SECRETS['hs256'].encode(), forged.encode(), hashlib.sha256).digest())}")
    v("a segment of one character (impossible length)", f"{h}.{p}.A")
    v("non-ASCII character in the token", f"{h}.{p}é.{s}")
    c.group("encoding and JSON of the header")
    for comment, raw in [
        ("header is a JSON array", b'["HS256"]'),
        ("header is a JSON string", b'"HS256"'),
        ("header is not JSON", b"alg=HS256"),
        ("header has a duplicate alg", b'{"alg":"none","alg":"HS256"}'),
        ("header has a trailing comma", b'{"alg":"HS256",}'),
        ("header starts with a BOM", b'\xef\xbb\xbf{"alg":"HS256"}'),
        ("header has invalid UTF-8", b'{"alg":"HS256","x":"\xc3\x28"}'),
        ("header is empty", b""),
        ("header kid is a number", b'{"alg":"HS256","kid":5}'),
        ("header typ is an object", b'{"alg":"HS256","typ":{}}'),
    ]:
        v(comment, token("HS256", BASIC, raw))
    c.verify("header with CRLF whitespace is valid JSON", token("HS256", BASIC, b'{"typ":"JWT",\r\n "alg":"HS256"}'), "hs256", only("HS256"), ok(BASIC))
    c.group("encoding and JSON of the claims")
    for comment, raw in [
        ("claims are a JSON array", b"[1,2]"),
        ("claims are a string", b'"hello"'),
        ("claims are null", b"null"),
        ("claims are a number", b"42"),
        ("claims are text, not JSON", b"It is a dangerous business"),
        ("claims have a duplicate sub", b'{"sub":"user","sub":"admin"}'),
        ("claims have a duplicate exp (an old one hidden)", b'{"exp":1,"exp":4102444800}'),
        ("claims have a duplicate name via escape", b'{"sub":"a","\\u0073ub":"b"}'),
        ("claims contain NaN", b'{"exp":NaN}'),
        ("claims contain Infinity", b'{"exp":Infinity}'),
        ("claims contain -Infinity", b'{"nbf":-Infinity}'),
        ("claims start with a BOM", b'\xef\xbb\xbf{"sub":"x"}'),
        ("claims have invalid UTF-8", b'{"sub":"\xff"}'),
        ("claims have a lone surrogate escape", b'{"sub":"\\ud800"}'),
        ("claims have a raw control character in a string", b'{"sub":"a\x01b"}'),
        ("claims have a leading-zero number", b'{"n":01}'),
        ("claims have single quotes", b"{'sub':'x'}"),
        ("claims have trailing data", b'{"sub":"x"} {}'),
        ("claims are truncated", b'{"sub":"x"'),
        ("claims nest 65 deep", b'{"a":' + b"[" * 64 + b"]" * 64 + b"}"),
    ]:
        v(comment, token("HS256", raw))
    deep = json.loads(b'{"a":' + b"[" * 63 + b"]" * 63 + b"}")
    c.verify("claims nest 64 deep (the limit)", token("HS256", deep), "hs256", only("HS256"), ok(deep))
    odd = {"emoji": "😀 é \u2028", "escaped": "quote \" backslash \\ slash / tab \t", "big": 123456789012345678901234567890, "neg": -0.5e-3, "nested": {"a": [None, True, False, {}]}}
    c.verify("claims with unicode, escapes, big numbers and nesting", token("HS256", odd), "hs256", only("HS256"), ok(odd))
    c.verify("claims as an empty object", token("HS256", {}), "hs256", only("HS256"), ok({}))
    c.group("crit")
    for comment, header in [
        ("crit names an unknown extension", {"alg": "HS256", "crit": ["exp"], "exp": 1}),
        ("crit is an empty array", {"alg": "HS256", "crit": []}),
        ("crit is a string", {"alg": "HS256", "crit": "x", "x": 1}),
        ("crit lists a number", {"alg": "HS256", "crit": [1]}),
        ("crit names a registered parameter", {"alg": "HS256", "crit": ["alg"]}),
        ("crit names a parameter the header lacks", {"alg": "HS256", "crit": ["http://example.invalid/ext"]}),
        ("crit lists b64 (RFC 7797, unsupported)", {"alg": "HS256", "crit": ["b64"], "b64": False}),
        ("b64 false without crit", {"alg": "HS256", "b64": False}),
    ]:
        v(comment, token("HS256", BASIC, header))
    c.group("size")
    big = {"data": "x" * 300_000}
    c.verify("token over 256 KiB", hs(big), "hs256", only("HS256"), err("malformed"))
    fine = {"data": "y" * 8_000}
    c.verify("token of 10 KiB", hs(fine), "hs256", only("HS256"), ok(fine))
    c.verify("token of 10 KiB, max_token_bytes 10000", hs(fine), "hs256", only("HS256", max_token_bytes=10_000), err("malformed"))
    c.verify("token over 256 KiB, max_token_bytes 512 KiB", hs(big), "hs256", only("HS256", max_token_bytes=512 * 1024), ok(big))
    c.verify("token over max_token_bytes with an unknown algorithm: the options are refused first", hs(BASIC), "hs256", only("XX999", max_token_bytes=10), err("invalid_algorithm"))
    c.group("depth")
    for depth, limit, good in ((65, 65, True), (64, 10, False), (11, 10, False), (10, 10, True), (100, 100, True), (101, 100, False)):
        claims = json.loads(b'{"a":' + b"[" * (depth - 1) + b"]" * (depth - 1) + b"}")
        c.verify(f"claims nest {depth} deep, max_depth {limit}", token("HS256", claims), "hs256", only("HS256", max_depth=limit), ok(claims) if good else err("malformed"))
    header = {"alg": "HS256", "x": [[[1]]]}
    c.verify("header nests 4 deep, max_depth 3", token("HS256", BASIC, header), "hs256", only("HS256", max_depth=3), err("malformed"))
    c.verify("header nests 4 deep, max_depth 4", token("HS256", BASIC, header), "hs256", only("HS256", max_depth=4), ok(BASIC))
    return c


def claims_cases() -> Cases:
    c = Cases("Claims validation: times, issuer, audience, subject, required claims, max_age, typ, complete.")
    v = lambda comment, claims, expect, now=NOW, header=None, **opts: c.verify(comment, hs(claims, header), "hs256", only("HS256", **opts), expect, now)  # noqa: E731
    c.group("exp")
    v("exp one second ahead", {"exp": NOW + 1}, ok({"exp": NOW + 1}))
    v("exp equal to now is expired", {"exp": NOW}, err("expired"))
    v("exp one second ago", {"exp": NOW - 1}, err("expired"))
    v("exp 30 s ago, leeway 60", {"exp": NOW - 30}, ok({"exp": NOW - 30}), leeway=60)
    v("exp 90 s ago, leeway 60", {"exp": NOW - 90}, err("expired"), leeway=60)
    v("exp as a float", {"exp": NOW + 0.5}, ok({"exp": NOW + 0.5}))
    v("exp as a float just past", {"exp": NOW - 0.25}, err("expired"))
    v("exp as a numeric string", {"exp": str(LATER)}, err("invalid_claim"))
    v("exp as a boolean", {"exp": True}, err("invalid_claim"))
    v("exp null", {"exp": None}, err("invalid_claim"))
    v("exp as an array", {"exp": [LATER]}, err("invalid_claim"))
    c.verify("exp 1e400 (overflows to infinity)", token("HS256", b'{"exp":1e400}'), "hs256", only("HS256"), err("invalid_claim"))
    c.verify("exp -1e400", token("HS256", b'{"exp":-1e400}'), "hs256", only("HS256"), err("invalid_claim"))
    v("exp huge but finite", {"exp": 1e300}, ok({"exp": 1e300}))
    v("no exp at all is accepted unless required", {"sub": "x"}, ok({"sub": "x"}))
    v("no exp, exp required", {"sub": "x"}, err("missing_claim", "exp"), required=["exp"])
    c.group("nbf and iat")
    v("nbf now", {"nbf": NOW}, ok({"nbf": NOW}))
    v("nbf one second ahead", {"nbf": NOW + 1}, err("not_yet_valid"))
    v("nbf 30 s ahead, leeway 60", {"nbf": NOW + 30}, ok({"nbf": NOW + 30}), leeway=60)
    v("nbf as a string", {"nbf": "soon"}, err("invalid_claim"))
    v("iat in the past", {"iat": NOW - 10}, ok({"iat": NOW - 10}))
    v("iat in the future", {"iat": NOW + 120}, err("not_yet_valid"))
    v("iat 30 s ahead, leeway 60", {"iat": NOW + 30}, ok({"iat": NOW + 30}), leeway=60)
    v("iat as a string", {"iat": "yesterday"}, err("invalid_claim"))
    v("max_age: iat 100 s old, max_age 300", {"iat": NOW - 100}, ok({"iat": NOW - 100}), max_age=300)
    v("max_age: iat 400 s old, max_age 300", {"iat": NOW - 400}, err("expired"), max_age=300)
    v("max_age: 330 s old, max_age 300, leeway 60", {"iat": NOW - 330}, ok({"iat": NOW - 330}), max_age=300, leeway=60)
    v("max_age without iat", {"sub": "x"}, err("missing_claim", "iat"), max_age=300)
    c.group("iss")
    v("iss matches", {"iss": "https://issuer.example"}, ok({"iss": "https://issuer.example"}), issuer="https://issuer.example")
    v("iss matches one of a list", {"iss": "b"}, ok({"iss": "b"}), issuer=["a", "b"])
    v("iss differs", {"iss": "https://evil.example"}, err("invalid_issuer"), issuer="https://issuer.example")
    v("iss differs in case", {"iss": "HTTPS://ISSUER.EXAMPLE"}, err("invalid_issuer"), issuer="https://issuer.example")
    v("iss is a prefix of the expected one", {"iss": "https://issuer"}, err("invalid_issuer"), issuer="https://issuer.example")
    v("iss missing, issuer configured", {"sub": "x"}, err("missing_claim", "iss"), issuer="https://issuer.example")
    v("iss null, issuer configured", {"iss": None}, err("missing_claim", "iss"), issuer="https://issuer.example")
    v("iss array containing the issuer", {"iss": ["https://issuer.example"]}, err("invalid_claim"), issuer="https://issuer.example")
    v("iss a number, no issuer configured", {"iss": 5}, err("invalid_claim"))
    v("iss present, no issuer configured", {"iss": "anyone"}, ok({"iss": "anyone"}))
    c.group("aud")
    v("aud string matches", {"aud": "api"}, ok({"aud": "api"}), audience="api")
    v("aud list contains the audience", {"aud": ["web", "api"]}, ok({"aud": ["web", "api"]}), audience="api")
    v("aud matches one of several expected", {"aud": "web"}, ok({"aud": "web"}), audience=["api", "web"])
    v("aud does not match", {"aud": "other"}, err("invalid_audience"), audience="api")
    v("aud list does not contain it", {"aud": ["a", "b"]}, err("invalid_audience"), audience="api")
    v("aud empty list, audience configured", {"aud": []}, err("invalid_audience"), audience="api")
    v("aud missing, audience configured", {"sub": "x"}, err("missing_claim", "aud"), audience="api")
    v("aud null, audience configured", {"aud": None}, err("missing_claim", "aud"), audience="api")
    v("aud a number", {"aud": 1}, err("invalid_claim"), audience="api")
    v("aud list with a number", {"aud": ["api", 1]}, err("invalid_claim"), audience="api")
    v("aud an object", {"aud": {"api": True}}, err("invalid_claim"), audience="api")
    v("aud present, no audience configured (RFC 7519 4.1.3)", {"aud": "api"}, err("invalid_audience"))
    v("aud empty list, no audience configured", {"aud": []}, ok({"aud": []}))
    v("aud substring is not a match", {"aud": "api-admin"}, err("invalid_audience"), audience="api")
    c.group("sub and jti")
    v("sub matches", {"sub": "ada"}, ok({"sub": "ada"}), subject="ada")
    v("sub differs", {"sub": "bob"}, err("invalid_subject"), subject="ada")
    v("sub missing, subject configured", {"name": "x"}, err("missing_claim", "sub"), subject="ada")
    v("sub a number", {"sub": 1234}, err("invalid_claim"))
    v("jti a number", {"jti": 7}, err("invalid_claim"))
    v("jti a string", {"jti": "abc"}, ok({"jti": "abc"}))
    c.group("required")
    v("required claims present", {"jti": "a", "scope": "read"}, ok({"jti": "a", "scope": "read"}), required=["jti", "scope"])
    v("required custom claim missing", {"jti": "a"}, err("missing_claim", "scope"), required=["jti", "scope"])
    v("required claim null", {"jti": None}, err("missing_claim", "jti"), required=["jti"])
    v("required claim false is present", {"admin": False}, ok({"admin": False}), required=["admin"])
    c.group("typ")
    v("typ JWT matches jwt", BASIC, ok(BASIC), typ="jwt")
    v("typ at+jwt matches application/at+jwt", BASIC, ok(BASIC), header={"alg": "HS256", "typ": "application/at+jwt"}, typ="at+jwt")
    v("typ differs", BASIC, err("invalid_type"), header={"alg": "HS256", "typ": "JWT"}, typ="at+jwt")
    v("typ missing, typ configured", BASIC, err("invalid_type"), header={"alg": "HS256"}, typ="JWT")
    v("typ missing, not configured", BASIC, ok(BASIC), header={"alg": "HS256"})
    c.group("everything at once")
    v("the ANCHORS claims with every check", CLAIMS, ok(CLAIMS), audience="api", issuer="https://issuer.example", subject="1234567890", max_age=3600, required=["name", "roles"], typ="JWT")
    v("complete returns the header too", BASIC, ok(BASIC, {"alg": "HS256", "typ": "JWT", "kid": "k1"}), header={"alg": "HS256", "typ": "JWT", "kid": "k1"}, complete=True)
    v("checks run after the signature: bad type but valid signature", {"exp": "never"}, err("invalid_claim"))
    c.verify("bad signature wins over expired claims", hs({"exp": NOW - 10})[:-2] + "AA", "hs256", only("HS256"), err("invalid_signature"))
    return c


def keyset_cases() -> Cases:
    c = Cases("Key sets: selection by kid, algorithm, use; tokens without kid.")
    c.group("selection")
    j = lambda comment, alg, header, expect, opts=None: c.verify(comment, token(alg, BASIC, header), "jwks", opts or only(alg), expect)  # noqa: E731
    j("kid ec-1 selects the EC key", "ES256", {"alg": "ES256", "kid": "ec-1"}, ok(BASIC))
    j("kid rsa-1 selects the RS256-bound key", "RS256", {"alg": "RS256", "kid": "rsa-1"}, ok(BASIC))
    j("kid rsa-1 is bound to RS256, token is PS256", "PS256", {"alg": "PS256", "kid": "rsa-1"}, err("key_not_found"))
    j("kid hmac-1 selects the secret", "HS256", {"alg": "HS256", "kid": "hmac-1"}, ok(BASIC))
    j("unknown kid", "ES256", {"alg": "ES256", "kid": "nope"}, err("key_not_found"))
    j("kid of a key of another family", "ES256", {"alg": "ES256", "kid": "rsa-1"}, err("key_not_found"))
    j("kid of an encryption-only key", "EdDSA", {"alg": "EdDSA", "kid": "ed-enc"}, err("key_not_found"))
    j("kid of a skipped (malformed) member", "ES256", {"alg": "ES256", "kid": "skipped"}, err("key_not_found"))
    j("no kid, one usable EC key", "ES256", {"alg": "ES256"}, ok(BASIC))
    j("no kid, one usable key for PS256 (rsa-1 is bound to RS256)", "PS256", {"alg": "PS256"}, err("invalid_signature"))
    j("no kid, two usable RSA keys for RS256", "RS256", {"alg": "RS256"}, err("key_not_found"))
    j("no kid, EdDSA key is encryption-only", "EdDSA", {"alg": "EdDSA"}, err("key_not_found"))
    j("kid right but signature from another key", "ES256", {"alg": "ES256", "kid": "ec-1"}, err("invalid_signature"), None)
    # Replace the last case's token with one signed by a different P-256 key.
    other = OTHER_PRIVATE["ec-p256-other"]
    c.groups[-1]["cases"][-1]["token"] = token("ES256", BASIC, {"alg": "ES256", "kid": "ec-1"}, key_override=other)
    j("allow-list still applies with a key set", "ES256", {"alg": "ES256", "kid": "ec-1"}, err("invalid_algorithm"), only("RS256"))
    return c


def ed25519_refused_points() -> list[tuple[str, bytes]]:
    """Ed25519 public keys no private key has: points of small order, encodings RFC 8032 §5.1.3 says do not
    decode (y >= p), and a y with no point."""
    p = 2**255 - 19
    d = -121665 * pow(121666, -1, p) % p

    def x_squared(y: int) -> int:
        return (y * y - 1) * pow(d * y * y + 1, -1, p) % p

    def on_curve(y: int) -> bool:
        return pow(x_squared(y), (p - 1) // 2, p) in (0, 1)

    def enc(y: int, sign: int = 0) -> bytes:
        return (y | sign << 255).to_bytes(32, "little")

    # Non-canonical: y + p encodes a point whose canonical y is small; the first such y of a point of large order.
    large = next(y for y in range(2, 19) if on_curve(y))
    off = next(y for y in range(2, 19) if not on_curve(y))
    return [
        ("the identity (small order)", enc(1)),
        ("the point of order 2", enc(p - 1)),
        ("a point of order 4", enc(0)),
        (f"y = p + {large} (not canonical)", enc(p + large)),
        ("the identity with its sign bit set (not canonical)", enc(1, 1)),
        (f"y = {off}, not on the curve", enc(off)),
    ]


def key_loading_cases() -> Cases:
    c = Cases("Loading keys: formats, families, and what is refused.")
    k = lambda comment, spec, expect: c.add(comment, expect, op="key", key_spec=spec)  # noqa: E731
    c.group("accepted")
    for name, family in [("rsa2048", "rsa"), ("rsa3072", "rsa"), ("ec_p256", "ec"), ("ec_p384", "ec"), ("ec_p521", "ec"), ("ec_secp256k1", "ec"), ("ed25519", "ed25519")]:
        k(f"{name} PKCS#8 private", {"kind": "pem", "value": pem_text(f"{name}.pem")}, {"ok": True, "family": family, "is_private": True})
        k(f"{name} SPKI public", {"kind": "pem", "value": pem_text(f"{name}.pub.pem")}, {"ok": True, "family": family, "is_private": False})
    for path, private in [("rsa2048.pkcs1.pem", True), ("rsa2048.pkcs1.pub.pem", False), ("ec_p256.sec1.pem", True), ("rsa2048.cert.pem", False), ("ec_p256.cert.pem", False)]:
        family = "rsa" if path.startswith("rsa") else "ec"
        k(f"{path}", {"kind": "pem", "value": pem_text(path)}, {"ok": True, "family": family, "is_private": private})
    k("DER SPKI", {"kind": "der_b64", "value": b64u((KEYS_DIR / "ec_p256.pub.der").read_bytes())}, {"ok": True, "family": "ec", "is_private": False})
    k("DER PKCS#8", {"kind": "der_b64", "value": b64u((KEYS_DIR / "ec_p256.der").read_bytes())}, {"ok": True, "family": "ec", "is_private": True})
    k("oct JWK", {"kind": "jwk", "value": {"kty": "oct", "k": b64u(b"k" * 32)}}, {"ok": True, "family": "hmac", "is_private": True})
    k("secret text", {"kind": "secret", "value": "correct horse battery staple"}, {"ok": True, "family": "hmac", "is_private": True})
    c.group("refused")
    k("RSA 1024 private", {"kind": "pem", "value": pem_text("rsa1024.pem")}, err("invalid_key"))
    k("RSA 1024 public", {"kind": "pem", "value": pem_text("rsa1024.pub.pem")}, err("invalid_key"))
    k("Ed448 (unsupported)", {"kind": "pem", "value": pem_text("ed448.pem")}, err("invalid_key"))
    k("encrypted PKCS#8", {"kind": "pem", "value": pem_text("rsa2048.encrypted.pem")}, err("invalid_key"))
    k("PEM with a broken body", {"kind": "pem", "value": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"}, err("invalid_key"))
    k("PEM without an END line", {"kind": "pem", "value": "-----BEGIN PUBLIC KEY-----\nAAAA\n"}, err("invalid_key"))
    k("DER garbage", {"kind": "der_b64", "value": b64u(b"\x30\x03\x02\x01\x00")}, err("invalid_key"))
    k("empty secret", {"kind": "secret", "value": ""}, err("invalid_key"))
    k("public key PEM as a secret", {"kind": "secret", "value": pem_text("rsa2048.pub.pem")}, err("invalid_key"))
    k("certificate as a secret", {"kind": "secret", "value": pem_text("ec_p256.cert.pem")}, err("invalid_key"))
    k("SSH public key as a secret", {"kind": "secret", "value": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH4 user@host"}, err("invalid_key"))
    k("JWK text as a secret", {"kind": "secret", "value": json.dumps(public_jwk("ec_p256"))}, err("invalid_key"))
    k("DER as a secret", {"kind": "secret_b64", "value": b64u((KEYS_DIR / "ec_p256.pub.der").read_bytes())}, err("invalid_key"))
    bagged = "Bag Attributes\n    localKeyID: 01 02 03\nsubject=/CN=jetwt-test\n" + pem_text("rsa2048.cert.pem")
    k("certificate after OpenSSL bag attributes as a secret", {"kind": "secret", "value": bagged}, err("invalid_key"))
    k("certificate after OpenSSL bag attributes as a PEM", {"kind": "pem", "value": bagged}, {"ok": True, "family": "rsa", "is_private": False})
    k("authorized_keys line with options as a secret", {"kind": "secret", "value": 'no-pty,command="x" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH4 me'}, err("invalid_key"))
    k("JWK set text as a secret", {"kind": "secret", "value": json.dumps({"keys": [public_jwk("ec_p256")]})}, err("invalid_key"))
    k("JWK without kty", {"kind": "jwk", "value": {"k": "AQAB"}}, err("invalid_key"))
    k("JWK with unknown kty", {"kind": "jwk", "value": {"kty": "XYZ"}}, err("invalid_key"))
    k("oct JWK with padded k", {"kind": "jwk", "value": {"kty": "oct", "k": "AQAB="}}, err("invalid_key"))
    k("oct JWK with empty k", {"kind": "jwk", "value": {"kty": "oct", "k": ""}}, err("invalid_key"))
    k("EC JWK with an off-curve point", {"kind": "jwk", "value": {"kty": "EC", "crv": "P-256", "x": b64u(b"\x01" * 32), "y": b64u(b"\x02" * 32)}}, err("invalid_key"))
    k("EC JWK with an unknown curve", {"kind": "jwk", "value": {"kty": "EC", "crv": "P-192", "x": "AA", "y": "AA"}}, err("invalid_key"))
    for comment, x in ed25519_refused_points():
        k(f"OKP JWK Ed25519 whose x is {comment}", {"kind": "jwk", "value": {"kty": "OKP", "crv": "Ed25519", "x": b64u(x)}}, err("invalid_key"))
    k("OKP JWK Ed448", {"kind": "jwk", "value": {"kty": "OKP", "crv": "Ed448", "x": b64u(b"\x00" * 57)}}, err("invalid_key"))
    k("OKP JWK X25519", {"kind": "jwk", "value": {"kty": "OKP", "crv": "X25519", "x": b64u(b"\x09" * 32)}}, err("invalid_key"))
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key().public_numbers()
    k("RSA JWK of 1024 bits", {"kind": "jwk", "value": {"kty": "RSA", "n": b64u(small.n.to_bytes(128, "big")), "e": "AQAB"}}, err("invalid_key"))
    k("JWK whose alg contradicts its type", {"kind": "jwk", "value": {**public_jwk("ec_p256"), "alg": "RS256"}}, err("invalid_key"))
    k("JWK alg none", {"kind": "jwk", "value": {"kty": "oct", "k": "AQAB", "alg": "none"}}, err("invalid_key"))
    k("JWK set with no usable key", {"kind": "jwks", "value": {"keys": [{"kty": "EC"}, {"kty": "nope"}]}}, err("invalid_key"))
    k("JWK set without keys", {"kind": "jwks", "value": {"other": []}}, err("invalid_key"))
    return c


def encode_cases() -> Cases:
    c = Cases("Encoding: the header and claims jetwt writes, and what it refuses to sign.")
    e = lambda comment, alg, key, expect, claims=BASIC, headers=None, verify_key=None, options=None: c.add(  # noqa: E731
        comment, expect, op="encode", claims=claims, key=key, algorithm=alg, headers=headers,
        verify_key=verify_key or key, options=options or only(alg), now=NOW)
    c.group("round trips")
    for alg in ALGS:
        private = {"hs256": "hs256", "hs384": "hs384", "hs512": "hs512"}.get(ALGS[alg][2], ALGS[alg][2].replace("_", "-") + "-private")
        e(f"{alg} encodes and verifies", alg, private, {"claims": BASIC, "header": {"alg": alg, "typ": "JWT"}}, verify_key=PUBLIC_KEY[alg])
    e("extra header members and kid", "HS256", "hs256", {"claims": BASIC, "header": {"alg": "HS256", "typ": "JWT", "kid": "k-7", "x5t": "abc"}}, headers={"kid": "k-7", "x5t": "abc"})
    e("typ overridden", "HS256", "hs256", {"claims": BASIC, "header": {"alg": "HS256", "typ": "at+jwt"}}, headers={"typ": "at+jwt"})
    e("typ removed with null", "HS256", "hs256", {"claims": BASIC, "header": {"alg": "HS256"}}, headers={"typ": None})
    e("alg repeated in headers with the same value", "ES256", "ec-p256-private", {"claims": BASIC, "header": {"alg": "ES256", "typ": "JWT"}}, headers={"alg": "ES256"}, verify_key="ec-p256-public")
    e("unicode and big numbers survive", "HS256", "hs256", {"claims": {"n": 12345678901234567890, "s": "😀", "f": 1.5}, "header": {"alg": "HS256", "typ": "JWT"}}, claims={"n": 12345678901234567890, "s": "😀", "f": 1.5})
    c.group("refused")
    e("HS256 with a 5-byte secret", "HS256", "short", err("invalid_key"))
    e("HS512 with a 32-byte secret", "HS512", "hs256", err("invalid_key"))
    e("RS256 with a public key", "RS256", "rsa2048-public", err("invalid_key"))
    e("ES256 with a P-384 key", "ES256", "ec-p384-private", err("invalid_algorithm"))
    e("RS256 with an EC key", "RS256", "ec-p256-private", err("invalid_algorithm"))
    e("HS256 with an RSA private key", "HS256", "rsa2048-private", err("invalid_algorithm"))
    e("algorithm none", "none", "hs256", err("invalid_algorithm"))
    e("unknown algorithm", "HS1", "hs256", err("invalid_algorithm"))
    e("headers alg contradicts the algorithm", "HS256", "hs256", err("invalid_algorithm"), headers={"alg": "none"})
    e("headers kid is a number", "HS256", "hs256", err("malformed"), headers={"kid": 5})
    return c


def decode_cases() -> Cases:
    c = Cases("Inspection without verification: decode shows header, claims and signature; malformed input is refused.")
    d = lambda comment, tok, expect: c.add(comment, expect, op="decode", token=tok)  # noqa: E731
    c.group("decode")
    good = token("ES256", CLAIMS, {"alg": "ES256", "typ": "JWT", "kid": "k1"})
    d("ES256 token", good, {"header": {"alg": "ES256", "typ": "JWT", "kid": "k1"}, "claims": CLAIMS, "signature_len": 64})
    d("expired token still decodes", hs({"exp": 1}), {"header": {"alg": "HS256", "typ": "JWT"}, "claims": {"exp": 1}, "signature_len": 32})
    d("wrongly signed token still decodes", hs(BASIC)[:-4] + "AAAA", {"header": {"alg": "HS256", "typ": "JWT"}, "claims": BASIC, "signature_len": 32})
    d("unknown alg decodes", token("HS256", BASIC, {"alg": "XS999"}), {"header": {"alg": "XS999"}, "claims": BASIC, "signature_len": 32})
    d("two segments", ".".join(good.split(".")[:2]), err("malformed"))
    d("padded", good + "=", err("malformed"))
    d("claims not an object", f"{seg({'alg': 'HS256'})}.{seg([1])}.", err("malformed"))
    d("header not JSON", f"{seg(b'nope')}.{seg(BASIC)}.", err("malformed"))
    duplicate = seg(b'{"a":1,"a":2}')
    d("duplicate claims", f"{seg({'alg': 'HS256'})}.{duplicate}.", err("malformed"))
    d("garbage", "hello world", err("malformed"))
    return c


def main() -> None:
    suites = {
        "rfc.json": rfc_cases(),
        "algorithms.json": algorithm_cases(),
        "parsing.json": parsing_cases(),
        "claims.json": claims_cases(),
        "keysets.json": keyset_cases(),
        "key_loading.json": key_loading_cases(),
        "encode.json": encode_cases(),
        "decode.json": decode_cases(),
    }
    (HERE / "keys.json").write_text(json.dumps({"keys": build_keys()}, indent=1, ensure_ascii=False) + "\n")
    for name, cases in suites.items():
        (HERE / name).write_text(json.dumps(cases.dump(), indent=1, ensure_ascii=False) + "\n")
    total = sum(cases.count() for cases in suites.values())
    manifest = {"files": list(suites), "total": total, "counts": {name: cases.count() for name, cases in suites.items()}}
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"wrote {total} cases in {len(suites)} files")


if __name__ == "__main__":
    main()
