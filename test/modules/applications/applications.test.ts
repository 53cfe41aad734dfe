import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import { TestClient, visibleText } from '../../support/client.js'
import { citizen, makeIdNumber } from '../../support/fixtures.js'
import { seedCatalog } from '../../../src/modules/catalog/service.js'
import { usccCheckChar } from '../../../src/modules/identity/validators.js'
import { PDF, TALENT_FIELDS, multipart, formToken, addOperator } from '../../support/cases.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
  await seedCatalog(ctx.services.catalog)
})
afterAll(() => ctx.close())

describe('catalog', () => {
  it('lists services with search and category, and shows a guide with 在线办理', async () => {
    const c = new TestClient(ctx)
    const list = await c.get('/services')
    expect(visibleText(list.text)).toContain('人才认定/登记')
    expect(visibleText(list.text)).toContain('人才安居补贴')
    const q = await c.get('/services?q=' + encodeURIComponent('补贴'))
    expect(visibleText(q.text)).toContain('人才安居补贴')
    expect(visibleText(q.text)).not.toContain('人才认定/登记')
    const cat = await c.get('/services?category=%E4%BC%81%E4%B8%9A%E6%9C%8D%E5%8A%A1')
    expect(visibleText(cat.text)).toContain('企业引才补贴')
    const g = await c.get('/services/talent-registration')
    expect(g.status).toBe(200)
    const t = visibleText(g.text)
    for (const s of ['在线办理', '设立依据', '申请条件', '学历学位证书', '10 个工作日', '免费']) expect(t).toContain(s)
    expect((await c.get('/services/no-such')).status).toBe(404)
    expect(visibleText((await c.get('/')).text)).toContain('人才安居补贴')
  })
})

