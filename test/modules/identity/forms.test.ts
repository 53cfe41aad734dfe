import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import { TestClient, visibleText, type TestResponse } from '../../support/client.js'
import { citizen, makeIdNumber, makePhone, staffMember, TEST_PASSWORD } from '../../support/fixtures.js'
import { SYSTEM_CONTEXT } from '../../../src/modules/audit/service.js'
import { orgCodeCheckChar, usccCheckChar } from '../../../src/modules/identity/validators.js'

/**
 * How every identity form answers a refusal (on formAction, decision 0240): the status, the message
 * next to the field, the input kept, and never a password or a code sent back. Written against the
 * hand-written handlers before they moved, so it holds the answers as they were.
 */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

/** The field's message is wired to its input (views/components/form.tsx: f-<name>-error). */
const fieldError = (r: TestResponse, name: string) =>
  r.text.match(new RegExp(`id="f-${name}-error"[^>]*>(?:<span class="visually-hidden">[^<]*</span>)?([^<]*)<`))?.[1]?.trim()
const wrongCode = (phone: string) => (ctx.sms.lastCode(phone) === '000000' ? '111111' : '000000')

function makeUscc(): string {
  const org8 = String(Math.floor(Math.random() * 1e8)).padStart(8, '0')
  const first17 = `91440101${org8}${orgCodeCheckChar(org8)}`
  return first17 + usccCheckChar(first17)
}

async function steppedUp(a: Awaited<ReturnType<typeof citizen>>) {
  await a.client.post('/auth/sms-code', { purpose: 'verify', return_to: '/me/step-up' })
  expect((await a.client.post('/me/step-up', { sms_code: ctx.sms.lastCode(a.phone) })).status).toBe(303)
}

async function enterpriseOf(userId: number) {
  return ctx.services.identity.registerEnterprise({ ...SYSTEM_CONTEXT }, userId, {
    companyName: '广州表单测试有限公司',
    uscc: makeUscc(),
    legalRepName: '赵六',
    legalRepIdNumber: makeIdNumber('19700101'),
  })
}

describe('sign-in forms', () => {
  it('login: 422 with the phone kept, never the password; the SMS panel stays open for a wrong code', async () => {
    const c = new TestClient(ctx)
    await c.get('/login')
    const bad = await c.post('/login', { phone: '139 12', password: 'secret123x' })
    expect(bad.status).toBe(422)
    expect(fieldError(bad, 'phone')).toContain('手机号码格式不正确')
    expect(bad.text).toContain('value="13912"')
    expect(bad.text).not.toContain('secret123x')
    const none = await c.post('/login', { phone: makePhone() })
    expect(none.status).toBe(422)
    expect(fieldError(none, 'password')).toBe('请输入密码，或使用短信验证码登录')
    const a = await citizen(ctx)
    await c.post('/auth/sms-code', { phone: a.phone, purpose: 'login', return_to: '/login' })
    const code = await c.post('/login', { phone: a.phone, sms_code: wrongCode(a.phone) })
    expect(code.status).toBe(422)
    expect(fieldError(code, 'sms_code')).toBeTruthy()
    expect(code.text).toMatch(/<details class="panel" open/)
    const ok = await c.post('/login?next=/me/account', { phone: a.phone, password: TEST_PASSWORD })
    expect([ok.status, ok.location]).toEqual([303, '/me/account'])
  })

  it('register: a number taken meanwhile answers 422 like any refusal (not 409), the code and password not echoed', async () => {
    const phone = makePhone()
    const c = new TestClient(ctx)
    await c.get('/register')
    await c.post('/auth/sms-code', { phone, purpose: 'register', return_to: '/register' })
    const code = ctx.sms.lastCode(phone)
    await citizen(ctx, { phone }) // registered elsewhere between the code and the form
    const r = await c.post('/register', { phone, sms_code: code, password: 'abc12345x', agree_policy: 'on' })
    expect(r.status).toBe(422)
    expect(fieldError(r, 'phone')).toBe('该手机号已注册，请直接登录')
    expect(r.text).toContain(`value="${phone}"`)
    expect(r.text).toMatch(/name="agree_policy"[^>]*checked/)
    expect(r.text).not.toContain('abc12345x')
    expect(r.text).not.toContain(`value="${code}"`)
  })

  it('password reset: 422 per field with the phone kept; success goes to the login page', async () => {
    const c = new TestClient(ctx)
    await c.get('/password/reset')
    const bad = await c.post('/password/reset', { phone: '１３９', sms_code: '12', password: 'short' })
    expect(bad.status).toBe(422)
    expect(fieldError(bad, 'phone')).toContain('手机号码格式不正确')
    expect(fieldError(bad, 'sms_code')).toBe('短信验证码为6位数字')
    expect(fieldError(bad, 'password')).toBeTruthy()
    expect(bad.text).toContain('value="139"')
    expect(bad.text).not.toContain('value="short"')
    const a = await citizen(ctx)
    await c.post('/auth/sms-code', { phone: a.phone, purpose: 'reset', return_to: '/password/reset' })
    const wrong = await c.post('/password/reset', { phone: a.phone, sms_code: wrongCode(a.phone), password: 'newpass123' })
    expect(wrong.status).toBe(422)
    expect(fieldError(wrong, 'sms_code')).toBeTruthy()
    const ok = await c.post('/password/reset', { phone: a.phone, sms_code: ctx.sms.lastCode(a.phone), password: 'newpass123' })
    expect([ok.status, ok.location]).toEqual([303, '/login?reset=1'])
  })

  it('staff login: 422 with the username kept, never the password', async () => {
    const c = new TestClient(ctx)
    await c.get('/staff/login')
    const empty = await c.post('/staff/login', { username: '  ', password: '' })
    expect(empty.status).toBe(422)
    expect(fieldError(empty, 'username')).toBe('请输入用户名')
    expect(fieldError(empty, 'password')).toBe('请输入密码')
    const s = await staffMember(ctx, 'clerk')
    const wrong = await c.post('/staff/login', { username: ` ${s.username} `, password: 'wrongpass9' })
    expect(wrong.status).toBe(422)
    expect(wrong.text).toContain(`value="${s.username}"`)
    expect(wrong.text).not.toContain('wrongpass9')
    const ok = await c.post('/staff/login?next=/staff/cases', { username: s.username, password: TEST_PASSWORD })
    expect([ok.status, ok.location]).toEqual([303, '/staff/cases'])
  })
})

