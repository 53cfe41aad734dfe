import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as OTPAuth from 'otpauth'
import { createTestContext, type TestContext } from '../support/context.js'
import { TestClient, visibleText } from '../support/client.js'
import { makePhone, signIn, staffMember } from '../support/fixtures.js'
import { SYSTEM_CONTEXT } from '../../src/modules/audit/service.js'
import * as identityRepo from '../../src/modules/identity/repository.js'
import { toTimestamp } from '../../src/db/time.js'

/**
 * Issue 16, findings 1 and 2, as the pen tester did them: a sysadmin making an auditor account must
 * not end up able to sign in as that auditor, nobody holds sysadmin with another admin role, and a
 * role granted to someone signed in does not ride on their live session.
 */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const code = (secret: string, at = ctx.clock.now().getTime()) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: at })
/** The one-time link the holder received by SMS. */
function linkSentTo(phone: string): string {
  const m = [...ctx.sms.sent].reverse().find((x) => x.to === phone && x.text.includes('/staff/activate?token='))
  if (!m) throw new Error(`no link sent to ${phone}`)
  const url = new URL(m.text.match(/https?:\/\/\S+?token=[0-9a-f]{64}/)![0])
  return url.pathname + url.search
}
async function activate(link: string, password: string) {
  const holder = new TestClient(ctx)
  const page = await holder.get(link)
  expect(page.status).toBe(200)
  const secret = page.text.match(/data-qa="totp-secret">([A-Z2-7]+)</)?.[1] ?? null
  const token = new URLSearchParams(link.split('?')[1]).get('token')!
  const r = await holder.post('/staff/activate', { token, password, confirm: password, totp: secret ? code(secret) : '' })
  return { r, secret, holder }
}
const staffLogin = (username: string, password: string, totp = '') => new TestClient(ctx).post('/staff/login', { username, password, totp })

describe('finding 1: the creator of an admin account cannot sign in as it', () => {
  it('sysadmin makes the account; the holder activates it through their own phone; the creator never sees a password or secret', async () => {
    const sys = await staffMember(ctx, 'sysadmin')
    const sec = await staffMember(ctx, 'secadmin')
    const phone = makePhone()
    const form = await sys.client.get('/admin')
    expect(form.text).not.toMatch(/name="password"/) // no password to choose
    const created = await sys.client.post('/admin/staff', {
      username: 'new-auditor',
      name: '李审计',
      staff_no: 'A9001',
      department: '审计',
      phone,
    })
    expect(created.status).toBeLessThan(400)
    const page = created.location ? (await sys.client.get(created.location)).text : created.text
    expect(visibleText(page)).toContain(`${phone.slice(0, 3)}****${phone.slice(-4)}`)
    const link = linkSentTo(phone)
    const token = new URLSearchParams(link.split('?')[1]).get('token')!
    expect(page).not.toContain(token)
    expect(page).not.toContain('data-qa="totp-secret"')
    expect(page).not.toContain('data-qa="temp-password"')
    // no role yet, and sysadmin cannot give one
    expect(
      (
        await sys.client.post(`/admin/staff/${(await identityRepo.staffByUsername(ctx.deps.db, 'new-auditor'))!.id}/roles`, {
          role: 'auditor',
          op: 'grant',
        })
      ).status,
    ).toBe(403)
    const id = (await identityRepo.staffByUsername(ctx.deps.db, 'new-auditor'))!.id
    expect((await sec.client.post(`/admin/staff/${id}/roles`, { role: 'auditor', op: 'grant' })).status).toBeLessThan(400)
    // before activation nobody can sign in as it
    expect((await staffLogin('new-auditor', 'anything123')).status).toBe(422)
    const { r, secret, holder } = await activate(link, 'Holder2026x')
    expect(r.status).toBe(200)
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(visibleText(r.text)).toContain('设置完成')
    void holder
    // the link worked once
    expect((await new TestClient(ctx).get(link)).status).toBe(404)
    // the holder signs in with password + TOTP and reads the audit log; sysadmin's pages never showed the secret
    ctx.clock.advance(30_000)
    const signedIn = new TestClient(ctx)
    expect((await signedIn.post('/staff/login', { username: 'new-auditor', password: 'Holder2026x', totp: code(secret!) })).status).toBe(
      303,
    )
    expect((await signedIn.get('/admin/audit')).status).toBe(200)
    expect((await sys.client.get('/admin')).text).not.toContain(secret!)
  })

  it('reset-password sends the holder a link; it never shows a temporary password', async () => {
    const sys = await staffMember(ctx, 'sysadmin')
    const phone = makePhone()
    const r0 = await ctx.services.staff.create(SYSTEM_CONTEXT, {
      username: 'sec-reset',
      password: 'Old2026pass',
      role: 'secadmin',
      name: '王安全',
      phone,
    })
    const reset = await sys.client.post(`/admin/staff/${r0.id}/reset-password`)
    const page = reset.location ? (await sys.client.get(reset.location)).text : reset.text
    expect(page).not.toContain('data-qa="temp-password"')
    expect(visibleText(page)).toContain(`${phone.slice(0, 3)}****${phone.slice(-4)}`)
    const { r, secret } = await activate(linkSentTo(phone), 'New2026pass')
    expect(r.status).toBe(200)
    ctx.clock.advance(30_000)
    expect((await staffLogin('sec-reset', 'New2026pass', code(secret!))).status).toBe(303)
  })

  it('sysadmin cannot route the activation link to their own phone', async () => {
    const phone = makePhone()
    const sysId = (
      await ctx.services.staff.create(SYSTEM_CONTEXT, {
        username: 'sys-own',
        password: 'Sys2026pass',
        role: 'sysadmin',
        name: '赵系统',
        phone,
      })
    ).id
    const sys = { client: await signIn(ctx, 'staff', sysId) }
    const r = await sys.client.post('/admin/staff', { username: 'fake-auditor', name: '假审计', phone })
    expect(r.status).toBe(422)
    expect(await identityRepo.staffByUsername(ctx.deps.db, 'fake-auditor')).toBeUndefined()
  })

  it('nobody holds an admin role with another role; nobody grants themself; only secadmin grants', async () => {
    const sec = await staffMember(ctx, 'secadmin')
    const sec2 = await staffMember(ctx, 'secadmin')
    const sys = await staffMember(ctx, 'sysadmin')
    const aud = await staffMember(ctx, 'auditor')
    const clerk = await staffMember(ctx, 'clerk')
    const grant = (who: typeof sec, target: number, role: string) => who.client.post(`/admin/staff/${target}/roles`, { role, op: 'grant' })
    expect((await grant(sec, sys.id, 'auditor')).status).toBe(409)
    expect((await grant(sec, sys.id, 'secadmin')).status).toBe(409)
    expect((await grant(sec, aud.id, 'sysadmin')).status).toBe(409)
    expect((await grant(sec, aud.id, 'clerk')).status).toBe(409)
    expect((await grant(sec, clerk.id, 'sysadmin')).status).toBe(409)
    expect((await grant(sec, sec2.id, 'auditor')).status).toBe(409)
    expect((await grant(sec, sec.id, 'reviewer')).status).toBe(403)
    expect((await grant(sys, clerk.id, 'reviewer')).status).toBe(403)
    expect((await grant(aud, clerk.id, 'reviewer')).status).toBe(403)
    for (const s of [sys, aud, clerk, sec2]) expect((await identityRepo.rolesOf(ctx.deps.db, s.id)).length).toBe(1)
    expect((await grant(sec, clerk.id, 'reviewer')).status).toBeLessThan(400)
    expect((await identityRepo.rolesOf(ctx.deps.db, clerk.id)).sort()).toEqual(['clerk', 'reviewer'])
  })
})