describe('applying', () => {
  it('leads unverified citizens to verification and non-operators away from enterprise services', async () => {
    const u = await citizen(ctx, { verified: false })
    const r = await u.client.get('/applications/new?service=talent-registration')
    expect(r.status).toBe(403)
    expect(visibleText(r.text)).toContain('实名认证')
    const v = await citizen(ctx)
    const e = await v.client.get('/applications/new?service=enterprise-talent-subsidy')
    expect(visibleText(e.text)).toContain('企业认证')
    expect((await new TestClient(ctx).get('/applications/new?service=talent-registration')).status).toBe(303)
  })

  it('submits once per form_token (double submit, replay, concurrent), with event, audit, notification', async () => {
    const a = await citizen(ctx)
    const token = await formToken(a.client, 'talent-registration')
    const fields = { service: 'talent-registration', form_token: token, ...TALENT_FIELDS }
    const files = { file_degree_certificate: PDF, file_labour_contract: PDF }
    const [r1, r2] = await Promise.all([
      a.client.postMultipart('/applications', multipart(fields, files)),
      a.client.postMultipart('/applications', multipart(fields, files)),
    ])
    expect(r1.status).toBe(303)
    expect(r2.status).toBe(303)
    expect(r1.location!.split('?')[0]).toBe(r2.location!.split('?')[0])
    const r3 = await a.client.postMultipart('/applications', multipart(fields, files))
    expect(r3.location!.split('?')[0]).toBe(r1.location!.split('?')[0])
    const ref = r1.location!.split('/').pop()!.split('?')[0]
    expect(ref).toMatch(/^RC\d{8}[2-9A-HJ-NP-Z]{6}$/)
    const rows = await ctx.deps.db.selectFrom('applications').selectAll().where('applicantUserId', '=', a.id).execute()
    expect(rows).toHaveLength(1)
    const page = await a.client.get(`/applications/${ref}`)
    expect(page.status).toBe(200)
    expect(visibleText(page.text)).toContain('已提交，待受理')
    expect(
      await ctx.deps.db
        .selectFrom('auditLog')
        .select('seq')
        .where('action', '=', 'application.submitted')
        .where('subjectId', '=', ref)
        .execute(),
    ).toHaveLength(1)
    expect(await ctx.deps.db.selectFrom('messages').select('id').where('userId', '=', a.id).execute()).toHaveLength(1)
    expect(
      await ctx.deps.db.selectFrom('outbox').select('id').where('userId', '=', a.id).where('channel', '=', 'sms').execute(),
    ).toHaveLength(1)
    expect(await ctx.deps.db.selectFrom('attachments').select('id').where('applicationId', '=', rows[0].id).execute()).toHaveLength(2)
  })

  it('re-renders 422 with input kept and field messages; checks files by content and size', async () => {
    const a = await citizen(ctx)
    const token = await formToken(a.client, 'talent-registration')
    const bad = { ...TALENT_FIELDS, graduation_date: '2099-01-01', insurance_months: 'abc', school: '' }
    const fake = new TextEncoder().encode('MZ this is an exe renamed to pdf')
    const r = await a.client.postMultipart(
      '/applications',
      multipart({ service: 'talent-registration', form_token: token, ...bad }, { file_degree_certificate: [fake, 'degree.pdf'] }),
    )
    expect(r.status).toBe(422)
    const t = visibleText(r.text)
    expect(t).toContain('毕业时间不能晚于今天')
    expect(t).toContain('本市社保连续缴纳月数应为数字')
    expect(t).toContain('请填写毕业院校')
    expect(t).toContain('只能是PDF、JPG或PNG')
    expect(r.text).toContain('value="华南理工大学"'.replace('华南理工大学', '')) // school was empty
    expect(r.text).toContain('value="2099-01-01"')
    const big = new Uint8Array(10 * 1024 * 1024 + 10)
    big.set(PDF)
    const r2 = await a.client.postMultipart(
      '/applications',
      multipart(
        { service: 'talent-registration', form_token: token, ...TALENT_FIELDS },
        { file_degree_certificate: big, file_labour_contract: PDF },
      ),
    )
    expect(r2.status).toBe(422)
    expect(visibleText(r2.text)).toContain('超过10MB')
  })

  it('keeps a draft and resumes it; check-your-answers step before submitting', async () => {
    const a = await citizen(ctx)
    const token = await formToken(a.client, 'talent-registration')
    const saved = await a.client.postMultipart(
      '/applications/draft',
      multipart({ service: 'talent-registration', form_token: token, school: '中山大学', major: '法学' }, { file_degree_certificate: PDF }),
    )
    expect(saved.status).toBe(200)
    const again = await a.client.get('/applications/new?service=talent-registration')
    expect(again.text).toContain(`value="${token}"`)
    expect(again.text).toContain('value="中山大学"')
    expect(visibleText(again.text)).toContain('已上传')
    expect(visibleText((await a.client.get('/applications')).text)).toContain('人才认定/登记')
    const check = await a.client.postMultipart(
      '/applications',
      multipart(
        { service: 'talent-registration', form_token: token, step: 'check', ...TALENT_FIELDS, school: '中山大学' },
        { file_labour_contract: PDF },
      ),
    )
    expect(check.status).toBe(200)
    expect(check.text).toContain('data-qa="check-answers"')
    expect(visibleText(check.text)).toContain('中山大学')
    const fields: Record<string, string> = { service: 'talent-registration', form_token: token }
    for (const m of check.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
      if (m[1] !== '_csrf') fields[m[1]] = m[2].replace(/&amp;/g, '&')
    const done = await a.client.post('/applications', fields)
    expect(done.status).toBe(303)
  })

  it('keeps the draft when the service went offline', async () => {
    const a = await citizen(ctx)
    const token = await formToken(a.client, 'housing-subsidy')
    await ctx.services.catalog.setStatus('housing-subsidy', 'offline')
    try {
      const r = await a.client.postMultipart(
        '/applications',
        multipart(
          {
            service: 'housing-subsidy',
            form_token: token,
            monthly_amount: '2000',
            period_start: '2026-01',
            period_months: '6',
            rental_address: '天河路1号',
          },
          { file_rental_contract: PDF },
        ),
      )
      expect(r.status).toBe(409)
      expect(visibleText(r.text)).toContain('已保存为草稿')
      const d = await ctx.deps.db.selectFrom('drafts').selectAll().where('formToken', '=', token).executeTakeFirstOrThrow()
      expect((JSON.parse(d.data) as Record<string, string>).rental_address).toBe('天河路1号')
    } finally {
      await ctx.services.catalog.setStatus('housing-subsidy', 'online')
    }
  })

  it('enforces the subsidy cap and shows the payee account masked', async () => {
    const a = await citizen(ctx)
    const token = await formToken(a.client, 'housing-subsidy')
    const page = await a.client.get('/applications/new?service=housing-subsidy')
    expect(page.text).toContain(`**** **** **** ${a.bankAccount.slice(-4)}`)
    expect(page.text).not.toContain(a.bankAccount)
    const r = await a.client.postMultipart(
      '/applications',
      multipart(
        {
          service: 'housing-subsidy',
          form_token: token,
          monthly_amount: '5000',
          period_start: '2026-13',
          period_months: '6',
          rental_address: 'x',
        },
        { file_rental_contract: PDF },
      ),
    )
    expect(r.status).toBe(422)
    expect(visibleText(r.text)).toContain('不能超过3000')
    expect(visibleText(r.text)).toContain('年-月')
  })

  it('an enterprise operator applies for the enterprise service', async () => {
    const a = await citizen(ctx)
    const u17 = '91440101MA5CK8W36'
    await a.client.post('/me/enterprise', {
      company_name: '广州引才测试有限公司',
      uscc: u17 + usccCheckChar(u17),
      legal_rep_name: '赵六',
      legal_rep_id_number: makeIdNumber('19700101'),
    })
    // the form says for whom the application is made: the enterprise, with the way to switch back
    const form = visibleText((await a.client.get('/applications/new?service=enterprise-talent-subsidy')).text)
    expect(form).toMatch(new RegExp(`申请主体：\\s*广州引才测试有限公司（统一社会信用代码 ${u17 + usccCheckChar(u17)}）`))
    expect(form).toContain('切换办理身份')
    expect(visibleText((await a.client.get('/applications/new?service=talent-registration')).text)).toMatch(/申请主体：\s*张三（本人）/)
    const token = await formToken(a.client, 'enterprise-talent-subsidy')
    const r = await a.client.postMultipart(
      '/applications',
      multipart(
        {
          service: 'enterprise-talent-subsidy',
          form_token: token,
          employees: '张三,123X,2026-03-01\n李四,4567,2026-04-01',
          contact_name: '王经理',
          contact_phone: '020-12345678',
          company_account: '44050101234567890',
        },
        { file_contracts: PDF },
      ),
    )
    expect(r.status).toBe(303)
    const bad = await formToken(a.client, 'enterprise-talent-subsidy')
    const r2 = await a.client.postMultipart(
      '/applications',
      multipart(
        {
          service: 'enterprise-talent-subsidy',
          form_token: bad,
          employees: '张三 123X',
          contact_name: '王',
          contact_phone: '1',
          company_account: '1',
        },
        { file_contracts: PDF },
      ),
    )
    expect(r2.status).toBe(422)
    expect(visibleText(r2.text)).toContain('第1行格式不正确')
    // the enterprise's application is listed for every operator of it, and for nobody else
    const ref = r.location!.split('/').pop()!.split('?')[0]
    const ent = await ctx.deps.db
      .selectFrom('enterprises')
      .select('id')
      .where('uscc', '=', u17 + usccCheckChar(u17))
      .executeTakeFirstOrThrow()
    const b = await citizen(ctx)
    const outsider = await citizen(ctx)
    expect(visibleText((await b.client.get('/applications')).text)).not.toContain(ref)
    await addOperator(a.client, ent.id, b)
    const u17b = '91440101MA5CK9W39'
    await b.client.post('/me/enterprise', {
      company_name: '广州第二测试有限公司',
      uscc: u17b + usccCheckChar(u17b),
      legal_rep_name: '钱七',
      legal_rep_id_number: makeIdNumber('19710101'),
    })
    expect(visibleText((await b.client.get('/applications')).text)).toContain(ref) // b operates two enterprises now
    expect(visibleText((await a.client.get('/applications')).text)).toContain(ref)
    expect(visibleText((await outsider.client.get('/applications')).text)).not.toContain(ref)
  })
})

describe('following an application', () => {
  async function submitted() {
    const a = await citizen(ctx)
    const token = await formToken(a.client, 'talent-registration')
    const r = await a.client.postMultipart(
      '/applications',
      multipart(
        { service: 'talent-registration', form_token: token, ...TALENT_FIELDS, position: '<script>alert(1)</script>' },
        { file_degree_certificate: PDF, file_labour_contract: PDF },
      ),
    )
    return { a, ref: r.location!.split('/').pop()!.split('?')[0] }
  }

  it("another user's ref answers 404; attachments download only to the owner, never inline", async () => {
    const { a, ref } = await submitted()
    const b = await citizen(ctx)
    expect((await b.client.get(`/applications/${ref}`)).status).toBe(404)
    const page = await a.client.get(`/applications/${ref}`)
    expect(page.text).not.toContain('<script>alert(1)</script>')
    expect(page.text).toContain('&lt;script&gt;')
    const link = page.text.match(/href="(\/applications\/[^"]+\/attachments\/\d+)"/)![1]
    const dl = await a.client.get(link)
    expect(dl.status).toBe(200)
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment/)
    expect((await b.client.get(link)).status).toBe(404)
    expect(visibleText((await b.client.get('/applications')).text)).not.toContain(ref)
  })

  it('withdraws with a reason before a decision; rating only after a decision, once', async () => {
    const { a, ref } = await submitted()
    expect((await a.client.post(`/applications/${ref}/rating`, { score: '5', comment: '好' })).status).toBe(409)
    expect((await a.client.post(`/applications/${ref}/withdraw`, { reason: '' })).status).toBe(422)
    expect((await a.client.post(`/applications/${ref}/withdraw`, { reason: '信息填错，重新申请' })).status).toBe(303)
    expect(visibleText((await a.client.get(`/applications/${ref}`)).text)).toContain('已撤回')
    expect((await a.client.post(`/applications/${ref}/withdraw`, { reason: 'again' })).status).toBe(409)

    const { a: c2, ref: ref2 } = await submitted()
    await ctx.services.applications.act((await ctx.services.applications.byRef(ref2))!, 'accept', { type: 'staff', id: 1 })
    await ctx.services.applications.act(
      (await ctx.services.applications.byRef(ref2))!,
      'reject',
      { type: 'staff', id: 1 },
      {
        reason: '材料不全',
        set: { decisionReason: '材料不全' },
      },
    )
    const badScore = await c2.client.post(`/applications/${ref2}/rating`, { score: '9' })
    expect(badScore.status).toBe(422)
    expect(badScore.text).toContain('<fieldset class="field has-error" id="f-score" aria-describedby="f-score-error">')
    expect(badScore.text).toMatch(/<p class="error-message" id="f-score-error"[^>]*><span class="visually-hidden">错误：<\/span>/)
    expect(badScore.text).toContain('href="#f-score"')
    expect((await c2.client.post(`/applications/${ref2}/rating`, { score: '2', comment: '太慢' })).status).toBe(303)
    expect((await c2.client.post(`/applications/${ref2}/rating`, { score: '5' })).status).toBe(409)
    const page = visibleText((await c2.client.get(`/applications/${ref2}`)).text)
    expect(page).toContain('不满意')
    expect(page).toContain('行政复议')
  })

  it('answers a supplement request with only the listed items', async () => {
    const { a, ref } = await submitted()
    const app = (await ctx.services.applications.byRef(ref))!
    await ctx.services.applications.act(
      app,
      'supplement',
      { type: 'staff', id: 1 },
      {
        reason: '请补正以下材料',
        detail: {
          items: [
            { key: 'school', label: '毕业院校', note: '请填写全称' },
            { key: 'labour_contract', label: '劳动合同', note: '缺签字页' },
          ],
        },
      },
    )
    const page = await a.client.get(`/applications/${ref}`)
    expect(visibleText(page.text)).toContain('缺签字页')
    const missing = await a.client.postMultipart(`/applications/${ref}/resubmit`, multipart({ school: '华南理工大学（五山校区）' }))
    expect(missing.status).toBe(422)
    expect(visibleText(missing.text)).toContain('请上传劳动合同')
    // the error summary's link lands on the file input, which points at its message
    expect(missing.text).toContain('href="#f-file_labour_contract"')
    expect(missing.text).toMatch(
      /<input type="file" id="f-file_labour_contract" name="file_labour_contract" aria-invalid="true" aria-describedby="f-file_labour_contract-error"/,
    )
    const ok = await a.client.postMultipart(
      `/applications/${ref}/resubmit`,
      multipart({ school: '华南理工大学（五山校区）' }, { file_labour_contract: PDF }),
    )
    expect(ok.status).toBe(303)
    const after = visibleText((await a.client.get(`/applications/${ref}`)).text)
    expect(after).toContain('补正材料齐全，予以受理')
    expect(after).toContain('华南理工大学（五山校区）')
  })

  it('shows in-site messages with an unread count, and marks them read', async () => {
    const { a } = await submitted()
    const home = await a.client.get('/')
    expect(home.text).toContain('1条未读')
    const m = await a.client.get('/me/messages')
    const id = m.text.match(/\/me\/messages\/(\d+)\/read/)![1]
    await a.client.post(`/me/messages/${id}/read`)
    expect((await a.client.get('/')).text).not.toContain('条未读')
  })
})

describe('容缺受理', () => {
  it('a submission without the required materials is accepted and records what is missing', async () => {
    const a = await citizen(ctx)
    const token = await formToken(a.client, 'talent-registration')
    const check = await a.client.post('/applications', {
      service: 'talent-registration',
      form_token: token,
      step: 'check',
      ...TALENT_FIELDS,
    })
    expect(visibleText(check.text)).toContain('学历学位证书、劳动合同尚未上传')
    const r = await a.client.post('/applications', { service: 'talent-registration', form_token: token, ...TALENT_FIELDS })
    expect(r.status).toBe(303)
    expect(r.location).toMatch(/^\/applications\/RC\d{8}[A-Z0-9]{6}\?submitted=1$/)
    expect(visibleText((await a.client.get(r.location!)).text)).toContain('待补充材料：学历学位证书、劳动合同')
  })
})
