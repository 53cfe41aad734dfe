import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SignJWT } from 'jose'
import { createTestContext, type TestContext } from '../../support/context.js'
import { citizen, staffMember } from '../../support/fixtures.js'
import { ABSOLUTE_MS, createSessionService, STEP_UP_MS } from '../../../src/modules/identity/sessions.js'
import { DEFAULT_POLICY } from '../../../src/modules/security-settings/service.js'
import { MINUTE, HOUR } from '../../../src/lib/clock.js'
import { toTimestamp } from '../../../src/db/time.js'

/**
 * The session rules one by one, at their boundaries (issue 23: each of these was a surviving mutant):
 * absolute and idle expiry, the secadmin policy only shortening idle time, the last-seen write
 * throttle, revocation, inactive accounts, step-up, and tokens that are forged or name no session.
 */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const meta = { ip: '10.1.2.3', userAgent: 'ua-' + 'x'.repeat(300) }
const sessions = () => ctx.services.sessions
const row = (id: string) => ctx.deps.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
async function citizenSession() {
  const u = await citizen(ctx)
  const s = await sessions().create(ctx.deps.db, 'citizen', u.id, meta)
  return { ...s, userId: u.id }
}

describe('session create', () => {
  it('stores the session row: 12 h absolute expiry, last seen now, ip and a user agent cut to 200 characters', async () => {
    const { id, token, userId } = await citizenSession()
    const r = await row(id)
    const t = toTimestamp(ctx.clock.now())
    expect(r).toMatchObject({
      subjectType: 'citizen',
      subjectId: userId,
      createdAt: t,
      lastSeenAt: t,
      revokedAt: null,
      stepUpUntil: null,
      ip: '10.1.2.3',
    })
    expect(r.expiresAt).toBe(toTimestamp(new Date(ctx.clock.now().getTime() + ABSOLUTE_MS)))
    expect(ABSOLUTE_MS).toBe(12 * HOUR)
    expect(r.userAgent).toBe(meta.userAgent.slice(0, 200))
    expect(id).toMatch(/^[A-Za-z0-9_-]{24,}$/)
    expect(token.split('.')).toHaveLength(3)
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as { alg: string }
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sid: string; iat: number }
    expect(header.alg).toBe('HS256')
    expect(payload.sid).toBe(id)
    expect(payload.iat).toBe(Math.floor(ctx.clock.now().getTime() / 1000))
    const none = await sessions().create(ctx.deps.db, 'citizen', userId, { ip: null, userAgent: null })
    expect((await row(none.id)).userAgent).toBeNull()
  })
})

