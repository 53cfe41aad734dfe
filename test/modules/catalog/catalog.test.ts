import nodeCrypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import { TestClient, visibleText } from '../../support/client.js'
import { citizen } from '../../support/fixtures.js'
import { seedCatalog } from '../../../src/modules/catalog/service.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
  await seedCatalog(ctx.services.catalog)
})
afterAll(() => ctx.close())

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
const FIELDS = {
  education: '大学本科',
  degree: '学士',
  school: '华南理工大学',
  major: '计算机科学与技术',
  graduation_date: '2018-07-01',
  employer: '广州示范科技有限公司',
  position: '工程师',
  talent_category: 'E类（青年后备人才）',
  arrival_date: '2019-03-01',
  insurance_months: '36',
}

async function apply(client: TestClient) {
  const form = await client.get('/applications/new?service=talent-registration')
  const token = form.text.match(/name="form_token" value="([^"]+)"/)![1]
  const fd = new FormData()
  for (const [k, v] of Object.entries({ service: 'talent-registration', form_token: token, ...FIELDS })) fd.append(k, v)
  fd.append('file_degree_certificate', new Blob([PDF]), 'degree.pdf')
  fd.append('file_labour_contract', new Blob([PDF]), 'contract.pdf')
  const r = await client.postMultipart('/applications', fd)
  expect(r.status).toBe(303)
  return r.location!.split('/').pop()!.split('?')[0]
}

describe('catalog', () => {
  it('guide shows legal basis, materials, time limit, fee, channel and phone', async () => {
    const g = visibleText((await new TestClient(ctx).get('/services/housing-subsidy')).text)
    for (const s of ['设立依据', '申请条件', '房屋租赁合同', '15 个工作日', '收费标准 免费', '网上办理', '在线办理']) expect(g).toContain(s)
    expect(g).toContain('咨询电话 12333')
  })

  it('search text is echoed escaped, never as markup', async () => {
    const r = await new TestClient(ctx).get('/services?q=' + encodeURIComponent('<script>alert(1)</script>'))
    expect(r.status).toBe(200)
    expect(r.text).not.toContain('<script>alert(1)</script>')
    expect(r.text).toContain('data-qa="no-services"')
  })

  it('an offline service keeps its guide but has no 在线办理 button and leaves the home page', async () => {
    await ctx.services.catalog.setStatus('enterprise-talent-subsidy', 'offline')
    try {
      const g = await new TestClient(ctx).get('/services/enterprise-talent-subsidy')
      expect(g.status).toBe(200)
      expect(g.text).not.toContain('data-qa="apply"')
      expect(visibleText(g.text)).toContain('暂停网上办理')
      expect(visibleText((await new TestClient(ctx).get('/')).text)).not.toContain('企业引才补贴')
      expect(visibleText((await new TestClient(ctx).get('/services')).text)).toContain('暂停网办')
    } finally {
      await ctx.services.catalog.setStatus('enterprise-talent-subsidy', 'online')
    }
  })
})

