'use strict'
// Shared fixtures for the node:test suites: the repository's test keys (tests/keys/) by algorithm.

const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.join(__dirname, '..', '..')
const KEYS = path.join(ROOT, 'tests', 'keys')

/** A test key file's text. */
function keyText(name) {
  return fs.readFileSync(path.join(KEYS, name), 'utf8')
}

/** A test key file's bytes. */
function keyBytes(name) {
  return fs.readFileSync(path.join(KEYS, name))
}

const SECRET = 'a secret of at least sixty-four bytes, for HS512 as well as HS256!'

/** Private and public PEM file names for every asymmetric algorithm jetwt implements. */
const PEMS = {
  RS256: ['rsa2048.pem', 'rsa2048.pub.pem'],
  RS384: ['rsa2048.pem', 'rsa2048.pub.pem'],
  RS512: ['rsa3072.pem', 'rsa3072.pub.pem'],
  PS256: ['rsa2048.pem', 'rsa2048.pub.pem'],
  PS384: ['rsa2048.pem', 'rsa2048.pub.pem'],
  PS512: ['rsa3072.pem', 'rsa3072.pub.pem'],
  ES256: ['ec_p256.pem', 'ec_p256.pub.pem'],
  ES384: ['ec_p384.pem', 'ec_p384.pub.pem'],
  ES512: ['ec_p521.pem', 'ec_p521.pub.pem'],
  ES256K: ['ec_secp256k1.pem', 'ec_secp256k1.pub.pem'],
  EdDSA: ['ed25519.pem', 'ed25519.pub.pem'],
}

const HMAC = ['HS256', 'HS384', 'HS512']
const ALGORITHMS = [...HMAC, ...Object.keys(PEMS)]

/** The signing and verifying key material (strings) for `alg`. */
function pair(alg) {
  if (HMAC.includes(alg)) return { sign: SECRET, verify: SECRET }
  const [priv, pub] = PEMS[alg]
  return { sign: keyText(priv), verify: keyText(pub) }
}

/** The claims of ANCHORS.md. */
const CLAIMS = {
  sub: '1234567890',
  name: 'John Doe',
  iat: 1516239022,
  exp: 4102444800,
  aud: 'api',
  iss: 'https://issuer.example',
  roles: ['admin', 'user'],
}

/** The JSON text of a token's payload segment, exactly as signed. */
function payloadText(token) {
  return Buffer.from(token.split('.')[1], 'base64url').toString('utf8')
}

/** The JSON text of a token's header segment. */
function headerText(token) {
  return Buffer.from(token.split('.')[0], 'base64url').toString('utf8')
}

module.exports = { ROOT, KEYS, keyText, keyBytes, SECRET, PEMS, HMAC, ALGORITHMS, pair, CLAIMS, payloadText, headerText }
