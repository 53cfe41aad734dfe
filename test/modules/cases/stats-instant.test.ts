/**
 * The statistics count instant approvals (秒批) apart from decisions by staff, and the share of instant approvals a
 * supervisor revoked, in the page's tables and the CSV (Chinese headers, real service names).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import * as fixtures from '../../support/fixtures.js'
import { ensureCatalog, formToken, multipart, submittedCase, TALENT_FIELDS } from '../../support/cases.js'

let ctx: TestContext
let sup: Awaited<ReturnType<typeof fixtures.staffMember>>
const EDUCATION = { education: '硕士研究生', degree: '硕士', school: '中山大学', major: '计算机科学与技术', graduation_date: '2020-07-01' }

async function instantCase() {
  const a = await fixtures.citizen(ctx, { realName: '林晓明' })
  await ctx.services.registries.put('education', a.idNumber, EDUCATION)
  await ctx.services.registries.put('social-insurance', a.idNumber, { employer: '广州示范科技有限公司', insurance_months: 6 })
  await ctx.services.registries.put('credit', a.idNumber, { dishonest: false })
  await a.client.get('/me/authorisations')
  await a.client.post('/me/authorisations', { scope: 'all', granted: 'on' })
  const token = await formToken(a.client, 'talent-registration')
  const r = await a.client.postMultipart(
    '/applications',
    multipart({ service: 'talent-registration', form_token: token, ...TALENT_FIELDS }),
  )
  expect(r.status).toBe(303)
  return r.location!.split('/').pop()!.split('?')[0]
}

beforeAll(async () => {
  ctx = await createTestContext({ env: { SAMPLING_FIRST: '0', SAMPLING_RATE: '1' } })
  ctx.clock.set('2026-11-24T02:00:00.000Z') // Tuesday
  await ensureCatalog(ctx)
  sup = await fixtures.staffMember(ctx, 'supervisor')
  const instant = [await instantCase(), await instantCase(), await instantCase()]
  for (const ref of instant) expect((await ctx.services.applications.byRef(ref))!.status).toBe('approved')
  // one revoked after sampling, one case decided by staff
  expect(
    (await sup.client.post(`/staff/cases/${instant[0]}/decision`, { decision: 'revoke', reason: '抽查发现学历信息不符' })).status,
  ).toBe(303)
  const { ref } = await submittedCase(ctx)
  expect((await sup.client.post(`/staff/cases/${ref}/decision`, { decision: 'accept' })).status).toBe(303)
  expect((await sup.client.post(`/staff/cases/${ref}/decision`, { decision: 'approve' })).status).toBe(303)
})
afterAll(() => ctx.close())

describe('statistics: instant versus manual, revocations', () => {
  it('the figures: 4 decided, 3 instant, 1 by staff, 1 of 3 instant approvals revoked', async () => {
    const { totals } = await ctx.services.cases.stats('2026-11-01', '2026-11-30')
    const t = totals.find((r) => r.service === 'talent-registration')!
    expect({ decided: t.decided, instant: t.instant, revoked: t.revoked }).toEqual({ decided: 4, instant: 3, revoked: 1 })
  })

  it("the weekly figures are the rules module's own count (one implementation, decisions.stats)", async () => {
    const { weeks } = await ctx.services.cases.stats('2026-11-01', '2026-11-30')
    const rules = await ctx.services.decisions.stats({ from: '2026-11-01', to: '2026-11-30' })
    const pick = (r: { week: string; service: string; instant: number; revoked: number }) => [r.week, r.service, r.instant, r.revoked]
    expect(weeks.filter((w) => w.instant).map(pick)).toEqual(rules.weeks.filter((w) => w.instant).map(pick))
    expect(weeks.find((w) => w.service === 'talent-registration')).toMatchObject({ week: '2026-11-23', instant: 3, revoked: 1 })
    expect(rules.services['talent-registration']).toMatchObject({ instant: 3, revoked: 1, revocationRate: 1 / 3 })
    // Outside the period nothing counts, on either side.
    expect((await ctx.services.cases.stats('2026-12-01', '2026-12-31')).weeks).toEqual([])
    expect((await ctx.services.decisions.stats({ from: '2026-11-24', to: '2026-11-24' })).total.instant).toBe(3)
    expect((await ctx.services.decisions.stats({ from: '2026-11-25' })).total.instant).toBe(0)
  })

  it('the page shows them beside each row (service by name), and the CSV has Chinese headers and the same figures', async () => {
    const page = await sup.client.get('/staff/stats?from=2026-11-01&to=2026-11-30')
    expect(page.status).toBe(200)
    const services = page.text.split('data-qa="table-services"')[1].split('</table>')[0]
    expect(services).toContain('人才认定')
    expect(services).toMatch(/data-qa="instant-manual">\s*3 \/ 1\s*</)
    expect(services).toMatch(/data-qa="revocation">\s*33%（1）\s*</)
    // A date that does not exist is no period (the default eight weeks), never an error.
    expect((await sup.client.get('/staff/stats?from=2026-02-30&to=2026-11-31')).status).toBe(200)
    const csv = await sup.client.get('/staff/stats.csv?from=2026-11-01&to=2026-11-30')
    const [head, ...rows] = csv.text.replace(/^\uFEFF/, '').split('\r\n')
    expect(head).toBe(
      '周（周一）,事项,收件,受理,办结,按期办结,按期办结率(%),平均办理用时(工作日),评价数,满意数,满意率(%),秒批,人工办结,秒批撤销,秒批撤销率(%)',
    )
    const row = rows.find((r) => r.includes('人才认定'))!.split(',')
    expect(row.slice(-4)).toEqual(['3', '1', '1', '33'])
  })
})
