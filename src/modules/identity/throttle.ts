import { t } from '../../lib/i18n/index.js'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { MINUTE, HOUR } from '../../lib/clock.js'
import { sha256Hex, type FieldCrypto } from '../../lib/crypto.js'
import { addMs, toTimestamp } from '../../db/time.js'
import { isUniqueViolation } from '../../db/helpers.js'
import { AppError } from '../../lib/errors.js'
import type { RateLimiter } from '../ratelimit/service.js'
import * as repo from './repository.js'

const LOCK_MS = 15 * MINUTE
/** Failed sign-ins from one address in 15 minutes (password spraying across many accounts). */
const LOGIN_FAILURES_PER_IP = 30
/** Failed sign-ins for one identifier in an hour, from anywhere (slow guessing across lockouts). */
const LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR = 10

/**
 * Sign-in limits, keyed by the identifier AS TYPED (a phone or a username), never by whether an
 * account exists: an unknown phone is locked after the same failures, for the same time, with the
 * same 423 as a registered one, so neither the lock nor its message tells which numbers are
 * registered (decision 0153). Besides the lock: failures per identifier per hour and per client
 * address per 15 minutes (429).
 */
export function createLoginThrottle(deps: { db: Kysely<Database>; clock: Clock; crypto: FieldCrypto; rateLimiter: RateLimiter }) {
  const { db, clock, crypto, rateLimiter } = deps
  const now = () => toTimestamp(clock.now())
  const keyOf = (kind: 'citizen' | 'staff', identifier: string) =>
    sha256Hex(crypto.hmac('login-throttle', `${kind}:${identifier.trim().toLowerCase()}`))

  return {
    keyOf,
    /** Before checking credentials: 429 when an address or identifier has failed too often, 423 while locked. */
    async check(key: string, ip: string | null): Promise<{ lockedUntil: string | null }> {
      if (ip) {
        const r = await rateLimiter.peek(`login-ip:${ip}`, 15 * MINUTE)
        if (r.hits >= LOGIN_FAILURES_PER_IP)
          throw new AppError('rate_limited', t('登录失败次数过多，请{n}分钟后再试', { n: Math.ceil(r.retryAfterSeconds / 60) }))
      }
      const a = await rateLimiter.peek(`login-id:${key}`, HOUR)
      if (a.hits >= LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR)
        throw new AppError(
          'rate_limited',
          t('该账号登录失败次数过多，请{n}分钟后再试，或使用短信验证码登录', { n: Math.ceil(a.retryAfterSeconds / 60) }),
        )
      const row = await repo.throttleLockedUntil(db, key)
      const lockedUntil = row?.lockedUntil && row.lockedUntil > now() ? row.lockedUntil : null
      // a try on a locked identifier is a failed try from that address all the same
      if (lockedUntil && ip) await rateLimiter.hit(`login-ip:${ip}`, 15 * MINUTE, LOGIN_FAILURES_PER_IP)
      return { lockedUntil }
    },

    /** One more failure: counted atomically; at `threshold` the identifier is locked for 15 minutes. */
    async fail(key: string, ip: string | null, threshold: number): Promise<{ lockedUntil: string | null }> {
      if (ip) await rateLimiter.hit(`login-ip:${ip}`, 15 * MINUTE, LOGIN_FAILURES_PER_IP)
      await rateLimiter.hit(`login-id:${key}`, HOUR, LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR)
      const at = now()
      const [u] = await repo.bumpThrottle(db, key, at)
      if (Number(u.numUpdatedRows) === 0) {
        try {
          await repo.insertThrottle(db, key, at)
        } catch (e) {
          if (!isUniqueViolation(e)) throw e
          await repo.bumpThrottle(db, key, at)
        }
      }
      const until = addMs(at, LOCK_MS)
      const [locked] = await repo.lockThrottleAt(db, key, threshold, until)
      return { lockedUntil: Number(locked.numUpdatedRows) > 0 ? until : null }
    },

    /** A successful sign-in resets the consecutive-failure count. */
    async succeed(key: string) {
      await repo.clearThrottle(db, key)
    },
  }
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>
