import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { sql } from 'kysely'
import * as OTPAuth from 'otpauth'
import { createTestContext, type TestContext } from '../../support/context.js'
import { TestClient, visibleText } from '../../support/client.js'
import { citizen, makeBankAccount, makeIdNumber, makePhone, staffMember } from '../../support/fixtures.js'
import { addOperator } from '../../support/cases.js'
import { idCheckChar, usccCheckChar } from '../../../src/modules/identity/validators.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

async function register(phone = makePhone()) {
  const c = new TestClient(ctx)
  await c.get('/register')
  const s = await c.post('/auth/sms-code', { phone, purpose: 'register', return_to: '/register' })
  expect(s.status).toBe(303)
  const code = ctx.sms.lastCode(phone)
  const r = await c.post('/register', { phone, sms_code: code, password: 'abc12345', agree_policy: 'on' })
  expect(r.status).toBe(303)
  return { c, phone }
}

describe('registration', () => {
  it('registers with phone + SMS code + password + explicit consent, records the consent, logs in', async () => {
    const { c, phone } = await register()
    const me = await c.get('/me/account')
    expect(me.status).toBe(200)
    expect(visibleText(me.text)).toContain('尚未实名认证')
    const user = await ctx.deps.db.selectFrom('users').selectAll().where('phone', '=', phone).executeTakeFirstOrThrow()
    const consent = await ctx.deps.db.selectFrom('consents').selectAll().where('userId', '=', user.id).executeTakeFirstOrThrow()
    expect(consent).toMatchObject({ consent: 'privacy_policy', granted: 1, policyVersion: '2026.1', channel: 'web' })
    expect(user.passwordHash).toMatch(/^scrypt\$/)
  })

  it('re-renders 422 with input kept (not the password) and messages per field', async () => {
    const c = new TestClient(ctx)
    await c.get('/register')
    const r = await c.post('/register', { phone: '１３９ 1234', sms_code: '', password: 'short', agree_policy: '' })
    expect(r.status).toBe(422)
    const t = visibleText(r.text)
    expect(t).toContain('手机号码格式不正确')
    expect(t).toContain('请输入短信验证码')
    expect(t).toContain('密码至少8位')
    expect(t).toContain('请阅读并勾选同意')
    expect(r.text).toContain('value="1391234"')
    expect(r.text).not.toContain('value="short"')
  })

  it('refuses a wrong code, and invalidates it after 5 wrong tries', async () => {
    const phone = makePhone()
    const c = new TestClient(ctx)
    await c.get('/register')
    await c.post('/auth/sms-code', { phone, purpose: 'register' })
    const code = ctx.sms.lastCode(phone)
    const wrong = code === '000000' ? '111111' : '000000'
    for (let i = 0; i < 5; i++) {
      const r = await c.post('/register', { phone, sms_code: wrong, password: 'abc12345', agree_policy: 'on' })
      expect(r.status).toBe(422)
    }
    const r = await c.post('/register', { phone, sms_code: code, password: 'abc12345', agree_policy: 'on' })
    expect(r.status).toBe(422)
    expect(visibleText(r.text)).toContain('验证码无效')
  })

  it('expires codes after 5 minutes and makes them single use', async () => {
    const phone = makePhone()
    const c = new TestClient(ctx)
    await c.post('/auth/sms-code', { phone, purpose: 'register' })
    ctx.clock.advanceMinutes(6)
    const r = await c.post('/register', { phone, sms_code: ctx.sms.lastCode(phone), password: 'abc12345', agree_policy: 'on' })
    expect(visibleText(r.text)).toContain('已过期')
  })

  it('limits SMS codes: 1 per phone per 60 s (429 with the wait), 10 per day', async () => {
    const phone = makePhone()
    const c = new TestClient(ctx)
    expect((await c.post('/auth/sms-code', { phone, purpose: 'register' })).status).toBe(303)
    const again = await c.post('/auth/sms-code', { phone, purpose: 'register' }, { accept: 'application/json' })
    expect(again.status).toBe(429)
    expect(again.text).toMatch(/\d+秒后/)
    for (let i = 0; i < 9; i++) {
      ctx.clock.advance(61_000)
      expect((await c.post('/auth/sms-code', { phone, purpose: 'register' }, { 'x-forwarded-for': `10.1.0.${i}` })).status).toBe(303)
    }
    ctx.clock.advance(61_000)
    const over = await c.post(
      '/auth/sms-code',
      { phone, purpose: 'register' },
      { accept: 'application/json', 'x-forwarded-for': '10.2.0.1' },
    )
    expect(over.status).toBe(429)
    expect(over.text).toContain('上限')
  })

  it('limits SMS codes per IP', async () => {
    const c = new TestClient(ctx)
    c.remoteAddress = '10.9.9.9'
    let last = 0
    for (let i = 0; i < 31; i++) last = (await c.post('/auth/sms-code', { phone: makePhone(), purpose: 'register' })).status
    expect(last).toBe(429)
  })
})

