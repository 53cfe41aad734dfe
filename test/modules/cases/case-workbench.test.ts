/**
 * The case page of the workbench (issue 18, case part): materials previewed inline under a safe CSP and audited,
 * keyboard shortcuts on plain links and forms, supplement-reason templates, the next case after a decision
 * with the decision confirmed on it, input kept on refusals, and 不予受理 (decision 0205).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import { visibleText, TestClient } from '../../support/client.js'
import { staffMember } from '../../support/fixtures.js'
import { ensureCatalog, submittedCase, multipart } from '../../support/cases.js'

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0,
])

let ctx: TestContext
let clerk: Awaited<ReturnType<typeof staffMember>>
let reviewer: Awaited<ReturnType<typeof staffMember>>
let supervisor: Awaited<ReturnType<typeof staffMember>>
beforeAll(async () => {
  ctx = await createTestContext()
  ctx.clock.set('2026-11-23T02:00:00.000Z') // Monday 10:00 Beijing
  await ensureCatalog(ctx)
  clerk = await staffMember(ctx, 'clerk')
  reviewer = await staffMember(ctx, 'reviewer')
  supervisor = await staffMember(ctx, 'supervisor')
})
afterAll(() => ctx.close())

const csp = (h: Headers) => h.get('content-security-policy') ?? ''
const audits = (purposeLike: string) =>
  ctx.deps.db
    .selectFrom('auditLog')
    .select(['action', 'subjectType', 'subjectId', 'purpose'])
    .where('purpose', 'like', purposeLike)
    .execute()

describe('materials preview', () => {
  it('the case page frames the current PDF beside the form; the preview is inline, typed, sandbox-safe and audited', async () => {
    const { citizen: a, ref } = await submittedCase(ctx)
    const page = await clerk.client.get(`/staff/cases/${ref}`)
    expect(page.status).toBe(200)
    // split view: the main column and the materials column with the frame
    expect(page.text).toContain('class="case-split"')
    const frame = page.text.match(/<iframe name="material-preview"[^>]*src="([^"]+)"/)
    expect(frame?.[1]).toMatch(new RegExp(`^/staff/cases/${ref}/materials/\\d+/preview$`))
    expect(page.text.match(/data-qa="preview-link"/g)?.length).toBe(2)
    // the page may frame its own origin; other pages may frame nothing
    expect(csp(page.headers)).toContain("frame-src 'self'")
    expect(csp(page.headers)).toContain("frame-ancestors 'none'")
    expect(csp((await clerk.client.get('/staff/cases')).headers)).toContain("frame-src 'none'")
    expect(csp((await new TestClient(ctx).get('/')).headers)).toContain("frame-src 'none'")

    const before = (await audits('预览材料%')).length
    const r = await clerk.client.get(frame![1])
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('application/pdf')
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(r.headers.get('content-disposition')).toMatch(/^inline; filename\*=UTF-8''/)
    expect(r.headers.get('cache-control')).toBe('private, no-store')
    // its own policy, not the page's (which would forbid the frame): only our pages may frame it, nothing runs
    expect(csp(r.headers)).toContain("frame-ancestors 'self'")
    expect(csp(r.headers)).toContain("default-src 'none'")
    expect(csp(r.headers)).not.toContain('script-src')
    const rows = await audits('预览材料%')
    expect(rows.length).toBe(before + 1)
    expect(rows.at(-1)).toMatchObject({ action: 'case.viewed', subjectType: 'citizen', subjectId: String(a.id) })
    expect(rows.at(-1)!.purpose).toBe(`预览材料 学历学位证书（${ref}）`)
  })

  it('an image is previewed under CSP sandbox; versions show who supplied them, each with its own preview', async () => {
    const { citizen: a, ref } = await submittedCase(ctx)
    await clerk.client.post(`/staff/cases/${ref}/decision`, { decision: 'supplement', reason: '请补正', items: ['labour_contract'] })
    const re = await a.client.postMultipart(`/applications/${ref}/resubmit`, multipart({}, { file_labour_contract: [PNG, '合同.png'] }))
    expect(re.status).toBe(303)
    const page = (await reviewer.client.get(`/staff/cases/${ref}`)).text
    const links = [...page.matchAll(/href="(\/staff\/cases\/[^"]+\/materials\/(\d+)\/preview)"[^>]*data-qa="preview-link"/g)]
    expect(links.length).toBe(3) // degree v1, contract v1 (replaced) and v2 (current)
    const cur = page.match(/data-current="true">第2版：[\s\S]*?href="([^"]+\/preview)"/)
    const img = await reviewer.client.get(cur![1])
    expect(img.headers.get('content-type')).toBe('image/png')
    expect(csp(img.headers)).toMatch(/^sandbox; default-src 'none'/)
    expect(csp(img.headers)).toContain("frame-ancestors 'self'")
    // another case's material is not reachable through this case
    const other = await submittedCase(ctx)
    expect((await reviewer.client.get(`/staff/cases/${other.ref}/materials/${links[0][2]}/preview`)).status).toBe(404)
    // the citizen cannot use the staff route
    expect((await a.client.get(cur![1])).status).not.toBe(200)
  })
})

describe('keyboard shortcuts', () => {
  it('the case page and the queue show the legend; every key is a plain link, form or control; the script is same-origin', async () => {
    const { ref: older } = await submittedCase(ctx)
    const { ref } = await submittedCase(ctx)
    const { ref: newer } = await submittedCase(ctx)
    const page = (await clerk.client.get(`/staff/cases/${ref}`)).text
    expect(page).toContain('data-qa="key-legend"')
    for (const k of ['j', 'k', 'c', 'a', 's', 'y', 'n']) expect(page).toContain(`<kbd>${k}</kbd>`)
    expect(page).toMatch(/<script src="\/static\/js\/workbench.js" defer[^>]*><\/script>/)
    expect(page).toMatch(new RegExp(`href="/staff/cases/${older}" data-key="j"`))
    expect(page).toMatch(new RegExp(`href="/staff/cases/${newer}" data-key="k"`))
    expect(page).toMatch(/<form[^>]*action="\/staff\/cases\/[^"]+\/claim"[^>]*data-key="c"/)
    expect(page).toMatch(/value="accept"[^>]*data-key="a"/)
    expect(page).toMatch(/value="supplement"[^>]*data-key="s"/)
    const queue = (await clerk.client.get('/staff/cases')).text
    expect(queue).toContain('data-qa="key-legend"')
    expect(queue).toContain('/static/js/workbench.js')
    // in English too (the legend and the decision keys come from en/cases-case.ts)
    const en = visibleText((await clerk.client.get(`/staff/cases/${ref}?lang=en`)).text)
    for (const w of ['Keyboard shortcuts', 'Next case', 'Previous case', 'Claim case', 'Preview']) expect(en).toContain(w)
    await clerk.client.get(`/staff/cases/${ref}?lang=zh-CN`) // the language sticks (cookie): back to Chinese
    const js = await clerk.client.get('/static/js/workbench.js')
    expect(js.status).toBe(200)
    expect(js.text).toContain('typingIn(e.target)')
  })
})

describe('supplement-reason templates', () => {
  it('supervisors manage them (input kept on refusal); clerks pick one and it works without JS', async () => {
    expect((await clerk.client.get('/staff/templates')).status).toBe(403)
    const bad = await supervisor.client.post('/staff/templates', {
      service: 'talent-registration',
      title: '缺毕业证',
      text: '',
      items: ['school'],
    })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('value="缺毕业证"')
    expect(bad.text).toMatch(/value="school" checked/)
    const ok = await supervisor.client.post('/staff/templates', {
      service: 'talent-registration',
      title: '缺毕业证',
      text: '请上传毕业证书扫描件并核对毕业院校。',
      items: ['school', 'degree_certificate', 'rental_contract'],
    })
    expect(ok.status).toBe(303)
    const list = (await supervisor.client.get('/staff/templates')).text
    expect(visibleText(list)).toMatch(/缺毕业证\s*（毕业院校、学历学位证书）/) // the other service's item is dropped
    const { citizen: a, ref } = await submittedCase(ctx)
    const page = (await clerk.client.get(`/staff/cases/${ref}`)).text
    const id = page.match(/<option value="(\d+)"[^>]*data-text="请上传毕业证书扫描件并核对毕业院校。"/)?.[1]
    expect(id).toBeTruthy()
    // refused (no decision chosen): the template, the ticks and the notes stay
    const refused = await clerk.client.post(`/staff/cases/${ref}/decision`, { template: id!, items: ['major'], note_major: '专业名称' })
    expect(refused.status).toBe(422)
    expect(refused.text).toMatch(new RegExp(`<option value="${id}" selected`))
    expect(refused.text).toMatch(/value="major" checked/)
    expect(refused.text).toContain('value="专业名称"')
    const r = await clerk.client.post(`/staff/cases/${ref}/decision`, {
      decision: 'supplement',
      template: id!,
      items: ['major'],
      reason: '',
    })
    expect(r.status).toBe(303)
    const app = (await ctx.services.applications.byRef(ref))!
    const ev = (await ctx.services.applications.events(app.id)).at(-1)!
    expect(ev.reason).toBe('请上传毕业证书扫描件并核对毕业院校。')
    expect((JSON.parse(ev.detail!) as { items: { key: string }[] }).items.map((i) => i.key).sort()).toEqual([
      'degree_certificate',
      'major',
      'school',
    ])
    expect(visibleText((await a.client.get(`/applications/${ref}`)).text)).toContain('请上传毕业证书扫描件')
  })

  it('the demo services have seeded templates', async () => {
    await ctx.services.cases.templates.seedDemo()
    const all = await ctx.services.cases.templates.list()
    for (const code of ['talent-registration', 'housing-subsidy', 'enterprise-talent-subsidy'])
      expect(all.some((x) => x.serviceCode === code)).toBe(true)
  })
})

describe('after a decision', () => {
  it('the next case in my queue opens with the confirmation; with none left the same case says what was decided', async () => {
    const fresh = await createTestContext()
    try {
      fresh.clock.set('2026-11-23T02:00:00.000Z')
      await ensureCatalog(fresh)
      const c = await staffMember(fresh, 'clerk')
      const r1 = (await submittedCase(fresh)).ref
      const r2 = (await submittedCase(fresh)).ref
      const first = await c.client.post(`/staff/cases/${r2}/decision`, { decision: 'accept' })
      expect(first.location).toBe(`/staff/cases/${r1}?decided=${r2}&done=accept`)
      const shown = await c.client.get(first.location!)
      expect(shown.text).toContain(`data-qa="confirmation" data-decision="accept" data-ref="${r2}"`)
      expect(visibleText(shown.text)).toContain(`办件 ${r2} 已受理：法定办结期限 2026-12-07`)
      const last = await c.client.post(`/staff/cases/${r1}/decision`, { decision: 'supplement', reason: '请补正', items: ['school'] })
      expect(last.location).toBe(`/staff/cases/${r1}?done=supplement`)
      expect(visibleText((await c.client.get(last.location!)).text)).toContain(`办件 ${r1} 已发出一次性告知`)
    } finally {
      await fresh.close()
    }
  })
})

describe('不予受理', () => {
  it('needs a reason and the legal basis (input kept); ends the case before 受理; impossible after 受理', async () => {
    const { citizen: a, ref } = await submittedCase(ctx)
    const bad = await clerk.client.post(`/staff/cases/${ref}/decision`, { decision: 'refuse', reason: '不属于本机关职权范围', basis: '' })
    expect(bad.status).toBe(422)
    expect(bad.text).toMatch(/value="refuse" checked/)
    expect(bad.text).toContain('不属于本机关职权范围')
    expect(visibleText(bad.text)).toContain('请填写不予受理的法律依据')
    expect(
      (await reviewer.client.post(`/staff/cases/${ref}/decision`, { decision: 'refuse', reason: 'x', basis: '行政许可法第三十二条' }))
        .status,
    ).toBe(403)
    const ok = await clerk.client.post(`/staff/cases/${ref}/decision`, {
      decision: 'refuse',
      reason: '不属于本机关职权范围',
      basis: '《中华人民共和国行政许可法》第三十二条',
    })
    expect(ok.status).toBe(303)
    const row = (await ctx.services.applications.byRef(ref))!
    expect(row).toMatchObject({ status: 'not_accepted', acceptedAt: null, deadlineDate: null, decidedAt: null, assigneeStaffId: null })
    const page = (await a.client.get(`/applications/${ref}`)).text
    expect(page).toContain('data-outcome="not_accepted"')
    expect(visibleText(page)).toContain('不属于本机关职权范围（依据：《中华人民共和国行政许可法》第三十二条）')
    // nothing moves afterwards
    for (const d of ['accept', 'approve', 'supplement'])
      expect((await clerk.client.post(`/staff/cases/${ref}/decision`, { decision: d, reason: 'x', items: ['school'] })).status).not.toBe(
        303,
      )
    const accepted = (await submittedCase(ctx)).ref
    await clerk.client.post(`/staff/cases/${accepted}/decision`, { decision: 'accept' })
    const late = await clerk.client.post(`/staff/cases/${accepted}/decision`, {
      decision: 'refuse',
      reason: '理由',
      basis: '行政许可法第三十二条',
    })
    expect(late.status).toBe(409)
    expect(visibleText(late.text)).toContain('只有尚未受理的办件可以作出不予受理决定')
  })
})
