import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import { TestClient, visibleText } from '../../support/client.js'
import { staffMember, citizen, makeIdNumber, makeBankAccount, makePhone } from '../../support/fixtures.js'
import { ensureCatalog, multipart, PDF, TALENT_FIELDS } from '../../support/cases.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
})
afterAll(() => ctx.close())

describe('counter-assisted service (帮办代办)', () => {
  it('the clerk applies on behalf of a citizen at the window: channel counter, clerk recorded, citizen notified', async () => {
    const a = await citizen(ctx)
    const clerk = await staffMember(ctx, 'clerk')
    const found = await clerk.client.post('/staff/counter/lookup', { id_number: a.idNumber, verification_method: '身份证读卡器' })
    const link = found.text.match(/href="(\/staff\/counter\/apply\?[^"]*service=talent-registration[^"]*)"/)![1].replace(/&amp;/g, '&')
    const form = await clerk.client.get(link)
    expect(form.status).toBe(200)
    const token = form.text.match(/name="form_token" value="([^"]+)"/)![1]
    const visit = form.text.match(/name="visit" value="([^"]+)"/)![1]
    const bad = await clerk.client.postMultipart(
      '/staff/counter/apply',
      multipart(
        { service: 'talent-registration', form_token: token, visit, ...TALENT_FIELDS, school: '' },
        { file_degree_certificate: PDF, file_labour_contract: PDF },
      ),
    )
    expect(bad.status).toBe(422)
    const r = await clerk.client.postMultipart(
      '/staff/counter/apply',
      multipart(
        { service: 'talent-registration', form_token: token, visit, ...TALENT_FIELDS },
        { file_degree_certificate: PDF, file_labour_contract: PDF },
      ),
    )
    expect(r.status).toBe(303)
    const ref = r.location!.split('/').pop()!
    const app = (await ctx.services.applications.byRef(ref))!
    expect(app).toMatchObject({ channel: 'counter', submittedByStaffId: clerk.id, applicantUserId: a.id })
    expect(visibleText((await a.client.get(`/applications/${ref}`)).text)).toContain('窗口帮办代办')
    await expect(
      ctx.deps.db.selectFrom('outbox').select('id').where('userId', '=', a.id).where('channel', '=', 'sms').execute(),
    ).resolves.toHaveLength(1)
  })

  it('creates a verified account for a walk-in without one; they sign in with an SMS code', async () => {
    const clerk = await staffMember(ctx, 'clerk')
    const id = makeIdNumber('19850520')
    const phone = makePhone()
    const look = await clerk.client.post('/staff/counter/lookup', { id_number: id, verification_method: '证件人工核验' })
    expect(look.text).toContain('data-qa="walk-in"')
    const bad = await clerk.client.post('/staff/counter/register', {
      verification_method: '证件人工核验',
      real_name: '黄大明',
      id_number: id,
      phone: '123',
      bank_name: '中国银行',
      bank_account: makeBankAccount(),
    })
    expect(bad.status).toBe(422)
    const r = await clerk.client.post('/staff/counter/register', {
      verification_method: '证件人工核验',
      real_name: '黄大明',
      id_number: id,
      phone,
      bank_name: '中国银行',
      bank_account: makeBankAccount(),
    })
    expect(r.status).toBe(200)
    expect(visibleText(r.text)).toContain('账号已开通')
    const c = new TestClient(ctx)
    ctx.clock.advance(61_000)
    await c.post('/auth/sms-code', { phone, purpose: 'login' })
    expect((await c.post('/login', { phone, sms_code: ctx.sms.lastCode(phone) })).status).toBe(303)
    expect(visibleText((await c.get('/me')).text)).toContain('黄大明')
  })

  it('a walk-in whose ID number is bound to another account: 422 on the walk-in form, the input kept, the reason by the field', async () => {
    const a = await citizen(ctx)
    const clerk = await staffMember(ctx, 'clerk')
    const phone = makePhone()
    const r = await clerk.client.post('/staff/counter/register', {
      verification_method: '证件人工核验',
      real_name: '黄小明',
      id_number: a.idNumber,
      phone,
      bank_name: '中国银行',
      bank_account: makeBankAccount(),
    })
    expect(r.status).toBe(422) // the walk-in form's answer to every refusal, a conflict too (decision 0250)
    expect(r.text).toContain('data-qa="walk-in-form"')
    expect(r.text).toContain('value="黄小明"')
    expect(r.text).toContain(`value="${phone}"`)
    expect(r.text.split('data-qa="error-id_number"')[1]?.slice(0, 300)).toContain('该身份证号已绑定其他账号')
    expect(await ctx.deps.db.selectFrom('users').select('id').where('phone', '=', phone).execute()).toEqual([])
  })
})
