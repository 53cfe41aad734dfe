import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import { retryConflicts } from '../../db/transaction.js'
import * as repo from './repository.js'

/**
 * Fixed-window counters in the database, so limits hold across every node.
 * `hit` counts one attempt and says whether it is allowed.
 */
export function createRateLimiter(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps
  return {
    async hit(bucket: string, windowMs: number, max: number): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
      const nowMs = clock.now().getTime()
      const startMs = Math.floor(nowMs / windowMs) * windowMs
      const windowStart = toTimestamp(new Date(startMs))
      const key = bucket.slice(0, 160)
      // A hot row: the same bucket counted on several nodes at once. On Galera the loser of a
      // certification conflict gets 1213; the count did not happen, so count again (decision 0130).
      const hits = await retryConflicts(db, () => repo.countHit(db, key, windowStart))
      const allowed = hits <= max
      return { allowed, retryAfterSeconds: allowed ? 0 : Math.ceil((startMs + windowMs - nowMs) / 1000) }
    },
    /** The hits so far in the current window, without counting one (limits that count failures only). */
    async peek(bucket: string, windowMs: number): Promise<{ hits: number; retryAfterSeconds: number }> {
      const nowMs = clock.now().getTime()
      const startMs = Math.floor(nowMs / windowMs) * windowMs
      const hits = await repo.hitsIn(db, bucket.slice(0, 160), toTimestamp(new Date(startMs)))
      return { hits, retryAfterSeconds: Math.ceil((startMs + windowMs - nowMs) / 1000) }
    },
    async purgeBefore(t: Date) {
      await repo.purgeBefore(db, toTimestamp(t))
    },
  }
}
export type RateLimiter = ReturnType<typeof createRateLimiter>
