import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import * as fixtures from '../../support/fixtures.js'
import { ensureCatalog, formToken, multipart, PDF, TALENT_FIELDS } from '../../support/cases.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
})
afterAll(() => ctx.close())

const EDUCATION = { education: '硕士研究生', degree: '硕士', school: '中山大学', major: '计算机科学与技术', graduation_date: '2020-07-01' }

async function citizenWithRecords(opts: { months?: number; dishonest?: boolean } = {}) {
  const a = await fixtures.citizen(ctx)
  await ctx.services.registries.put('education', a.idNumber, EDUCATION)
  await ctx.services.registries.put('social-insurance', a.idNumber, {
    employer: '广州示范科技有限公司',
    insurance_months: opts.months ?? 6,
  })
  await ctx.services.registries.put('credit', a.idNumber, { dishonest: opts.dishonest ?? false })
  return a
}

const lookups = (userId: number) => ctx.deps.db.selectFrom('registryLookups').selectAll().where('userId', '=', userId).execute()

describe('talent-registration form prefilled from the registries', () => {
  it('without authorisation: nothing is looked up, nothing prefilled, and the form offers to authorise', async () => {
    const a = await citizenWithRecords()
    const page = await a.client.get('/applications/new?service=talent-registration')
    expect(page.status).toBe(200)
    expect(page.text).toContain('data-qa="authorise-all"')
    expect(page.text).not.toContain('data-qa="prefilled-school"')
    expect(page.text).toMatch(/data-source="education" data-status="unauthorised"/)
    expect(await lookups(a.id)).toHaveLength(0)
  })

  it('after authorising from the form: values come read-only with their source, materials are waived, the pre-check says 秒批', async () => {
    const a = await citizenWithRecords()
    await a.client.get('/applications/new?service=talent-registration')
    const back = await a.client.post('/me/authorisations', {
      scope: 'all',
      granted: 'on',
      return_to: '/applications/new?service=talent-registration',
    })
    expect(back.status).toBe(303)
    expect(back.location).toBe('/applications/new?service=talent-registration')
    const page = await a.client.get(back.location!)
    for (const [k, v] of Object.entries({
      school: '中山大学',
      education: '硕士研究生',
      insurance_months: '6',
      employer: '广州示范科技有限公司',
    })) {
      expect(page.text).toMatch(new RegExp(`data-qa="prefilled-${k}"[\\s\\S]*?name="${k}" value="${v}" readonly`))
    }
    expect(page.text).toContain('教育部学历学位数据库 · 权威数据（A级）')
    expect(page.text).toContain('data-qa="waived-degree_certificate"')
    expect(page.text).toMatch(/data-qa="precheck"[\s\S]*data-rule="degree-master-or-higher" data-outcome="pass"/)
    expect(page.text).toContain('秒批')
    // Three sources looked up once; opening the form again reuses them (no new look-up).
    expect((await lookups(a.id)).map((l) => l.source).sort()).toEqual(['credit', 'education', 'social-insurance'])
    await a.client.get('/applications/new?service=talent-registration')
    expect(await lookups(a.id)).toHaveLength(3)
    // The access log shows the look-ups as data sharing, with their purpose.
    const ledger = await a.client.get('/me/authorisations')
    expect(ledger.text).toContain('办理“人才认定/登记”：预填表单、核验申请条件')
    const access = await a.client.get('/me/access-log')
    expect(access.text).toMatch(/data-qa="sharing-log"[\s\S]*学历学位信息[\s\S]*预填表单、核验申请条件/)
  })

  it('shows unmet and unknown conditions in the pre-check', async () => {
    const a = await fixtures.citizen(ctx)
    await ctx.services.registries.put('education', a.idNumber, { ...EDUCATION, education: '大学本科', degree: '学士' })
    await a.client.get('/me/authorisations')
    await a.client.post('/me/authorisations', { scope: 'all', granted: 'on' })
    const page = await a.client.get('/applications/new?service=talent-registration')
    expect(page.text).toMatch(/data-rule="degree-master-or-higher" data-outcome="fail"/)
    expect(page.text).toMatch(/data-rule="social-insurance-in-city" data-outcome="unknown"/)
    expect(page.text).toMatch(/data-source="social-insurance" data-status="not_found"/)
    expect(page.text).not.toContain('提交后即时办结')
  })

  it('on submit, an authoritative value cannot be changed: the registry’s value is stored', async () => {
    const a = await citizenWithRecords()
    await a.client.get('/me/authorisations')
    await a.client.post('/me/authorisations', { scope: 'all', granted: 'on' })
    const token = await formToken(a.client, 'talent-registration')
    const r = await a.client.postMultipart(
      '/applications',
      multipart(
        {
          service: 'talent-registration',
          form_token: token,
          ...TALENT_FIELDS,
          school: '哈佛大学',
          education: '博士研究生',
          insurance_months: '99',
        },
        { file_labour_contract: PDF },
      ),
    )
    expect(r.status).toBe(303)
    const ref = r.location!.split('/').pop()!.split('?')[0]
    const app = await ctx.deps.db.selectFrom('applications').select('data').where('ref', '=', ref).executeTakeFirstOrThrow()
    const data = JSON.parse(app.data) as Record<string, string>
    expect(data.school).toBe('中山大学')
    expect(data.education).toBe('硕士研究生')
    expect(data.insurance_months).toBe('6')
    expect(data.position).toBe(TALENT_FIELDS.position)
  })

  it('"this is wrong": a disputed source is reported and the citizen types their own values', async () => {
    const a = await citizenWithRecords()
    await a.client.get('/me/authorisations')
    await a.client.post('/me/authorisations', { scope: 'all', granted: 'on' })
    await a.client.get('/applications/new?service=talent-registration')
    const empty = await a.client.post('/applications/prefill-dispute', { service: 'talent-registration', source: 'education', note: '' })
    expect(empty.status).toBe(422)
    expect(empty.text).toContain('请说明哪里有误')
    const ok = await a.client.post('/applications/prefill-dispute', {
      service: 'talent-registration',
      source: 'education',
      note: '我的专业是软件工程',
    })
    expect(ok.status).toBe(303)
    const page = await a.client.get(ok.location!)
    expect(page.text).not.toContain('data-qa="prefilled-major"')
    expect(page.text).toContain('data-qa="prefilled-employer"')
    expect(page.text).toMatch(/data-source="education" data-status="disputed"/)
    const rows = await ctx.deps.db.selectFrom('registryDisputes').selectAll().where('userId', '=', a.id).execute()
    expect(rows).toMatchObject([{ source: 'education', note: '我的专业是软件工程', status: 'reported' }])
  })
})
