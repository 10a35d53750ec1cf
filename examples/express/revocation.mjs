// The deny-list of refresh tokens: a `jti` stays denied until the token's own `exp`, then it is forgotten.
//
// `RevocationStore` is the whole interface the service needs (the same as the FastAPI example's). A Redis
// store implements it in two commands:
//
//   revoke(jti, until)  ->  SET denied:{jti} 1 EXAT {until} NX   (true when Redis answers OK)
//   isRevoked(jti)      ->  EXISTS denied:{jti}
//
// `revoke` must be atomic ("deny it unless it already was"): refresh rotation relies on exactly one of two
// concurrent requests with the same refresh token winning. Both methods may return promises.

/**
 * @typedef {object} RevocationStore
 * @property {(jti: string, until: number) => boolean | Promise<boolean>} revoke
 *   Denies `jti` until `until` (seconds since the epoch); false when it was already denied.
 * @property {(jti: string) => boolean | Promise<boolean>} isRevoked
 */

/** A process's own deny-list: right for one process; several processes or services need a shared store. */
export class MemoryRevocationStore {
  #now
  #until = new Map()

  /** @param {() => number} now seconds since the epoch */
  constructor(now) {
    this.#now = now
  }

  revoke(jti, until) {
    this.#purge()
    if (this.#until.has(jti)) return false
    this.#until.set(jti, until)
    return true
  }

  isRevoked(jti) {
    this.#purge()
    return this.#until.has(jti)
  }

  get size() {
    this.#purge()
    return this.#until.size
  }

  // Once its token has expired, a jti needs no entry: verification refuses the token anyway.
  #purge() {
    const now = this.#now()
    for (const [jti, until] of this.#until) if (until <= now) this.#until.delete(jti)
  }
}
