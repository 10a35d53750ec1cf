'use strict'
// Interoperability with the libraries Node users have: tokens jetwt signs verify with jsonwebtoken 9 and
// jose 6, and theirs verify with jetwt, for every algorithm each of them implements.

const test = require('node:test')
const assert = require('node:assert/strict')
const jsonwebtoken = require('jsonwebtoken')

const jetwt = require('..')
const { CLAIMS, pair } = require('./support.js')

const JSONWEBTOKEN_ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512']
const JOSE_ALGS = [...JSONWEBTOKEN_ALGS, 'EdDSA']
const NOW = Math.floor(Date.now() / 1000)
const claims = { ...CLAIMS, iat: NOW, exp: NOW + 600 }
const verifyOptions = (alg) => ({ algorithms: [alg], audience: 'api', issuer: CLAIMS.iss })

test('jetwt tokens verify with jsonwebtoken 9, and its tokens with jetwt', () => {
  for (const alg of JSONWEBTOKEN_ALGS) {
    const { sign, verify } = pair(alg)
    const ours = jetwt.encode(claims, sign, { algorithm: alg })
    assert.deepEqual(jsonwebtoken.verify(ours, verify, { algorithms: [alg], audience: 'api', issuer: CLAIMS.iss }), claims, alg)
    const theirs = jsonwebtoken.sign(claims, sign, { algorithm: alg })
    assert.deepEqual(jetwt.verify(theirs, verify, verifyOptions(alg)), claims, alg)
    // A token of theirs with its payload swapped is refused.
    const [header, , signature] = theirs.split('.')
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'eve' })).toString('base64url')}.${signature}`
    assert.throws(() => jetwt.verify(forged, verify, verifyOptions(alg)), jetwt.InvalidSignatureError, alg)
  }
})

test('jetwt tokens verify with jose 6, and its tokens with jetwt', async () => {
  const jose = await import('jose')
  for (const alg of JOSE_ALGS) {
    const { sign, verify } = pair(alg)
    const secret = alg.startsWith('HS')
    const signingKey = secret ? new TextEncoder().encode(sign) : await jose.importPKCS8(sign, alg)
    const verifyingKey = secret ? new TextEncoder().encode(verify) : await jose.importSPKI(verify, alg)

    const ours = jetwt.encode(claims, sign, { algorithm: alg })
    const { payload, protectedHeader } = await jose.jwtVerify(ours, verifyingKey, { algorithms: [alg], audience: 'api', issuer: CLAIMS.iss })
    assert.deepEqual(payload, claims, alg)
    assert.equal(protectedHeader.alg, alg)

    const theirs = await new jose.SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(signingKey)
    assert.deepEqual(jetwt.verify(theirs, verify, verifyOptions(alg)), claims, alg)
    assert.deepEqual(await jetwt.verifyAsync(theirs, verify, verifyOptions(alg)), claims, alg)

    if (!secret) {
      // Keys cross too: jose's JWK export loads in jetwt, and jetwt's JWK export in jose.
      const jwk = await jose.exportJWK(verifyingKey)
      assert.deepEqual(jetwt.verify(theirs, jetwt.Key.fromJwk(jwk), verifyOptions(alg)), claims, alg)
      const ourJwk = jetwt.Key.fromPem(verify).toJwk()
      assert.equal(await jose.calculateJwkThumbprint(ourJwk), jetwt.Key.fromPem(verify).thumbprint(), alg)
      const imported = await jose.importJWK(ourJwk, alg)
      assert.deepEqual((await jose.jwtVerify(ours, imported, { algorithms: [alg] })).payload, claims, alg)
    }
  }
})
