// Type declarations of `jetwt/jsonwebtoken`: jsonwebtoken 9's API (sign, verify, decode, their callback forms
// and error classes) on jetwt. Shaped so that code typed against jsonwebtoken compiles unchanged; where jetwt is
// stricter the types say so (a verified or decoded payload is always a JSON object, never a string).

/// <reference types="node" />
import type { KeyObject } from 'node:crypto'

/** The algorithms jsonwebtoken 9 names. `none` is accepted as a value but jetwt never signs or accepts it. */
export type Algorithm =
  | 'HS256'
  | 'HS384'
  | 'HS512'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'none'

export interface JwtHeader {
  alg: string | Algorithm
  typ?: string | undefined
  cty?: string | undefined
  crit?: Array<string> | undefined
  kid?: string | undefined
  jku?: string | undefined
  x5u?: string | string[] | undefined
  'x5t#S256'?: string | undefined
  x5t?: string | undefined
  x5c?: string | string[] | undefined
  [member: string]: unknown
}

/** The claims of a token. `exp`, `nbf` and `iat` are NumericDate seconds. */
export interface JwtPayload {
  [claim: string]: any
  iss?: string | undefined
  sub?: string | undefined
  aud?: string | string[] | undefined
  exp?: number | undefined
  nbf?: number | undefined
  iat?: number | undefined
  jti?: string | undefined
}

/** What `verify` and `decode` return with `complete: true`; `signature` is the third segment, base64url. */
export interface Jwt {
  header: JwtHeader
  payload: JwtPayload
  signature: string
}

/** A time span: seconds, or a string in the `ms` format ("2 days", "10h", "7d"; "120" is 120 milliseconds). */
export type TimeSpan = number | string

/** An HMAC secret (string or bytes), a PEM key, a `KeyObject`, or an input `crypto.createPrivateKey` takes. */
export type Secret =
  | string
  | Buffer
  | Uint8Array
  | KeyObject
  | { key: string | Buffer; passphrase: string }
  | { key: object | string | Buffer; format?: 'pem' | 'der' | 'jwk'; type?: 'pkcs1' | 'pkcs8' | 'sec1' | 'spki'; passphrase?: string }
export type PrivateKey = Secret
export type PublicKey = string | Buffer | Uint8Array | KeyObject | { key: object | string | Buffer; format?: 'pem' | 'der' | 'jwk'; type?: 'pkcs1' | 'spki' }

export interface SignOptions {
  /** Default `"HS256"`. */
  algorithm?: Algorithm | undefined
  /** The header's `kid`. */
  keyid?: string | undefined
  /** `exp` = `iat` (the payload's, else now) + this span. */
  expiresIn?: TimeSpan | undefined
  /** `nbf` = `iat` (the payload's, else now) + this span. */
  notBefore?: TimeSpan | undefined
  audience?: string | string[] | undefined
  subject?: string | undefined
  issuer?: string | undefined
  jwtid?: string | undefined
  /** Write the claims added by these options onto the caller's payload object. */
  mutatePayload?: boolean | undefined
  /** Do not add `iat`. */
  noTimestamp?: boolean | undefined
  /** Header members, merged after `alg`, `typ` and `kid`. */
  header?: Partial<JwtHeader> | undefined
  /** Only UTF-8 (and ASCII-compatible names for ASCII payloads) is supported. */
  encoding?: string | undefined
  /** Accepted for compatibility; jetwt still refuses RSA keys under 2048 bits. */
  allowInsecureKeySizes?: boolean | undefined
  /** Accepted for compatibility; jetwt still binds the key type (and curve) to the algorithm. */
  allowInvalidAsymmetricKeyTypes?: boolean | undefined
}