describe('finding 2: a role granted to a signed-in person does not take effect in the live session', () => {
  it("the grant ends the clerk's sessions; password alone no longer signs in; the holder enrols TOTP through their own link", async () => {
    const phone = makePhone()
    const { id } = await ctx.services.staff.create(SYSTEM_CONTEXT, {
      username: 'clerk-up',
      password: 'Clerk2026x',
      role: 'clerk',
      name: '周窗口',
      phone,
    })
    const live = new TestClient(ctx)
    expect((await live.post('/staff/login', { username: 'clerk-up', password: 'Clerk2026x' })).status).toBe(303)
    expect((await live.get('/staff/cases')).status).toBe(200)
    const sec = await staffMember(ctx, 'secadmin')
    // clerk is a business role: revoke it first (admin roles are held alone), then grant auditor
    expect((await sec.client.post(`/admin/staff/${id}/roles`, { role: 'clerk', op: 'revoke' })).status).toBeLessThan(400)
    expect((await live.get('/staff')).status).toBe(303)
    expect((await live.post('/staff/login', { username: 'clerk-up', password: 'Clerk2026x' })).status).toBe(303)
    expect((await sec.client.post(`/admin/staff/${id}/roles`, { role: 'auditor', op: 'grant' })).status).toBeLessThan(400)
    const audit = await live.get('/admin/audit')
    expect(audit.status).toBe(303)
    expect(audit.location).toMatch(/^\/staff\/login/)
    expect((await staffLogin('clerk-up', 'Clerk2026x')).status).toBe(422)
    const { r, secret } = await activate(linkSentTo(phone), 'Clerk2026y')
    expect(r.status).toBe(200)
    ctx.clock.advance(30_000)
    const again = new TestClient(ctx)
    expect((await again.post('/staff/login', { username: 'clerk-up', password: 'Clerk2026y', totp: code(secret!) })).status).toBe(303)
    expect((await again.get('/admin/audit')).status).toBe(200)
  })

  it('however the role arrives, a password-only session does not carry a role that needs TOTP', async () => {
    const { id } = await ctx.services.staff.create(SYSTEM_CONTEXT, {
      username: 'clerk-db',
      password: 'Clerk2026x',
      role: 'clerk',
      name: '吴窗口',
    })
    const live = new TestClient(ctx)
    expect((await live.post('/staff/login', { username: 'clerk-db', password: 'Clerk2026x' })).status).toBe(303)
    await identityRepo.grantRole(ctx.deps.db, id, 'auditor', null, toTimestamp(ctx.clock.now())) // behind the app's back
    expect((await live.get('/admin/audit')).status).toBe(303)
    expect((await live.get('/staff/cases')).status).toBe(303)
  })
})