describe('reference numbers and transitions', () => {
  it('references carry the service prefix and the Beijing date, are unique and sort by date', async () => {
    const a = await citizen(ctx)
    const r1 = await apply(a.client)
    const r2 = await apply(a.client)
    expect(r1).not.toBe(r2)
    const day = ctx.clock.now().toISOString().slice(0, 10).replace(/-/g, '')
    expect(r1.startsWith('RC')).toBe(true)
    ctx.clock.advance(2 * 86400_000)
    const b = await citizen(ctx) // the first session has idled out after two days
    const r3 = await apply(b.client)
    expect(r3.slice(2, 10) > r1.slice(2, 10)).toBe(true)
    expect([r1.slice(2, 10), r3.slice(2, 10)].some((d) => d >= day)).toBe(true)
    const mine = visibleText((await b.client.get('/applications')).text)
    expect(mine).toContain(r3)
    expect(mine).not.toContain(r1)
  })

  it('an impossible transition is a 409 naming the current status and writes no event', async () => {
    const a = await citizen(ctx)
    const ref = await apply(a.client)
    const app = (await ctx.services.applications.byRef(ref))!
    const before = (await ctx.services.applications.events(app.id)).length
    await expect(ctx.services.applications.act(app, 'pay', { type: 'staff', id: 1 })).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining('已提交') as string,
    })
    expect((await ctx.services.applications.events(app.id)).length).toBe(before)
    await ctx.services.applications.act(app, 'accept', { type: 'staff', id: 1 }, { reason: '材料齐全' })
    const page = visibleText((await a.client.get(`/applications/${ref}`)).text)
    expect(page).toContain('材料齐全')
    // the stale row (still 'submitted') cannot be moved again: optimistic check on the status
    await expect(ctx.services.applications.act(app, 'accept', { type: 'staff', id: 2 })).rejects.toMatchObject({ status: 409 })
  })

  it("exportForUser and openAttachment give other modules what they need, and only that person's data", async () => {
    const a = await citizen(ctx)
    const b = await citizen(ctx)
    const ref = await apply(a.client)
    await apply(b.client)
    const exp = await ctx.services.applications.exportForUser(a.id)
    expect(exp.applications.map((x) => x.ref)).toEqual([ref])
    expect(exp.applications[0].answers.school).toBe('华南理工大学')
    expect(exp.applications[0].events[0].to).toBe('submitted')
    expect(exp.applications[0].attachments).toHaveLength(2)
    const att = exp.applications[0].attachments[0]
    expect(att.sha256).toMatch(/^[0-9a-f]{64}$/)
    const app = (await ctx.services.applications.byRef(ref))!
    const rows = await ctx.services.applications.attachmentsOf(app.id)
    const opened = await ctx.services.applications.openAttachment(rows[0].id)
    expect(new TextDecoder().decode(opened.bytes)).toContain('%PDF-')
    await expect(ctx.services.applications.openAttachment(999999)).rejects.toMatchObject({ status: 404 })
  })

  it('a clashing random reference is retried with a fresh one, not turned into an error', async () => {
    const a = await citizen(ctx)
    const b = await citizen(ctx)
    const fixed = Buffer.from([1, 2, 3, 4, 5, 6])
    let sixes = 0
    const real = nodeCrypto.randomBytes
    const spy = vi
      .spyOn(nodeCrypto, 'randomBytes')
      .mockImplementation((n: number) => (n === 6 && sixes++ < 2 ? Buffer.from(fixed) : real(n)))
    try {
      const r1 = await apply(a.client)
      const r2 = await apply(b.client)
      expect(r1.endsWith('345678')).toBe(true) // the forced bytes 1..6
      expect(sixes).toBe(3) // r2: one clash, one fresh reference
      expect(r2).not.toBe(r1)
      expect(r2.endsWith('345678')).toBe(false)
    } finally {
      spy.mockRestore()
    }
  })

  it('files posted under a name that is not a listed material are ignored, never stored', async () => {
    const a = await citizen(ctx)
    const form = await a.client.get('/applications/new?service=talent-registration')
    const token = form.text.match(/name="form_token" value="([^"]+)"/)![1]
    const fd = new FormData()
    for (const [k, v] of Object.entries({ service: 'talent-registration', form_token: token, ...FIELDS })) fd.append(k, v)
    fd.append('file_degree_certificate', new Blob([PDF]), 'degree.pdf')
    fd.append('file_labour_contract', new Blob([PDF]), 'contract.pdf')
    fd.append('file_bogus', new Blob([new TextEncoder().encode('<html><script>alert(1)</script>')]), 'x.html')
    const r = await a.client.postMultipart('/applications', fd)
    expect(r.status).toBe(303)
    const app = (await ctx.services.applications.byRef(r.location!.split('/').pop()!.split('?')[0]))!
    const atts = await ctx.services.applications.attachmentsOf(app.id)
    expect(atts.map((x) => x.itemKey).sort()).toEqual(['degree_certificate', 'labour_contract'])
  })

  it('a resubmission changes only the requested items: other fields and files posted with it are ignored', async () => {
    const a = await citizen(ctx)
    const ref = await apply(a.client)
    const app = (await ctx.services.applications.byRef(ref))!
    await ctx.services.applications.act(
      app,
      'supplement',
      { type: 'staff', id: 1 },
      {
        reason: '请补正',
        detail: { items: [{ key: 'school', label: '毕业院校' }] },
      },
    )
    const fd = new FormData()
    fd.append('school', '清华大学')
    fd.append('major', '被篡改的专业')
    fd.append('file_labour_contract', new Blob([PDF]), 'other.pdf')
    const r = await a.client.postMultipart(`/applications/${ref}/resubmit`, fd)
    expect(r.status).toBe(303)
    const after = (await ctx.services.applications.byRef(ref))!
    const data = JSON.parse(after.data) as Record<string, string>
    expect(data.school).toBe('清华大学')
    expect(data.major).toBe('计算机科学与技术')
    expect(after.status).toBe('accepted') // the complete answer to a notice before 受理 is the 受理
    expect(await ctx.services.applications.attachmentsOf(app.id)).toHaveLength(2)
  })
})
