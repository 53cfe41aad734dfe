import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import * as fixtures from '../../support/fixtures.js'
import { ensureCatalog, formToken, multipart, TALENT_FIELDS } from '../../support/cases.js'
import type { Evaluation } from '../../../src/modules/rules/engine.js'

/**
 * The 秒批 decision service's records (written from the mutation run, issue 23): what the trace keeps
 * about self-declared data, what the audit log says, and what a supervisor's check writes.
 */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext({ env: { SAMPLING_FIRST: '0', SAMPLING_RATE: '1' } })
  await ensureCatalog(ctx)
})
afterAll(() => ctx.close())

async function submit(authorise: boolean) {
  const a = await fixtures.citizen(ctx)
  if (authorise) {
    await ctx.services.registries.put('education', a.idNumber, { ...TALENT_FIELDS, education: '博士研究生', degree: '博士' })
    await ctx.services.registries.put('social-insurance', a.idNumber, { employer: '广州示范科技有限公司', insurance_months: 12 })
    await ctx.services.registries.put('credit', a.idNumber, { dishonest: false })
    await a.client.get('/me/authorisations')
    await a.client.post('/me/authorisations', { scope: 'all', granted: 'on' })
  }
  const token = await formToken(a.client, 'talent-registration')
  const r = await a.client.postMultipart(
    '/applications',
    multipart({ service: 'talent-registration', form_token: token, ...TALENT_FIELDS }),
  )
  expect(r.status).toBe(303)
  return { a, ref: r.location!.split('/').pop()!.split('?')[0] }
}
const evaluation = (ref: string) =>
  ctx.deps.db.selectFrom('ruleEvaluations').selectAll().where('applicationRef', '=', ref).executeTakeFirstOrThrow()
const audits = (ref: string) =>
  ctx.deps.db
    .selectFrom('auditLog')
    .select(['action', 'subjectType', 'detail'])
    .where('subjectId', '=', ref)
    .where('action', 'like', 'rules.%')
    .execute()

describe('the decision trace and its audit entries', () => {
  it('keeps what the citizen typed as self-declared (D) data (numbers as numbers) and sends the case to staff', async () => {
    const { ref } = await submit(false)
    const row = await evaluation(ref)
    expect(row.outcome).toBe('manual')
    const trace = JSON.parse(row.trace) as Evaluation
    const datum = (fact: string) => trace.rules.flatMap((r) => r.data).find((d) => d.fact === fact)
    expect(datum('education.education')).toEqual({
      fact: 'education.education',
      value: '大学本科',
      trust: 'D',
      source: 'applicant',
      fetchedAt: null,
    })
    expect(datum('social-insurance.insurance_months')).toMatchObject({ value: 36, trust: 'D', source: 'applicant' })
    expect(trace.instant).toBe(false)
    const [entry] = await audits(ref)
    expect(entry).toMatchObject({ action: 'rules.evaluated', subjectType: 'case' })
    expect(JSON.parse(entry.detail!)).toEqual({ version: '1', unmet: trace.unmet, unknown: trace.unknown, sampled: false })
    expect(trace.unmet.length + trace.unknown.length).toBeGreaterThan(0)
  })

  it('an instant approval keeps the registry value over the typed one, says so in the audit log and gives its reason on the case', async () => {
    const { a, ref } = await submit(true)
    const row = await evaluation(ref)
    expect(row.outcome).toBe('instant')
    const trace = JSON.parse(row.trace) as Evaluation
    expect(trace.rules.flatMap((r) => r.data).find((d) => d.fact === 'education.education')).toMatchObject({
      value: '博士研究生',
      trust: 'A',
    })
    const [entry] = await audits(ref)
    expect(entry).toMatchObject({ action: 'rules.instant_approval', subjectType: 'case' })
    expect(JSON.parse(entry.detail!)).toEqual({ version: '1', unmet: [], unknown: [], sampled: true })
    const page = await a.client.get(`/applications/${ref}`)
    expect(page.text).toContain(`秒批：全部${trace.rules.length}项条件经政务数据核验符合（规则版本 1）`)
  })
})

describe("a supervisor's check", () => {
  it('a confirmation records who confirmed, is audited, and cannot be repeated', async () => {
    const { ref } = await submit(true)
    const sup = await fixtures.staffMember(ctx, 'supervisor')
    await sup.client.get('/staff/sampling')
    expect((await sup.client.post(`/staff/sampling/${ref}/confirm`)).status).toBe(303)
    expect(await evaluation(ref)).toMatchObject({ sampleStatus: 'confirmed', sampledBy: sup.id })
    expect((await audits(ref)).map((e) => [e.action, e.subjectType])).toContainEqual(['rules.sample_confirmed', 'case'])
    const again = await sup.client.post(`/staff/sampling/${ref}/confirm`)
    expect(again.status).toBe(409)
    expect(again.text).toContain('该办件不在待抽查列表中')
  })

  it('a revocation records the reason and who revoked', async () => {
    const { ref } = await submit(true)
    const sup = await fixtures.staffMember(ctx, 'supervisor')
    await sup.client.get(`/staff/cases/${ref}`)
    expect((await sup.client.post(`/staff/cases/${ref}/decision`, { decision: 'revoke', reason: '学历证书系伪造' })).status).toBe(303)
    expect(await evaluation(ref)).toMatchObject({ sampleStatus: 'revoked', sampleReason: '学历证书系伪造', sampledBy: sup.id })
  })
})
