import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { visibleText, type TestClient } from '../support/client.js'
import { citizen, staffMember } from '../support/fixtures.js'
import { ensureCatalog, formToken, multipart, HOUSING_FIELDS, TALENT_FIELDS, PDF, submittedCase } from '../support/cases.js'
import { checkDate, checkMonth, isRealDate } from '../../src/lib/dates.js'

/**
 * Issue 16 item 12 ("unbounded business values"), driven over HTTP: payment amounts bounded by the
 * claim and the scheme, one claim per period, and every date real and within sensible bounds.
 */
let ctx: TestContext
let supervisor: Awaited<ReturnType<typeof staffMember>>
beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
  supervisor = await staffMember(ctx, 'supervisor')
})
afterAll(() => ctx.close())

const submit = async (client: TestClient, service: string, fields: Record<string, string>, files: Record<string, Uint8Array>) =>
  client.postMultipart('/applications', multipart({ service, form_token: await formToken(client, service), ...fields }, files))
const housing = (client: TestClient, fields: Record<string, string> = {}) =>
  submit(client, 'housing-subsidy', { ...HOUSING_FIELDS, ...fields }, { file_rental_contract: PDF })
const refOf = (location: string | null) => location!.split('/').pop()!.split('?')[0]

describe('the shared date validator', () => {
  it('refuses impossible and absurd dates and months', () => {
    for (const d of ['2025-99-99', '2025-02-29', '2025-04-31', '2025-00-10', '0000-01-01', '9999-12-31', '2025-1-1', ' 2025-01-01'])
      expect(checkDate(d), d).not.toBeNull()
    for (const d of ['2024-02-29', '2026-11-23', '1990-12-31']) expect(checkDate(d), d).toBeNull()
    for (const m of ['0000-01', '9999-12', '2025-13', '2025-00', '2025-1']) expect(checkMonth(m), m).not.toBeNull()
    expect(checkMonth('2026-01')).toBeNull()
    expect(isRealDate('2100-02-29')).toBe(false)
  })
})

describe('dates in forms', () => {
  it('month fields refuse 0000-01, 9999-12 and 2025-13; date fields refuse 2025-99-99 and 9999-12-31 (422, next to the field, input kept)', async () => {
    const a = await citizen(ctx)
    for (const m of ['0000-01', '9999-12', '2025-13', '2020-01', '2027-06']) {
      const r = await housing(a.client, { period_start: m })
      expect(r.status, m).toBe(422)
      expect(r.text, m).toContain(`value="${m}"`)
      expect(r.text).toMatch(/id="f-period_start"|name="period_start"/)
    }
    for (const d of ['2025-99-99', '0000-01-01', '9999-12-31', '2027-01-01']) {
      const r = await submit(
        a.client,
        'talent-registration',
        { ...TALENT_FIELDS, graduation_date: d },
        {
          file_degree_certificate: PDF,
          file_labour_contract: PDF,
        },
      )
      expect(r.status, d).toBe(422)
    }
    expect(await ctx.deps.db.selectFrom('applications').select('id').where('applicantUserId', '=', a.id).execute()).toHaveLength(0)
  })

  it('the staff calendar and audit filters refuse impossible dates without a 5xx', async () => {
    const r = await supervisor.client.post('/staff/calendar', { day: '2025-99-99', kind: 'holiday', name: '假日' })
    expect(r.status).toBe(422)
    const auditor = await staffMember(ctx, 'auditor')
    for (const d of ['0000-01-01', '2025-99-99', '9999-12-31'])
      expect((await auditor.client.get(`/admin/audit?from=${d}&to=${d}`)).status).toBeLessThan(500)
  })
})

describe('one claim per period', () => {
  it('a second housing-subsidy claim for the same or an overlapping period is refused with a clear message; after withdrawal it is accepted', async () => {
    const a = await citizen(ctx)
    const first = await housing(a.client)
    expect(first.status).toBe(303)
    const ref = refOf(first.location)
    const again = await housing(a.client)
    expect(again.status).toBe(422)
    expect(visibleText(again.text)).toContain('同一期间不能重复申领')
    expect(visibleText(again.text)).toContain(ref)
    // 2026-06 overlaps the first claim (2026-01 for 6 months)
    expect((await housing(a.client, { period_start: '2026-06', period_months: '3' })).status).toBe(422)
    // the following period is fine
    const next = await housing(a.client, { period_start: '2026-07', period_months: '3' })
    expect(next.status).toBe(303)
    // check-your-answers already says so
    const token = await formToken(a.client, 'housing-subsidy')
    const check = await a.client.postMultipart(
      '/applications',
      multipart({ service: 'housing-subsidy', form_token: token, step: 'check', ...HOUSING_FIELDS }, { file_rental_contract: PDF }),
    )
    expect(check.status).toBe(422)
    expect(visibleText(check.text)).toContain('同一期间不能重复申领')
    // withdrawn (or rejected) claims release their period
    expect((await a.client.post(`/applications/${ref}/withdraw`, { reason: '填错了月份' })).status).toBe(303)
    expect((await housing(a.client)).status).toBe(303)
  })

  it('another citizen may claim the same months', async () => {
    const b = await citizen(ctx)
    const c = await citizen(ctx)
    expect((await housing(b.client)).status).toBe(303)
    expect((await housing(c.client)).status).toBe(303)
  })
})

describe('payment amounts', () => {
  it('are bounded by what was claimed and the scheme; payment dates are real, not before submission, not in the future', async () => {
    const { ref } = await submittedCase(ctx, 'housing-subsidy') // 2000 元 × 6 months = 12000 claimed
    await supervisor.client.post(`/staff/cases/${ref}/decision`, { decision: 'accept' })
    await supervisor.client.post(`/staff/cases/${ref}/decision`, { decision: 'approve', reason: '' })
    const page = await supervisor.client.get(`/staff/cases/${ref}`)
    expect(visibleText(page.text)).toContain('申领金额 12000 元')
    const today = '2026-11-23'
    const pay = (amount: string, date = today) =>
      supervisor.client.post(`/staff/cases/${ref}/payment`, { amount, date, voucher: 'PV-2026-9' })
    for (const amount of ['12000.01', '36001', '99999999999', '1e5', '-5', '0', '12000.001', 'Infinity']) {
      const r = await pay(amount)
      expect(r.status, amount).toBe(422)
    }
    const over = await pay('12001')
    expect(visibleText(over.text)).toContain('不能超过申领金额 12000 元')
    for (const d of ['2025-99-99', '0000-01-01', '9999-12-31', '2026-11-24', '2026-11-22', '2026-02-30'])
      expect((await pay('100', d)).status, d).toBe(422)
    expect((await pay('12000')).status).toBe(303)
    // paid once: a second payment is a conflict, never a second transfer
    expect((await pay('1')).status).toBe(409)
  })
})
