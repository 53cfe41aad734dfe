import type { Kysely, Transaction } from 'kysely'
import { SignJWT, jwtVerify } from 'jose'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { MINUTE, HOUR } from '../../lib/clock.js'
import { randomToken } from '../../lib/crypto.js'
import { addMs, toTimestamp } from '../../db/time.js'
import * as repo from './repository.js'
import type { SessionRow, StaffRow, UserRow } from './table.js'
import { DEFAULT_POLICY, type SecurityPolicy } from '../security-settings/service.js'
import { TOTP_ROLES, type StaffRole } from './roles.js'
import { BoundedMap } from '../../lib/bounded-map.js'

/** What a staff session was signed in with; roles in TOTP_ROLES need the second. */
export type SessionFactors = 'password' | 'password+totp'
export const needsTotp = (roles: readonly string[]) => roles.some((r) => TOTP_ROLES.includes(r as StaffRole))

const IDLE_MS = { citizen: 30 * MINUTE, staff: 15 * MINUTE } as const
export const ABSOLUTE_MS = 12 * HOUR
export const STEP_UP_MS = 10 * MINUTE
/** last_seen_at is written at most this often, to keep reads cheap. */
const TOUCH_MS = MINUTE

export type SessionPrincipal =
  | {
      kind: 'citizen'
      session: SessionRow
      user: UserRow
      /** Enterprises the citizen operates (ids), read with the session. */ enterpriseIds: number[]
    }
  | { kind: 'staff'; session: SessionRow; staff: StaffRow; roles: string[] }

/**
 * Server-side sessions behind a jose-signed cookie token. The token only names the session id;
 * the row decides validity, so logout, closure and an admin revoke it at once on every node.
 */
export function createSessionService(deps: {
  db: Kysely<Database>
  clock: Clock
  tokenKey: Uint8Array
  policy?: () => Promise<SecurityPolicy>
}) {
  const { db, clock, tokenKey } = deps
  const now = () => toTimestamp(clock.now())

  /**
   * Verified token → session id. Verifying the HS256 signature (and importing the key for it) was
   * ~8% of a signed-in page's CPU; the result for a given token never changes, and validity is decided
   * by the session row on every request anyway, so a bounded per-node memo is safe (docs/quality.md).
   */
  const verified = new BoundedMap<string, string>(10_000)
  async function sessionIdOf(token: string): Promise<string | null> {
    const hit = verified.get(token)
    if (hit !== undefined) return hit
    try {
      const { payload } = await jwtVerify(token, tokenKey, { algorithms: ['HS256'] })
      const sid = typeof payload.sid === 'string' ? payload.sid : ''
      verified.set(token, sid)
      return sid
    } catch {
      return null
    }
  }

  async function sign(sid: string): Promise<string> {
    return new SignJWT({ sid })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(Math.floor(clock.now().getTime() / 1000))
      .sign(tokenKey)
  }

  return {
    async create(
      trx: Kysely<Database> | Transaction<Database>,
      subjectType: 'citizen' | 'staff',
      subjectId: number,
      meta: { ip: string | null; userAgent: string | null },
      opts: { factors?: SessionFactors } = {},
    ) {
      const id = randomToken(24)
      const t = now()
      await repo.insertSession(trx, {
        factors: opts.factors ?? null,
        id,
        subjectType,
        subjectId,
        createdAt: t,
        lastSeenAt: t,
        expiresAt: addMs(t, ABSOLUTE_MS),
        revokedAt: null,
        stepUpUntil: null,
        actingEnterpriseId: null,
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 200) ?? null,
      })
      return { id, token: await sign(id) }
    },

    /** Resolves a cookie token to a live session and its principal, or null. */
    async resolve(token: string | undefined): Promise<SessionPrincipal | null> {
      const sid = token ? await sessionIdOf(token) : null
      if (!sid) return null
      const found = await repo.sessionWithCitizen(db, sid)
      if (!found) return null
      const s = found.session
      if (s.revokedAt) return null
      const t = now()
      if (s.expiresAt <= t) return null
      const p = deps.policy ? await deps.policy() : DEFAULT_POLICY
      const idle = (s.subjectType === 'citizen' ? p.citizenIdleMinutes : p.staffIdleMinutes) * MINUTE
      if (addMs(s.lastSeenAt, Math.min(idle, IDLE_MS[s.subjectType])) <= t) return null
      if (addMs(s.lastSeenAt, TOUCH_MS) <= t) await repo.updateSession(db, s.id, { lastSeenAt: t })
      if (s.subjectType === 'citizen') {
        const user = found.user
        if (!user || user.status !== 'active') return null
        return { kind: 'citizen', session: s, user, enterpriseIds: found.enterpriseIds }
      }
      const staff = await repo.staffById(db, s.subjectId)
      if (!staff || staff.status !== 'active') return null
      const roles = await repo.rolesOf(db, staff.id)
      // Belt and braces to "a role change ends the sessions": a role needing TOTP never rides on a
      // session that was signed in without it, however the role arrived.
      if (needsTotp(roles) && s.factors !== 'password+totp') return null
      return { kind: 'staff', session: s, staff, roles }
    },

    /**
     * A new session id for the same sign-in (same subject, same absolute expiry), the old id revoked:
     * after step-up or any other privilege change within a session, so an id seen before the change
     * (fixation, a shared computer, a log) is worth nothing after it. Returns the new cookie token.
     */
    async rotate(
      trx: Kysely<Database> | Transaction<Database>,
      old: SessionRow,
      changes: { stepUpUntil?: string | null; actingEnterpriseId?: number | null; factors?: SessionFactors } = {},
    ) {
      const id = randomToken(24)
      const t = now()
      await repo.insertSession(trx, {
        id,
        subjectType: old.subjectType,
        subjectId: old.subjectId,
        createdAt: old.createdAt,
        lastSeenAt: t,
        expiresAt: old.expiresAt,
        revokedAt: null,
        stepUpUntil: changes.stepUpUntil !== undefined ? changes.stepUpUntil : old.stepUpUntil,
        actingEnterpriseId: changes.actingEnterpriseId !== undefined ? changes.actingEnterpriseId : old.actingEnterpriseId,
        ip: old.ip,
        userAgent: old.userAgent,
        factors: changes.factors ?? old.factors,
      })
      await repo.updateSession(trx, old.id, { revokedAt: t })
      return { id, token: await sign(id) }
    },
    stepUpDeadline: () => addMs(now(), STEP_UP_MS),

    revoke: (trx: Kysely<Database> | Transaction<Database>, sid: string) => repo.updateSession(trx, sid, { revokedAt: now() }),
    revokeAll: (trx: Kysely<Database> | Transaction<Database>, subjectType: 'citizen' | 'staff', subjectId: number) =>
      repo.revokeSessionsOf(trx, subjectType, subjectId, now()),
    active: (subjectType: 'citizen' | 'staff', subjectId: number) => repo.activeSessionsOf(db, subjectType, subjectId, now()),
    markSteppedUp: (sid: string) => repo.updateSession(db, sid, { stepUpUntil: addMs(now(), STEP_UP_MS) }),
    isSteppedUp: (s: SessionRow) => !!s.stepUpUntil && s.stepUpUntil > now(),
    setActingEnterprise: (sid: string, enterpriseId: number | null) => repo.updateSession(db, sid, { actingEnterpriseId: enterpriseId }),
  }
}

export type SessionService = ReturnType<typeof createSessionService>