describe('login and lockout', () => {
  it('logs in with password and with an SMS code; same message for unknown phone and wrong password', async () => {
    const { phone } = await register()
    const c = new TestClient(ctx)
    await c.get('/login')
    const ok = await c.post('/login', { phone, password: 'abc12345' })
    expect(ok.status).toBe(303)
    expect(ok.location).toBe('/me?signed_in=1')
    const sms = new TestClient(ctx)
    ctx.clock.advance(61_000)
    await sms.post('/auth/sms-code', { phone, purpose: 'login' })
    expect((await sms.post('/login', { phone, sms_code: ctx.sms.lastCode(phone) })).status).toBe(303)

    const unknown = await new TestClient(ctx).post('/login', { phone: makePhone(), password: 'abc12345x' })
    const wrong = await new TestClient(ctx).post('/login', { phone, password: 'wrong1234' })
    expect(unknown.status).toBe(422)
    expect(wrong.status).toBe(422)
    expect(visibleText(unknown.text)).toContain('手机号或密码不正确')
    expect(visibleText(wrong.text)).toContain('手机号或密码不正确')
  })

  it('locks the account for 15 minutes after 5 consecutive failures (423 saying until when) and unlocks after', async () => {
    const { phone } = await register()
    const c = new TestClient(ctx)
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await c.post('/login', { phone, password: 'wrong1234' })).status)
    expect(statuses.slice(0, 4)).toEqual([422, 422, 422, 422])
    expect(statuses[4]).toBe(423)
    const locked = await c.post('/login', { phone, password: 'abc12345' })
    expect(locked.status).toBe(423)
    expect(visibleText(locked.text)).toMatch(/锁定至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    ctx.clock.advanceMinutes(16)
    expect((await c.post('/login', { phone, password: 'abc12345' })).status).toBe(303)
    const audit = await ctx.deps.db.selectFrom('auditLog').select('action').where('action', '=', 'user.locked').execute()
    expect(audit.length).toBeGreaterThan(0)
  })

  it('a successful login resets the failure count', async () => {
    const { phone } = await register()
    const c = new TestClient(ctx)
    for (let i = 0; i < 4; i++) await c.post('/login', { phone, password: 'wrong1234' })
    expect((await c.post('/login', { phone, password: 'abc12345' })).status).toBe(303)
    for (let i = 0; i < 4; i++) expect((await c.post('/login', { phone, password: 'wrong1234' })).status).toBe(422)
  })

  it('only follows relative next= targets', async () => {
    const { phone } = await register()
    const c = new TestClient(ctx)
    await c.get('/login?next=//evil.example')
    const r = await c.request('POST', '/login?next=//evil.example', {
      body: new URLSearchParams({ _csrf: c.csrf, phone, password: 'abc12345' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(r.location).toBe('/me?signed_in=1')
  })
})

describe('sessions', () => {
  it('logout revokes the session; password change signs out other devices', async () => {
    const { c, phone } = await register()
    const other = new TestClient(ctx)
    await other.post('/login', { phone, password: 'abc12345' })
    expect((await other.get('/me')).status).toBe(200)
    await c.get('/me')
    expect((await c.post('/me/password', { old_password: 'abc12345', new_password: 'xyz98765' })).status).toBe(303)
    expect((await other.get('/me')).status).toBe(303)
    expect((await c.get('/me')).status).toBe(200)
    const stolen = c.cookies.get('hall_session')!
    await c.post('/logout')
    const replay = new TestClient(ctx)
    replay.cookies.set('hall_session', stolen)
    expect((await replay.get('/me')).status).toBe(303)
  })

  it('idles out after 30 minutes for citizens and 15 for staff', async () => {
    const a = await citizen(ctx)
    ctx.clock.advanceMinutes(29)
    expect((await a.client.get('/me')).status).toBe(200)
    ctx.clock.advanceMinutes(31)
    expect((await a.client.get('/me')).status).toBe(303)
    const s = await staffMember(ctx, 'clerk')
    ctx.clock.advanceMinutes(16)
    expect((await s.client.get('/staff')).status).toBe(303)
  })

  it('lists signed-in devices and revokes one', async () => {
    const { c, phone } = await register()
    const other = new TestClient(ctx)
    await other.post('/login', { phone, password: 'abc12345' })
    const page = await c.get('/me/account')
    const ids = [...page.text.matchAll(/\/me\/sessions\/([^/]+)\/revoke/g)].map((m) => m[1])
    expect(ids).toHaveLength(1)
    expect((await c.post(`/me/sessions/${ids[0]}/revoke`)).status).toBe(303)
    expect((await other.get('/me')).status).toBe(303)
  })
})

describe('real-name verification', () => {
  it('verifies, stores only ciphertext + blind index, shows masked numbers', async () => {
    const { c, phone } = await register()
    const idNumber = makeIdNumber('19880412')
    const bank = makeBankAccount()
    await c.get('/me/identity')
    const r = await c.post('/me/identity', { real_name: '李四', id_number: idNumber, bank_name: '中国建设银行', bank_account: bank })
    expect(r.status).toBe(303)
    const me = await c.get('/me/account')
    expect(me.text).not.toContain(idNumber)
    expect(me.text).not.toContain(bank)
    expect(me.text).toContain(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`)
    expect(me.text).toContain(`**** **** **** ${bank.slice(-4)}`)
    // nothing in clear in the database
    const rows = await ctx.deps.db.selectFrom('users').selectAll().where('phone', '=', phone).execute()
    const dump = JSON.stringify(rows)
    expect(dump).not.toContain(idNumber)
    expect(dump).not.toContain(bank)
    if (ctx.deps.dialect === 'sqlite') {
      await sql`PRAGMA wal_checkpoint(FULL)`.execute(ctx.deps.db)
      const bytes = fs.readFileSync(ctx.config.sqliteFile).toString('latin1')
      expect(bytes).not.toContain(idNumber)
      expect(bytes).not.toContain(bank)
    } else {
      const all = await sql<Record<string, unknown>>`SELECT * FROM users`.execute(ctx.deps.db)
      expect(JSON.stringify(all.rows)).not.toContain(idNumber)
    }
    // read-only after verification
    const again = await c.get('/me/identity')
    expect(again.status).toBe(303)
  })

  it('explains each bad input and keeps what was typed (full-width digits normalised)', async () => {
    const { c } = await register()
    const good = makeBankAccount()
    const badCard = good.slice(0, -1) + ((Number(good.at(-1)) + 1) % 10)
    const bad = await c.post('/me/identity', { real_name: 'X', id_number: '110105194912310021', bank_name: '', bank_account: badCard })
    expect(bad.status).toBe(422)
    const t = visibleText(bad.text)
    expect(t).toContain('姓名至少2个字')
    expect(t).toContain('校验位不正确')
    expect(t).toContain('请选择开户银行')
    expect(t).toMatch(/银行卡号校验不通过/)
    expect(bad.text).toContain('value="110105194912310021"')
    const fullWidth = makeIdNumber('19900101').replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
    const ok = await c.post('/me/identity', {
      real_name: '王五',
      id_number: fullWidth,
      bank_name: '中国银行',
      bank_account: '100200300400',
    })
    expect(ok.status).toBe(303)
  })

  it('refuses under-16s, asks 16–17-year-olds for a guardian', async () => {
    const { c } = await register()
    const kid = '44010620150101123'
    const r = await c.post('/me/identity', {
      real_name: '小明',
      id_number: kid + idCheckChar(kid),
      bank_name: '中国银行',
      bank_account: '100200300400',
    })
    expect(visibleText(r.text)).toContain('未满16周岁')
    const teen = '44010620091001123'
    const t = await c.post('/me/identity', {
      real_name: '小红',
      id_number: teen + idCheckChar(teen),
      bank_name: '中国银行',
      bank_account: '100200300400',
    })
    expect(t.status).toBe(422)
    expect(visibleText(t.text)).toContain('监护人')
    const ok = await c.post('/me/identity', {
      real_name: '小红',
      id_number: teen + idCheckChar(teen),
      bank_name: '中国银行',
      bank_account: '100200300400',
      guardian_name: '红妈妈',
      guardian_relation: '母亲',
      guardian_phone: '13900001111',
    })
    expect(ok.status).toBe(303)
  })

  it('one ID number → one account, with a hint', async () => {
    const a = await citizen(ctx)
    const { c } = await register()
    const r = await c.post('/me/identity', {
      real_name: '张三',
      id_number: a.idNumber,
      bank_name: '中国银行',
      bank_account: '100200300400',
    })
    expect(r.status).toBe(422)
    expect(visibleText(r.text)).toContain('已绑定其他账号')
  })

  it('step-up by SMS shows the full numbers to the owner for 10 minutes, audited', async () => {
    const a = await citizen(ctx)
    expect((await a.client.get('/me/account')).text).not.toContain(a.idNumber)
    expect((await a.client.post('/auth/sms-code', { purpose: 'verify', return_to: '/me/step-up' })).status).toBe(303)
    expect(ctx.sms.sent.at(-1)!.to).toBe(a.phone)
    const bad = await a.client.post('/me/step-up', { sms_code: '000000' === ctx.sms.lastCode(a.phone) ? '111111' : '000000' })
    expect(bad.status).toBe(422)
    expect((await a.client.post('/me/step-up', { sms_code: ctx.sms.lastCode(a.phone) })).status).toBe(303)
    const me = await a.client.get('/me/account')
    expect(me.text).toContain(a.idNumber)
    expect(me.text).toContain(a.bankAccount)
    const ev = await ctx.deps.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'identity.unmasked_view')
      .where('subjectId', '=', String(a.id))
      .execute()
    expect(ev.length).toBe(1)
    ctx.clock.advanceMinutes(11)
    await a.client.get('/me/account') // keep session alive
    expect((await a.client.get('/me/account')).text).not.toContain(a.idNumber)
  })

  it('changes the bank account only after step-up', async () => {
    const a = await citizen(ctx)
    const newBank = makeBankAccount('621700')
    const r = await a.client.post('/me/bank', { bank_name: '中国建设银行', bank_account: newBank })
    expect(r.status).toBe(303)
    expect(r.location).toContain('/me/step-up')
    await a.client.post('/auth/sms-code', { purpose: 'verify' })
    await a.client.post('/me/step-up', { sms_code: ctx.sms.lastCode(a.phone) })
    expect((await a.client.post('/me/bank', { bank_name: '中国建设银行', bank_account: newBank })).status).toBe(303)
    expect((await a.client.get('/me/account')).text).toContain(newBank)
  })
})

describe('enterprises', () => {
  it('a verified citizen registers an enterprise, becomes its operator, adds another operator and acts for it', async () => {
    const a = await citizen(ctx)
    const b = await citizen(ctx)
    const uscc17 = '91440101MA5CK7W33'
    const uscc = uscc17 + usccCheckChar(uscc17)
    const bad = await a.client.post('/me/enterprise', {
      company_name: '测试',
      uscc: uscc17 + '0',
      legal_rep_name: '赵六',
      legal_rep_id_number: '123',
    })
    expect(bad.status).toBe(422)
    expect(visibleText(bad.text)).toContain('企业名称应为4至60个字')
    const ok = await a.client.post('/me/enterprise', {
      company_name: '广州测试科技有限公司',
      uscc,
      legal_rep_name: '赵六',
      legal_rep_id_number: makeIdNumber('19700101'),
    })
    expect(ok.status).toBe(303)
    const page = await a.client.get('/me/enterprise')
    expect(visibleText(page.text)).toContain('广州测试科技有限公司')
    expect(await ctx.services.identity.isOperator(1, a.id).catch(() => false)).toBeDefined()
    const dup = await b.client.post('/me/enterprise', {
      company_name: '广州测试科技有限公司',
      uscc,
      legal_rep_name: '赵六',
      legal_rep_id_number: makeIdNumber('19700101'),
    })
    expect(dup.status).toBe(422)
    expect(visibleText(dup.text)).toContain('已认证')
    const ent = await ctx.deps.db.selectFrom('enterprises').selectAll().where('uscc', '=', uscc).executeTakeFirstOrThrow()
    await addOperator(a.client, ent.id, b)
    expect(visibleText((await b.client.get('/me/enterprise')).text)).not.toContain('当前办理身份')
    expect((await b.client.post('/me/acting-as', { enterprise_id: String(ent.id) })).status).toBe(303)
    const acting = visibleText((await b.client.get('/me/enterprise')).text)
    expect(acting).toContain('当前办理身份')
    expect(acting).toContain('切换回个人身份')
    // someone else's enterprise id → 404
    const c3 = await citizen(ctx)
    expect((await c3.client.post('/me/acting-as', { enterprise_id: String(ent.id) })).status).toBe(404)
  })

  it('needs personal verification first', async () => {
    const u = await citizen(ctx, { verified: false })
    expect((await u.client.get('/me/enterprise')).location).toContain('/me/identity')
  })
})

describe('staff login', () => {
  it('clerk logs in with username + password; admin roles need a TOTP code', async () => {
    await staffMember(ctx, 'clerk', { username: 'winclerk' })
    const c = new TestClient(ctx)
    await c.get('/staff/login')
    expect((await c.post('/staff/login', { username: 'winclerk', password: 'wrongpass1' })).status).toBe(422)
    const ok = await c.post('/staff/login', { username: 'winclerk', password: 'test1234a' })
    expect(ok.status).toBe(303)
    expect((await c.get('/staff')).status).toBe(200)

    const sec = await staffMember(ctx, 'secadmin', { username: 'secx' })
    const d = new TestClient(ctx)
    await d.get('/staff/login')
    const noTotp = await d.post('/staff/login', { username: 'secx', password: 'test1234a' })
    expect(noTotp.status).toBe(422)
    expect(visibleText(noTotp.text)).toContain('动态口令')
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(sec.totpSecret!), digits: 6, period: 30 }).generate({
      timestamp: ctx.clock.now().getTime(),
    })
    expect((await d.post('/staff/login', { username: 'secx', password: 'test1234a', totp })).status).toBe(303)
  })

  it('a citizen session cannot reach staff pages and vice versa', async () => {
    const a = await citizen(ctx)
    expect((await a.client.get('/staff')).status).toBe(303)
    const s = await staffMember(ctx, 'clerk')
    expect((await s.client.get('/me')).status).toBe(303)
  })
})

describe('account settings', () => {
  it('changes the phone with codes to both the old and the new number', async () => {
    const a = await citizen(ctx)
    const newPhone = makePhone()
    ctx.clock.advance(61_000)
    expect((await a.client.post('/auth/sms-code', { purpose: 'phone', new_phone: newPhone })).status).toBe(303)
    expect((await a.client.post('/auth/sms-code', { purpose: 'verify', return_to: '/me?phone=1' })).location).toContain('/me?phone=1')
    const bad = await a.client.post('/me/phone', { new_phone: newPhone, old_code: '000000', new_code: ctx.sms.lastCode(newPhone) })
    expect(bad.status).toBe(422)
    await a.client.post('/auth/sms-code', { purpose: 'phone', new_phone: newPhone }).catch(() => null)
    ctx.clock.advance(61_000)
    await a.client.post('/auth/sms-code', { purpose: 'phone', new_phone: newPhone })
    await a.client.post('/auth/sms-code', { purpose: 'verify', return_to: '/me?phone=1' })
    const ok = await a.client.post('/me/phone', {
      new_phone: newPhone,
      old_code: ctx.sms.lastCode(a.phone),
      new_code: ctx.sms.lastCode(newPhone),
    })
    expect(ok.status).toBe(303)
    expect((await ctx.services.identity.userById(a.id))!.phone).toBe(newPhone)
    expect((await new TestClient(ctx).post('/login', { phone: newPhone, password: a.password })).status).toBe(303)
  })

  it('verifies a contact email through a signed link sent by mail', async () => {
    const a = await citizen(ctx)
    expect((await a.client.post('/me/email', { email: 'not-an-email' })).status).toBe(422)
    expect((await a.client.post('/me/email', { email: 'li@example.com' })).status).toBe(303)
    ctx.clock.advance(1000)
    await ctx.services.notifications.deliverDue()
    const mail = ctx.mailer.sent.find((m) => m.to === 'li@example.com')!
    const link = mail.text.match(/(\/me\/email\/verify\?token=\S+)/)![1]
    expect((await a.client.get(link.replace(/token=.{4}/, 'token=XXXX'))).status).toBe(422)
    expect((await a.client.get(link)).status).toBe(303)
    const u = (await ctx.services.identity.userById(a.id))!
    expect(u.email).toBe('li@example.com')
    expect(u.emailVerifiedAt).toBeTruthy()
  })
})
