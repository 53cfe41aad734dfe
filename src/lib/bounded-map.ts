/**
 * A map that holds at most `max` entries: adding a new key when it is full drops the oldest one (the first
 * inserted). For the per-node memos of results that never change for a key (a verified session token, a CSRF
 * token's HMAC, a parsed time, a prepared statement; issue 21): bounded so that a stream of distinct keys cannot
 * grow memory, without the bookkeeping of a least-recently-used order.
 */
export class BoundedMap<K, V> {
  readonly #map = new Map<K, V>()

  constructor(readonly max: number) {
    if (!(max >= 1)) throw new RangeError('BoundedMap: max must be at least 1')
  }

  get size(): number {
    return this.#map.size
  }

  get(key: K): V | undefined {
    return this.#map.get(key)
  }

  has(key: K): boolean {
    return this.#map.has(key)
  }

  set(key: K, value: V): this {
    if (this.#map.size >= this.max && !this.#map.has(key)) this.#map.delete(this.#map.keys().next().value as K)
    this.#map.set(key, value)
    return this
  }
}
