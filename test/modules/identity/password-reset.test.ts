import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import { TestClient, visibleText } from '../../support/client.js'
import { citizen, makePhone, TEST_PASSWORD } from '../../support/fixtures.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

async function phoneOf(id: number) {
  return (await ctx.deps.db.selectFrom('users').select('phone').where('id', '=', id).executeTakeFirstOrThrow()).phone!
}
async function askCode(c: TestClient, phone: string) {
  ctx.clock.advance(61_000)
  return c.post('/auth/sms-code', { phone, purpose: 'reset', return_to: '/password/reset' })
}

describe('忘记密码 (/password/reset)', () => {
  it('resets the password with an SMS code, signs out every session, audits, and the new password works', async () => {
    const a = await citizen(ctx)
    const phone = await phoneOf(a.id)
    const c = new TestClient(ctx)
    const page = await c.get('/password/reset')
    expect(page.status).toBe(200)
    expect((await c.get('/login')).text).toContain('href="/password/reset"')
    const s = await askCode(c, phone)
    expect(s.status).toBe(303)
    expect(s.location).toBe(`/password/reset?sent=1&phone=${phone}`)
    expect(ctx.sms.sent.at(-1)!.to).toBe(phone)
    // the rules of registration
    const weak = await c.post('/password/reset', { phone, sms_code: ctx.sms.lastCode(phone), password: 'abcdefgh' })
    expect(weak.status).toBe(422)
    expect(weak.text).toContain('data-qa="error-password"')
    const r = await c.post('/password/reset', { phone, sms_code: ctx.sms.lastCode(phone), password: 'newpass123' })
    expect(r.status).toBe(303)
    expect(r.location).toBe('/login?reset=1')
    expect(visibleText((await c.get('/login?reset=1')).text)).toContain('密码已重置')
    // the session that was signed in before is gone
    expect((await a.client.get('/me')).status).toBe(303)
    const old = await c.post('/login', { phone, password: TEST_PASSWORD })
    expect(old.status).toBe(422)
    const fresh = new TestClient(ctx)
    await fresh.get('/login')
    expect((await fresh.post('/login', { phone, password: 'newpass123' })).status).toBe(303)
    const audit = await ctx.deps.db
      .selectFrom('auditLog')
      .select('action')
      .where('subjectId', '=', String(a.id))
      .where('action', '=', 'user.password_reset')
      .execute()
    expect(audit).toHaveLength(1)
    // the code is single use
    expect((await c.post('/password/reset', { phone, sms_code: ctx.sms.lastCode(phone), password: 'other1234' })).status).toBe(422)
  })

  it('answers an unknown number exactly as a registered one (no enumeration), and sends it nothing', async () => {
    const known = await phoneOf((await citizen(ctx)).id)
    const unknown = makePhone()
    const c = new TestClient(ctx)
    await c.get('/password/reset')
    const before = ctx.sms.sent.length
    const a = await askCode(c, known)
    const b = await askCode(c, unknown)
    expect(b.status).toBe(a.status)
    expect(b.location).toBe(a.location!.replace(known, unknown))
    expect(ctx.sms.sent.length).toBe(before + 1)
    expect(ctx.sms.sent.some((m) => m.to === unknown)).toBe(false)
    const wrongKnown = await c.post('/password/reset', { phone: known, sms_code: '000001', password: 'newpass123' })
    const wrongUnknown = await c.post('/password/reset', { phone: unknown, sms_code: '000001', password: 'newpass123' })
    expect(wrongUnknown.status).toBe(wrongKnown.status)
    const msg = (t: string) => visibleText(t).match(/验证码[^。\s]*/)?.[0]
    expect(msg(wrongUnknown.text)).toBe(msg(wrongKnown.text))
  })

  it('takes the limits of SMS login: one code a minute per number, and failures lock the number (shared with /login)', async () => {
    const phone = await phoneOf((await citizen(ctx)).id)
    const c = new TestClient(ctx)
    await c.get('/password/reset')
    expect((await askCode(c, phone)).status).toBe(303)
    const again = await c.post('/auth/sms-code', { phone, purpose: 'reset', return_to: '/password/reset' })
    expect(again.status).toBe(429)
    expect(again.text).toContain('data-qa="reset-form"')
    let last = 0
    for (let i = 0; i < 5; i++) last = (await c.post('/password/reset', { phone, sms_code: '000001', password: 'newpass123' })).status
    expect(last).toBe(423)
    // locked for login too, and a right code no longer helps while locked
    expect((await c.post('/login', { phone, password: TEST_PASSWORD })).status).toBe(423)
    expect((await c.post('/password/reset', { phone, sms_code: ctx.sms.lastCode(phone), password: 'newpass123' })).status).toBe(423)
  })
})