describe('session resolve', () => {
  it('resolves a citizen with their enterprises, and nothing for a missing, forged or sid-less token', async () => {
    const { token, id, userId } = await citizenSession()
    const p = await sessions().resolve(token)
    expect(p).toMatchObject({ kind: 'citizen', session: { id }, user: { id: userId }, enterpriseIds: [] })
    expect(await sessions().resolve(undefined)).toBeNull()
    expect(await sessions().resolve('')).toBeNull()
    expect(await sessions().resolve('not.a.token')).toBeNull()
    const otherKey = new Uint8Array(32).fill(9)
    const forged = await new SignJWT({ sid: id }).setProtectedHeader({ alg: 'HS256' }).sign(otherKey)
    expect(await sessions().resolve(forged)).toBeNull()
    const key = ctx.deps.crypto.tokenKey
    const noSid = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(key)
    expect(await sessions().resolve(noSid)).toBeNull()
    // the algorithm is pinned: our own key under another HMAC algorithm is not accepted either
    const hs512 = await new SignJWT({ sid: id }).setProtectedHeader({ alg: 'HS512' }).sign(key)
    expect(await sessions().resolve(hs512)).toBeNull()
    const unknown = await new SignJWT({ sid: 'no-such-session-id-000000' }).setProtectedHeader({ alg: 'HS256' }).sign(key)
    expect(await sessions().resolve(unknown)).toBeNull()
    // a verified token is remembered; the row still decides on every request
    expect(await sessions().resolve(token)).not.toBeNull()
  })

  it('a staff session resolves with roles; a disabled staff member or closed citizen account does not', async () => {
    const s = await staffMember(ctx, ['clerk', 'reviewer'])
    const st = await sessions().create(ctx.deps.db, 'staff', s.id, meta)
    const p = await sessions().resolve(st.token)
    expect(p?.kind).toBe('staff')
    if (p?.kind !== 'staff') throw new Error('staff expected')
    expect(p.staff.id).toBe(s.id)
    expect([...p.roles].sort()).toEqual(['clerk', 'reviewer'])
    await ctx.deps.db.updateTable('staff').set({ status: 'disabled' }).where('id', '=', s.id).execute()
    expect(await sessions().resolve(st.token)).toBeNull()

    const c = await citizenSession()
    await ctx.deps.db.updateTable('users').set({ status: 'closing' }).where('id', '=', c.userId).execute()
    expect(await sessions().resolve(c.token)).toBeNull()
    // a staff session whose staff row is gone
    const gone = await sessions().create(ctx.deps.db, 'staff', 987654, meta)
    expect(await sessions().resolve(gone.token)).toBeNull()
    // a citizen session whose user row is gone
    const orphan = await sessions().create(ctx.deps.db, 'citizen', 987655, meta)
    expect(await sessions().resolve(orphan.token)).toBeNull()
  })

  it('a revoked session is refused at once; revokeAll ends every session of that subject only', async () => {
    const a = await citizenSession()
    await sessions().revoke(ctx.deps.db, a.id)
    expect(await sessions().resolve(a.token)).toBeNull()
    const b1 = await citizenSession()
    const b2 = await sessions().create(ctx.deps.db, 'citizen', b1.userId, meta)
    const other = await citizenSession()
    // the fixture's own sign-in is a third session of that citizen
    expect((await sessions().active('citizen', b1.userId)).map((s) => s.id)).toEqual(expect.arrayContaining([b1.id, b2.id]))
    expect(await sessions().active('citizen', b1.userId)).toHaveLength(3)
    await sessions().revokeAll(ctx.deps.db, 'citizen', b1.userId)
    expect(await sessions().resolve(b1.token)).toBeNull()
    expect(await sessions().resolve(b2.token)).toBeNull()
    expect(await sessions().active('citizen', b1.userId)).toEqual([])
    expect(await sessions().resolve(other.token)).not.toBeNull()
    expect((await row(b1.id)).revokedAt).toBe(toTimestamp(ctx.clock.now()))
  })

  it('ends exactly 12 hours after sign-in, however active the session was', async () => {
    const a = await citizenSession()
    for (let m = 0; m < 12 * 60 - 20; m += 20) {
      ctx.clock.advanceMinutes(20)
      expect(await sessions().resolve(a.token), `at ${m + 20} min`).not.toBeNull()
    }
    ctx.clock.advanceMinutes(19)
    expect(await sessions().resolve(a.token)).not.toBeNull()
    ctx.clock.advance(MINUTE - 1)
    expect(await sessions().resolve(a.token)).not.toBeNull()
    ctx.clock.advance(1) // expiresAt reached
    expect(await sessions().resolve(a.token)).toBeNull()
    expect(await sessions().active('citizen', a.userId)).toEqual([])
  })

  it('idles out at 30 minutes for citizens and 15 for staff, to the millisecond', async () => {
    const a = await citizenSession()
    ctx.clock.advance(30 * MINUTE - 1)
    expect(await sessions().resolve(a.token)).not.toBeNull()
    const b = await citizenSession()
    ctx.clock.advance(30 * MINUTE)
    expect(await sessions().resolve(b.token)).toBeNull()

    const s = await staffMember(ctx, 'clerk')
    const st1 = await sessions().create(ctx.deps.db, 'staff', s.id, meta)
    ctx.clock.advance(15 * MINUTE - 1)
    expect(await sessions().resolve(st1.token)).not.toBeNull()
    const st2 = await sessions().create(ctx.deps.db, 'staff', s.id, meta)
    ctx.clock.advance(15 * MINUTE)
    expect(await sessions().resolve(st2.token)).toBeNull()
  })

  it('a secadmin policy can shorten the idle time per kind, never lengthen it past the built-in limit', async () => {
    let policy = { ...DEFAULT_POLICY, citizenIdleMinutes: 10, staffIdleMinutes: 5 }
    const svc = createSessionService({
      db: ctx.deps.db,
      clock: ctx.clock,
      tokenKey: ctx.deps.crypto.tokenKey,
      policy: () => Promise.resolve(policy),
    })
    const u = await citizen(ctx)
    const s = await staffMember(ctx, 'clerk')
    const c1 = await svc.create(ctx.deps.db, 'citizen', u.id, meta)
    const s1 = await svc.create(ctx.deps.db, 'staff', s.id, meta)
    ctx.clock.advance(5 * MINUTE - 1)
    expect(await svc.resolve(s1.token)).not.toBeNull()
    ctx.clock.advance(1)
    expect(await svc.resolve(c1.token)).not.toBeNull() // touched: last seen now
    const s2 = await svc.create(ctx.deps.db, 'staff', s.id, meta)
    const c2 = await svc.create(ctx.deps.db, 'citizen', u.id, meta)
    ctx.clock.advance(5 * MINUTE)
    expect(await svc.resolve(s2.token)).toBeNull()
    ctx.clock.advance(5 * MINUTE - 1)
    expect(await svc.resolve(c2.token)).not.toBeNull()
    const c3 = await svc.create(ctx.deps.db, 'citizen', u.id, meta)
    ctx.clock.advance(10 * MINUTE)
    expect(await svc.resolve(c3.token)).toBeNull()

    policy = { ...DEFAULT_POLICY, citizenIdleMinutes: 120, staffIdleMinutes: 120 }
    const c4 = await svc.create(ctx.deps.db, 'citizen', u.id, meta)
    const s4 = await svc.create(ctx.deps.db, 'staff', s.id, meta)
    ctx.clock.advance(15 * MINUTE)
    expect(await svc.resolve(s4.token)).toBeNull()
    ctx.clock.advance(15 * MINUTE)
    expect(await svc.resolve(c4.token)).toBeNull()
  })

  it('without a secadmin policy the built-in limits apply (30 min citizens, 15 min staff)', async () => {
    const svc = createSessionService({ db: ctx.deps.db, clock: ctx.clock, tokenKey: ctx.deps.crypto.tokenKey })
    const u = await citizen(ctx)
    const s = await staffMember(ctx, 'clerk')
    const c1 = await svc.create(ctx.deps.db, 'citizen', u.id, meta)
    const s1 = await svc.create(ctx.deps.db, 'staff', s.id, meta)
    ctx.clock.advance(15 * MINUTE - 1)
    expect(await svc.resolve(s1.token)).not.toBeNull()
    const c2 = await svc.create(ctx.deps.db, 'citizen', u.id, meta)
    const s2 = await svc.create(ctx.deps.db, 'staff', s.id, meta)
    ctx.clock.advance(15 * MINUTE)
    expect(await svc.resolve(s2.token)).toBeNull()
    expect(await svc.resolve(c2.token)).not.toBeNull()
    ctx.clock.advance(15 * MINUTE)
    expect(await svc.resolve(c1.token)).toBeNull()
    expect(DEFAULT_POLICY).toEqual({ lockoutThreshold: 5, citizenIdleMinutes: 30, staffIdleMinutes: 15, passwordMinLength: 8 })
  })

  it('writes last seen at most once a minute, and each write restarts the idle time', async () => {
    const a = await citizenSession()
    const created = (await row(a.id)).lastSeenAt
    ctx.clock.advance(MINUTE - 1)
    await sessions().resolve(a.token)
    expect((await row(a.id)).lastSeenAt).toBe(created)
    ctx.clock.advance(1)
    await sessions().resolve(a.token)
    const touched = (await row(a.id)).lastSeenAt
    expect(touched).toBe(toTimestamp(ctx.clock.now()))
    // 29 min after the touch (30 after sign-in) the session is still alive
    ctx.clock.advance(29 * MINUTE)
    expect(await sessions().resolve(a.token)).not.toBeNull()
  })
})

