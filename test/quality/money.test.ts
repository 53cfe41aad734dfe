import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { visibleText, type TestClient } from '../support/client.js'
import { citizen, makeBankAccount, staffMember } from '../support/fixtures.js'
import { ensureCatalog, formToken, multipart, HOUSING_FIELDS, PDF } from '../support/cases.js'
import { maskBankAccount } from '../../src/lib/crypto.js'

/**
 * Issue 16 item 4 (pen test: "bank account redirect"), as an attacker drives it over HTTP: money goes
 * only where the citizen confirmed. A bank change by any route needs a step-up and a valid number,
 * the registered phone hears of every account change, and a subsidy is paid to the account
 * confirmed at submission — not to whatever is current at payment time.
 */
let ctx: TestContext
let supervisor: Awaited<ReturnType<typeof staffMember>>
beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
  supervisor = await staffMember(ctx, 'supervisor')
})
afterAll(() => ctx.close())

/** A Luhn-valid card number with its last digit changed: the checksum fails. */
const badCard = () => {
  const n = makeBankAccount()
  return n.slice(0, -1) + String((Number(n.slice(-1)) + 1) % 10)
}

async function stepUp(client: TestClient, phone: string) {
  ctx.clock.advance(61_000) // one code a minute per phone
  expect((await client.post('/auth/sms-code', { purpose: 'verify', return_to: '/me/step-up' })).status).toBe(303)
  expect((await client.post('/me/step-up', { sms_code: ctx.sms.lastCode(phone) })).status).toBe(303)
}

const smsTo = async (userId: number) =>
  (
    await ctx.deps.db.selectFrom('outbox').select(['recipient', 'body']).where('userId', '=', userId).where('channel', '=', 'sms').execute()
  ).map((r) => r)

const accountOf = async (userId: number) =>
  (await ctx.deps.db.selectFrom('users').select('bankAccountMasked').where('id', '=', userId).executeTakeFirstOrThrow()).bankAccountMasked

async function submitHousing(client: TestClient, fields: Record<string, string> = HOUSING_FIELDS, viaCheck = true) {
  const token = await formToken(client, 'housing-subsidy')
  let confirm: Record<string, string> = {}
  if (viaCheck) {
    const check = await client.postMultipart(
      '/applications',
      multipart({ service: 'housing-subsidy', form_token: token, step: 'check', ...fields }, { file_rental_contract: PDF }),
    )
    expect(check.status).toBe(200)
    confirm = { payee_confirm: check.text.match(/name="payee_confirm" value="([^"]*)"/)![1] }
  }
  return {
    token,
    confirm,
    submit: () =>
      client.postMultipart('/applications', multipart({ service: 'housing-subsidy', form_token: token, ...fields, ...confirm })),
  }
}