export interface VerifyOptions {
  /** The accepted algorithms; by default those of the key's type. */
  algorithms?: Algorithm[] | undefined
  /** `aud` must contain one of these (strings compared exactly, RegExps tested on `aud` strings). */
  audience?: string | RegExp | Array<string | RegExp> | undefined
  /** The time to verify at, in seconds since the epoch (default: now). */
  clockTimestamp?: number | undefined
  /** Seconds of clock skew tolerated on `nbf`, `iat`, `exp` and `maxAge`. */
  clockTolerance?: number | undefined
  /** Return `{ header, payload, signature }`. */
  complete?: boolean | undefined
  issuer?: string | string[] | undefined
  ignoreExpiration?: boolean | undefined
  ignoreNotBefore?: boolean | undefined
  jwtid?: string | undefined
  /** The OpenID Connect `nonce` claim must equal this. */
  nonce?: string | undefined
  subject?: string | undefined
  /** The longest time since `iat` accepted. */
  maxAge?: TimeSpan | undefined
  /** Accepted for compatibility; jetwt still binds the key type (and curve) to the algorithm. */
  allowInvalidAsymmetricKeyTypes?: boolean | undefined
}

export interface DecodeOptions {
  complete?: boolean | undefined
  /** Accepted for compatibility: a payload is always parsed as JSON. */
  json?: boolean | undefined
}

export declare class JsonWebTokenError extends Error {
  constructor(message: string, error?: unknown)
  name: string
  /** The underlying error, when there is one (for jetwt's own refusals: the jetwt error). */
  inner?: unknown
}

export declare class TokenExpiredError extends JsonWebTokenError {
  constructor(message: string, expiredAt: Date)
  /** When the token expired (`exp`), or when it exceeded `maxAge`. */
  expiredAt: Date
}

export declare class NotBeforeError extends JsonWebTokenError {
  constructor(message: string, date: Date)
  /** When the token becomes valid (`nbf`), or when it was issued (`iat`, when that is in the future). */
  date: Date
}

export type VerifyErrors = JsonWebTokenError | NotBeforeError | TokenExpiredError | Error
export type SignCallback = (error: Error | null, encoded?: string | undefined) => void
export type VerifyCallback<T = JwtPayload> = (error: VerifyErrors | null, decoded?: T | undefined) => void
export type SigningKeyCallback = (error: Error | null | undefined, signingKey?: Secret | PublicKey | undefined) => void
export type GetPublicKeyOrSecret = (header: JwtHeader, callback: SigningKeyCallback) => void

/** Signs the payload and calls back with the token (on a later tick) or an error. */
export declare function sign(payload: string | Buffer | object, secretOrPrivateKey: Secret | null, callback: SignCallback): void
export declare function sign(
  payload: string | Buffer | object,
  secretOrPrivateKey: Secret | null,
  options: SignOptions,
  callback: SignCallback,
): void
/** Signs the payload and returns the token; throws on error. */
export declare function sign(payload: string | Buffer | object, secretOrPrivateKey: Secret | null, options?: SignOptions): string

/** Verifies the token and returns its payload (or `{ header, payload, signature }`); throws on error. */
export declare function verify(token: string, secretOrPublicKey: Secret | PublicKey, options: VerifyOptions & { complete: true }): Jwt
export declare function verify(token: string, secretOrPublicKey: Secret | PublicKey, options?: VerifyOptions & { complete?: false }): JwtPayload
export declare function verify(token: string, secretOrPublicKey: Secret | PublicKey, options?: VerifyOptions): JwtPayload | Jwt
/** Verifies the token and calls back (synchronously, or when a key function answers). */
export declare function verify(token: string, secretOrPublicKey: Secret | PublicKey | GetPublicKeyOrSecret, callback?: VerifyCallback<JwtPayload>): void
export declare function verify(
  token: string,
  secretOrPublicKey: Secret | PublicKey | GetPublicKeyOrSecret,
  options: VerifyOptions & { complete: true },
  callback?: VerifyCallback<Jwt>,
): void
export declare function verify(
  token: string,
  secretOrPublicKey: Secret | PublicKey | GetPublicKeyOrSecret,
  options?: VerifyOptions & { complete?: false },
  callback?: VerifyCallback<JwtPayload>,
): void
export declare function verify(
  token: string,
  secretOrPublicKey: Secret | PublicKey | GetPublicKeyOrSecret,
  options?: VerifyOptions,
  callback?: VerifyCallback<JwtPayload | Jwt>,
): void

/** Reads a token without verifying anything; `null` when it cannot be read. */
export declare function decode(token: string | Buffer, options: DecodeOptions & { complete: true }): null | Jwt
export declare function decode(token: string | Buffer, options?: DecodeOptions): null | JwtPayload