describe('/me account forms', () => {
  it('password, phone and email: 422 next to the field, the new phone and the email kept; the 4th mail in an hour is 429', async () => {
    const a = await citizen(ctx)
    const pw = await a.client.post('/me/password', { old_password: 'nottheone1', new_password: 'xyz98765a' })
    expect(pw.status).toBe(422)
    expect(fieldError(pw, 'old_password')).toBe('原密码不正确')
    expect(pw.text).not.toContain('xyz98765a')
    const phone = await a.client.post('/me/phone', { new_phone: '＋86 139', old_code: '1', new_code: '2' })
    expect(phone.status).toBe(422)
    expect(fieldError(phone, 'new_phone')).toContain('手机号码格式不正确')
    expect(phone.text).toContain('value="+86139"')
    const mail = await a.client.post('/me/email', { email: ' not-an-email ' })
    expect(mail.status).toBe(422)
    expect(fieldError(mail, 'email')).toBe('邮箱格式不正确')
    expect(mail.text).toContain('value="not-an-email"')
    for (let i = 0; i < 3; i++) expect((await a.client.post('/me/email', { email: 'a@example.com' })).status).toBe(303)
    const over = await a.client.post('/me/email', { email: 'a@example.com' })
    expect(over.status).toBe(429)
    expect(fieldError(over, 'email')).toContain('验证邮件发送过于频繁')
  })

  it('bank: no step-up goes to the step-up page; after it a bad number is 422 with the input kept', async () => {
    const a = await citizen(ctx)
    const r = await a.client.post('/me/bank', { bank_name: '中国银行', bank_account: '6222' })
    expect([r.status, r.location]).toEqual([303, '/me/step-up?return_to=/me/account'])
    await steppedUp(a)
    const bad = await a.client.post('/me/bank', { bank_name: '中国银行', bank_account: '6222 0000' })
    expect(bad.status).toBe(422)
    expect(fieldError(bad, 'bank_account')).toBeTruthy()
    expect(bad.text).toContain('value="62220000"')
    const wrong = await a.client.post('/me/step-up', { sms_code: '12' })
    expect(wrong.status).toBe(422)
    expect(fieldError(wrong, 'sms_code')).toBe('短信验证码为6位数字')
  })

  it('real-name verification: 422 for a taken ID number and over-long input, 409 once verified', async () => {
    const owner = await citizen(ctx)
    const u = await citizen(ctx, { verified: false })
    const input = { real_name: '李四', id_number: owner.idNumber, bank_name: '中国银行', bank_account: '100200300400' }
    const dup = await u.client.post('/me/identity', input)
    expect(dup.status).toBe(422)
    expect(fieldError(dup, 'id_number')).toBe('该身份证号已绑定其他账号，请用原账号登录或先注销原账号')
    expect(dup.text).toContain('value="李四"')
    const long = await u.client.post('/me/identity', { ...input, real_name: '李'.repeat(31) })
    expect(long.status).toBe(422)
    expect(fieldError(long, 'real_name')).toBe('内容过长，最多30个字符')
    const again = await owner.client.post('/me/identity', input)
    expect(again.status).toBe(409)
    expect(visibleText(again.text)).toContain('您已完成实名认证')
  })

  it('enterprise: 403 before personal verification, 422 for a code already verified, input kept', async () => {
    const unverified = await citizen(ctx, { verified: false })
    const input = { company_name: '广州表单测试有限公司', uscc: makeUscc(), legal_rep_name: '赵六', legal_rep_id_number: makeIdNumber() }
    expect((await unverified.client.post('/me/enterprise', input)).status).toBe(403)
    const a = await citizen(ctx)
    const ok = await a.client.post('/me/enterprise', input)
    expect([ok.status, ok.location]).toEqual([303, '/me/enterprise?done=1'])
    const b = await citizen(ctx)
    const dup = await b.client.post('/me/enterprise', input)
    expect(dup.status).toBe(422)
    expect(fieldError(dup, 'uscc')).toBe('该统一社会信用代码已认证，请联系企业现有经办人添加您')
    expect(dup.text).toContain(`value="${input.uscc}"`)
  })

  it('operators: 422 for a bad number, 404 for another enterprise, 429 over the daily limit, 409 for the last operator leaving', async () => {
    const a = await citizen(ctx)
    const id = await enterpriseOf(a.id)
    const bad = await a.client.post(`/me/enterprise/${id}/operators`, { operator_phone: '139 1' })
    expect(bad.status).toBe(422)
    expect(fieldError(bad, 'operator_phone')).toContain('手机号码格式不正确')
    expect(bad.text).toContain('value="1391"')
    const stranger = await citizen(ctx)
    expect((await stranger.client.post(`/me/enterprise/${id}/operators`, { operator_phone: makePhone() })).status).toBe(404)
    expect((await stranger.client.post('/me/enterprise/invitations/999999/accept')).status).toBe(404)
    expect((await stranger.client.post(`/me/enterprise/${id}/leave`)).status).toBe(404)
    const leave = await a.client.post(`/me/enterprise/${id}/leave`)
    expect(leave.status).toBe(409)
    expect(visibleText(leave.text)).toContain('您是该企业唯一的经办人')
    // 1 refused above (no limit spent), then 10 answered alike, the 11th refused
    for (let i = 0; i < 10; i++)
      expect((await a.client.post(`/me/enterprise/${id}/operators`, { operator_phone: makePhone() })).status).toBe(303)
    const over = await a.client.post(`/me/enterprise/${id}/operators`, { operator_phone: makePhone() })
    expect(over.status).toBe(429)
    expect(fieldError(over, 'operator_phone')).toBe('今日邀请次数已达上限')
  })

  it('an invitation answered twice is 409 on the enterprise page', async () => {
    const a = await citizen(ctx)
    const b = await citizen(ctx)
    const id = await enterpriseOf(a.id)
    expect((await a.client.post(`/me/enterprise/${id}/operators`, { operator_phone: b.phone })).status).toBe(303)
    const action = (await b.client.get('/me/enterprise')).text.match(/action="\/me\/enterprise\/invitations\/(\d+)\/accept"/)![1]
    expect((await b.client.post(`/me/enterprise/invitations/${action}/decline`)).status).toBe(303)
    const twice = await b.client.post(`/me/enterprise/invitations/${action}/accept`)
    expect(twice.status).toBe(409)
    expect(visibleText(twice.text)).toContain('该邀请已处理或已过期')
  })
})