describe('bank-account changes by any route', () => {
  it('/me/bank: no step-up → sent to step-up, nothing changed; a bad number → 422 next to the field; then the phone is told', async () => {
    const a = await citizen(ctx)
    const before = await accountOf(a.id)
    const next = makeBankAccount()
    const r = await a.client.post('/me/bank', { bank_name: '中国银行', bank_account: next })
    expect(r.status).toBe(303)
    expect(r.location).toContain('/me/step-up')
    expect(await accountOf(a.id)).toBe(before)
    await stepUp(a.client, a.phone)
    const bad = await a.client.post('/me/bank', { bank_name: '中国银行', bank_account: badCard() })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('银行卡号校验不通过')
    expect((await a.client.post('/me/bank', { bank_name: '中国银行', bank_account: '12345' })).status).toBe(422)
    expect(await accountOf(a.id)).toBe(before)
    const ok = await a.client.post('/me/bank', { bank_name: '中国银行', bank_account: next })
    expect(ok.status).toBe(303)
    expect(await accountOf(a.id)).toBe(maskBankAccount(next))
    const sms = (await smsTo(a.id)).filter((m) => m.body.includes('收款银行账户'))
    expect(sms).toHaveLength(1)
    expect(sms[0].recipient).toBe(a.phone)
    expect(sms[0].body).toContain(next.slice(-4))
    expect(sms[0].body).not.toContain(next)
  })

  it('a correction request for the bank account needs a step-up and a valid number; approval changes it and texts the phone', async () => {
    const a = await citizen(ctx)
    const before = await accountOf(a.id)
    const next = makeBankAccount('621700')
    const noStep = await a.client.post('/me/corrections', { field: 'bank_account', value: next, reason: '银行卡已更换' })
    expect(noStep.status).toBe(303)
    expect(noStep.location).toContain('/me/step-up')
    const count = async () => (await ctx.deps.db.selectFrom('correctionRequests').select('id').where('userId', '=', a.id).execute()).length
    expect(await count()).toBe(0)
    await stepUp(a.client, a.phone)
    const bad = await a.client.post('/me/corrections', { field: 'bank_account', value: badCard(), reason: '银行卡已更换' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('银行卡号校验不通过')
    expect((await a.client.post('/me/corrections', { field: 'bank_account', value: 'evil-account', reason: '银行卡已更换' })).status).toBe(
      422,
    )
    expect(await count()).toBe(0)
    expect((await a.client.post('/me/corrections', { field: 'bank_account', value: next, reason: '银行卡已更换' })).status).toBe(303)
    const c = await ctx.deps.db.selectFrom('correctionRequests').select('id').where('userId', '=', a.id).executeTakeFirstOrThrow()
    expect(await accountOf(a.id)).toBe(before)
    expect((await supervisor.client.post(`/staff/corrections/${c.id}/decision`, { decision: 'approve', note: '' })).status).toBe(303)
    expect(await accountOf(a.id)).toBe(maskBankAccount(next))
    const sms = (await smsTo(a.id)).filter((m) => m.body.includes('收款银行账户'))
    expect(sms.map((m) => m.recipient)).toEqual([a.phone])
  })

  it('a hotline agent cannot file a bank-account correction for a caller, even after a passed identity check', async () => {
    const a = await citizen(ctx)
    const agent = await staffMember(ctx, 'complaints')
    const t = await agent.client.post('/admin/complaints', {
      caller_phone: a.phone,
      caller_name: '张三',
      category: '个人信息',
      description: '来电要求更换收款银行卡',
    })
    const ref = t.location!.split('/').pop()!.split('?')[0]
    expect((await agent.client.post(`/admin/complaints/${ref}/verify`, { method: 'id_last4', answer: a.idNumber.slice(-4) })).status).toBe(
      303,
    )
    const r = await agent.client.post(`/admin/complaints/${ref}/correction`, {
      field: 'bank_account',
      value: makeBankAccount(),
      reason: '来电人要求',
    })
    expect(r.status).toBe(403)
    expect(visibleText(r.text)).toContain('银行账户只能由本人登录后经短信二次验证更改')
    expect(await ctx.deps.db.selectFrom('correctionRequests').select('id').where('userId', '=', a.id).execute()).toHaveLength(0)
  })

  it('the registered phone gets an SMS when the password changes', async () => {
    const a = await citizen(ctx)
    expect((await a.client.post('/me/password', { old_password: a.password, new_password: 'newpass123b' })).status).toBe(303)
    const sms = (await smsTo(a.id)).filter((m) => m.body.includes('登录密码'))
    expect(sms.map((m) => m.recipient)).toEqual([a.phone])
  })
})

describe('the subsidy is paid to the account confirmed at submission', () => {
  it('check-your-answers shows the account; a later change does not redirect the payment; the reviewer sees the confirmed one', async () => {
    const a = await citizen(ctx)
    const confirmed = await accountOf(a.id)
    const { submit } = await submitHousing(a.client)
    expect(ctx.deps.db).toBeDefined()
    const page = a.client.lastHtml
    expect(page).toContain('data-qa="payee-confirm"')
    expect(visibleText(page)).toContain(confirmed!.slice(-4))
    const r = await submit()
    expect(r.status).toBe(303)
    const ref = r.location!.split('/').pop()!.split('?')[0]
    const row = await ctx.deps.db
      .selectFrom('applications')
      .select(['payeeAccountMasked', 'payeeAccountEnc'])
      .where('ref', '=', ref)
      .executeTakeFirstOrThrow()
    expect(row.payeeAccountMasked).toBe(confirmed)
    expect(row.payeeAccountEnc).not.toContain(a.bankAccount)
    expect(ctx.deps.crypto.decrypt(row.payeeAccountEnc!)).toBe(a.bankAccount)
    // The attacker (or the citizen) changes the account after submission.
    await stepUp(a.client, a.phone)
    const other = makeBankAccount('622848')
    expect((await a.client.post('/me/bank', { bank_name: '中国农业银行', bank_account: other })).status).toBe(303)
    await supervisor.client.post(`/staff/cases/${ref}/decision`, { decision: 'accept' })
    await supervisor.client.post(`/staff/cases/${ref}/decision`, { decision: 'approve', reason: '' })
    const detail = await supervisor.client.get(`/staff/cases/${ref}`)
    const payee = detail.text.match(/data-qa="payment-payee"[\s\S]*?<\/p>/)![0]
    expect(visibleText(payee)).toContain(confirmed!.slice(-4))
    expect(visibleText(payee)).not.toContain(other.slice(-4))
    expect(detail.text).not.toContain(a.bankAccount)
    expect(
      (await supervisor.client.post(`/staff/cases/${ref}/payment`, { amount: '12000', date: '2026-11-23', voucher: 'PV-1' })).status,
    ).toBe(303)
    const ev = await ctx.deps.db
      .selectFrom('applicationEvents as e')
      .innerJoin('applications as a', 'a.id', 'e.applicationId')
      .select('e.detail')
      .where('a.ref', '=', ref)
      .where('e.toStatus', '=', 'paid')
      .executeTakeFirstOrThrow()
    expect((JSON.parse(ev.detail!) as { payee: string }).payee).toBe(confirmed)
    const told = await ctx.deps.db
      .selectFrom('messages')
      .select('body')
      .where('userId', '=', a.id)
      .where('title', '=', '补贴已发放')
      .execute()
    expect(told[0].body).toContain(confirmed)
  })

  it('an account changed between check-your-answers and submit is refused with 422 (the citizen re-checks)', async () => {
    const a = await citizen(ctx)
    const { submit } = await submitHousing(a.client)
    await stepUp(a.client, a.phone)
    expect((await a.client.post('/me/bank', { bank_name: '中国银行', bank_account: makeBankAccount() })).status).toBe(303)
    const r = await submit()
    expect(r.status).toBe(422)
    expect(visibleText(r.text)).toContain('收款账户在核对后发生了变更')
    expect(await ctx.deps.db.selectFrom('applications').select('id').where('applicantUserId', '=', a.id).execute()).toHaveLength(0)
  })
})
