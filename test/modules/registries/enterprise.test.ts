import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import * as fixtures from '../../support/fixtures.js'
import { ensureCatalog, formToken, multipart, PDF } from '../../support/cases.js'
import { usccCheckChar } from '../../../src/modules/identity/validators.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
})
afterAll(() => ctx.close())

const SERVICE = 'enterprise-talent-subsidy'
const FIELDS = { contact_name: '王经理', contact_phone: '020-12345678', company_account: '44050101234567890' }

/** An operator acting for a registered enterprise whose registry record and social-insurance roster exist. */
async function enterprise(uscc17: string, status = '存续') {
  const operator = await fixtures.citizen(ctx)
  const uscc = uscc17 + usccCheckChar(uscc17)
  const reg = await operator.client.post('/me/enterprise', {
    company_name: '广州引才测试有限公司',
    uscc,
    legal_rep_name: '赵六',
    legal_rep_id_number: fixtures.makeIdNumber('19700101'),
  })
  expect(reg.status).toBe(303)
  await ctx.services.registries.put('enterprise', uscc, { company_name: '广州引才测试有限公司', legal_rep_name: '赵六', status })
  await ctx.services.registries.put('social-insurance', uscc, {
    employer: '广州引才测试有限公司',
    employees: [{ name: '张三', id_last4: '123X', insurance_months: 4 }],
  })
  return { operator, uscc }
}

const lookups = (userId: number) => ctx.deps.db.selectFrom('registryLookups').selectAll().where('userId', '=', userId).execute()

describe('enterprise talent subsidy: enterprise registry and the listed employees’ social insurance', () => {
  it('asks for the enterprise’s authorisation first, then shows the registry status and each employee’s insurance as a pre-check', async () => {
    const { operator: a } = await enterprise('91440102MA5CK8W36')
    const form = await a.client.get(`/applications/new?service=${SERVICE}`)
    expect(form.status).toBe(200)
    expect(form.text).toContain('data-qa="authorise-enterprise"')
    expect(form.text).toMatch(/data-rule="enterprise-active" data-outcome="unknown"/)
    expect(await lookups(a.id)).toHaveLength(0)

    const auth = await a.client.post('/me/authorisations', {
      scope: 'acting-enterprise',
      granted: 'on',
      return_to: `/applications/new?service=${SERVICE}`,
    })
    expect(auth.status).toBe(303)
    const token = await formToken(a.client, SERVICE)
    const saved = await a.client.postMultipart(
      '/applications/draft',
      multipart({ service: SERVICE, form_token: token, ...FIELDS, employees: '张三,123X,2026-03-01\n李四,5678,2026-03-01' }),
    )
    expect(saved.status).toBe(200)
    const page = await a.client.get(`/applications/new?service=${SERVICE}`)
    expect(page.text).not.toContain('data-qa="authorise-enterprise"')
    expect(page.text).toMatch(/data-source="enterprise" data-status="found"/)
    expect(page.text).toContain('登记状态：存续')
    expect(page.text).toMatch(/<tr data-insured="yes"><td>张三<\/td>/)
    expect(page.text).toMatch(/<tr data-insured="no"><td>李四<\/td>/)
    expect(page.text).toMatch(/data-rule="enterprise-active" data-outcome="pass"/)
    expect(page.text).toMatch(/data-rule="employees-insured" data-outcome="fail"/)
    // Every look-up is in the operator's ledger, naming the enterprise in its purpose.
    const l = await lookups(a.id)
    expect(l.map((x) => x.source).sort()).toEqual(['enterprise', 'social-insurance'])
    expect(l.every((x) => x.purpose.includes('企业引才补贴') && x.outcome === 'found')).toBe(true)
  })

  it('on submit the rules decide and the trace goes to staff; a subsidy is never approved by the rules alone', async () => {
    const { operator: a } = await enterprise('91440103MA5CK8W36')
    await a.client.post('/me/authorisations', { scope: 'acting-enterprise', granted: 'on' })
    const r = await a.client.postMultipart(
      '/applications',
      multipart(
        { service: SERVICE, form_token: await formToken(a.client, SERVICE), ...FIELDS, employees: '张三,123X,2026-03-01' },
        { file_contracts: PDF },
      ),
    )
    expect(r.status).toBe(303)
    const ref = r.location!.split('/').pop()!.split('?')[0]
    const app = await ctx.deps.db.selectFrom('applications').select('status').where('ref', '=', ref).executeTakeFirstOrThrow()
    expect(app.status).toBe('submitted')
    const ev = (await ctx.services.decisions.evaluationOf(ref))!
    expect(ev.outcome).toBe('manual')
    expect(ev.trace.rules.map((x) => [x.id, x.outcome])).toEqual([
      ['enterprise-active', 'pass'],
      ['employees-insured', 'pass'],
    ])
    expect(ev.trace.rules.flatMap((x) => x.data).every((d) => d.trust === 'A')).toBe(true)
    const clerk = await fixtures.staffMember(ctx, 'clerk')
    const staffPage = await clerk.client.get(`/staff/cases/${ref}`)
    expect(staffPage.text).toContain('data-qa="decision-trace"')
    expect(staffPage.text).toMatch(/data-rule="employees-insured" data-outcome="pass"/)
  })

  it('an enterprise that is not 存续 fails the enterprise rule; without authorisation nothing is looked up', async () => {
    const { operator: a } = await enterprise('91440104MA5CK8W36', '注销')
    const before = await a.client.get(`/applications/new?service=${SERVICE}`)
    expect(before.text).toMatch(/data-rule="enterprise-active" data-outcome="unknown"/)
    expect(await lookups(a.id)).toHaveLength(0)
    await a.client.post('/me/authorisations', { scope: 'acting-enterprise', granted: 'on' })
    expect((await a.client.get(`/applications/new?service=${SERVICE}`)).text).toMatch(/data-rule="enterprise-active" data-outcome="fail"/)
    // Withdrawn from 政务数据授权: no further look-ups.
    const auth = await a.client.get('/me/authorisations')
    expect(auth.text).toMatch(/data-qa="enterprise-authorisation" data-granted="yes"/)
    expect((await a.client.post('/me/authorisations', { scope: 'acting-enterprise' })).status).toBe(303)
    expect((await a.client.get('/me/authorisations')).text).toMatch(/data-qa="enterprise-authorisation" data-granted="no"/)
    const n = (await lookups(a.id)).length
    expect((await a.client.get(`/applications/new?service=${SERVICE}`)).text).toContain('data-qa="authorise-enterprise"')
    expect(await lookups(a.id)).toHaveLength(n)
  })

  it('refuses the enterprise scope to someone not acting for an enterprise', async () => {
    const b = await fixtures.citizen(ctx)
    await b.client.get('/me/authorisations')
    expect((await b.client.post('/me/authorisations', { scope: 'acting-enterprise', granted: 'on' })).status).toBe(422)
  })
})