describe('step-up and acting enterprise', () => {
  it('step-up lasts 10 minutes, to the millisecond', async () => {
    const a = await citizenSession()
    expect(sessions().isSteppedUp(await row(a.id))).toBe(false)
    await sessions().markSteppedUp(a.id)
    const r = await row(a.id)
    expect(STEP_UP_MS).toBe(10 * MINUTE)
    expect(r.stepUpUntil).toBe(toTimestamp(new Date(ctx.clock.now().getTime() + STEP_UP_MS)))
    ctx.clock.advance(STEP_UP_MS - 1)
    expect(sessions().isSteppedUp(r)).toBe(true)
    ctx.clock.advance(1)
    expect(sessions().isSteppedUp(r)).toBe(false)
  })

  it('records the enterprise a citizen acts for, and clears it', async () => {
    const a = await citizenSession()
    const ent = await ctx.deps.db.selectFrom('enterprises').select('id').executeTakeFirst()
    const eid = ent?.id ?? null
    if (eid !== null) {
      await sessions().setActingEnterprise(a.id, eid)
      expect((await row(a.id)).actingEnterpriseId).toBe(eid)
    }
    await sessions().setActingEnterprise(a.id, null)
    expect((await row(a.id)).actingEnterpriseId).toBeNull()
  })
})
