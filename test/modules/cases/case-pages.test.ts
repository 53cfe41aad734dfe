/** What the citizen and the clerk read on a case page: steps to come with dates, the outcome, material versions, kept input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import { visibleText, TestClient } from '../../support/client.js'
import { staffMember, signIn } from '../../support/fixtures.js'
import { ensureCatalog, submittedCase, multipart, PDF } from '../../support/cases.js'

let ctx: TestContext
let clerk: Awaited<ReturnType<typeof staffMember>>
let reviewer: Awaited<ReturnType<typeof staffMember>>
beforeAll(async () => {
  ctx = await createTestContext()
  ctx.clock.set('2026-11-23T02:00:00.000Z') // Monday 10:00 Beijing
  await ensureCatalog(ctx)
  clerk = await staffMember(ctx, 'clerk')
  reviewer = await staffMember(ctx, 'reviewer')
})
afterAll(() => ctx.close())

const step = (html: string, i: number) => {
  const m = html.match(new RegExp(`<li class="step [^"]*" data-qa="step-${i}" data-state="([a-z]+)">([\\s\\S]*?)</li>`))
  return m ? { state: m[1], text: visibleText(m[2]) } : null
}

describe('citizen case page', () => {
  it('confirms the submission once, then shows the guide steps with expected dates, then the outcome in plain words', async () => {
    const { citizen: a, ref } = await submittedCase(ctx)
    const first = await a.client.get(`/applications/${ref}?submitted=1`)
    expect(first.text).toContain('data-qa="confirmation"')
    expect(visibleText(first.text)).toContain(ref)
    expect((await a.client.get(`/applications/${ref}`)).text).not.toContain('data-qa="confirmation"')
    let page = (await a.client.get(`/applications/${ref}`)).text
    expect(step(page, 0)?.state).toBe('done')
    expect(step(page, 1)).toMatchObject({ state: 'todo', text: expect.stringContaining('预计 2026-11-24 前') as string })
    // 受理 expected Tue 24 Nov, then 10 working days → Tue 8 Dec
    expect(step(page, 2)).toMatchObject({ state: 'todo', text: expect.stringContaining('预计 2026-12-08 前') as string })
    expect(step(page, 3)).toBeNull() // talent registration: three steps, as its guide says
    await clerk.client.post(`/staff/cases/${ref}/decision`, { decision: 'accept' })
    page = (await a.client.get(`/applications/${ref}`)).text
    expect(step(page, 1)?.state).toBe('done')
    expect(step(page, 2)?.text).toContain('预计 2026-12-07 前（法定办结期限）')
    await reviewer.client.post(`/staff/cases/${ref}/decision`, { decision: 'reject', reason: '社保缴纳不满3个月' })
    page = (await a.client.get(`/applications/${ref}`)).text
    expect(page).toContain('data-outcome="rejected"')
    const outcome = visibleText(page.slice(page.indexOf('data-qa="outcome"')))
    expect(outcome).toContain('理由：社保缴纳不满3个月')
    expect(outcome).toContain('接下来：如对决定有异议')
    expect(step(page, 2)?.state).toBe('done')
  })

  it('a subsidy shows its payment step, and after approval says the money goes to the verified account', async () => {
    const { citizen: a, ref } = await submittedCase(ctx, 'housing-subsidy')
    await clerk.client.post(`/staff/cases/${ref}/decision`, { decision: 'accept' })
    await reviewer.client.post(`/staff/cases/${ref}/decision`, { decision: 'approve', reason: '符合条件' })
    const page = (await a.client.get(`/applications/${ref}`)).text
    expect(step(page, 3)).toMatchObject({ state: 'todo', text: expect.stringContaining('审核通过后登记发放') as string })
    expect(visibleText(page.slice(page.indexOf('data-qa="outcome"')))).toContain('补贴将按规定发放至您实名认证的收款账户')
  })

  it("the guides' steps are the steps the portal takes (no 公示, no certificate, no quarterly payment)", async () => {
    const anon = new TestClient(ctx)
    for (const [code, n] of [
      ['talent-registration', 3],
      ['housing-subsidy', 4],
      ['enterprise-talent-subsidy', 4],
    ] as const) {
      const g = (await anon.get(`/services/${code}`)).text
      const steps = g.slice(g.indexOf('办理流程'))
      expect(steps.match(/<li>/g)?.length ?? 0, code).toBeGreaterThanOrEqual(n)
      expect(visibleText(steps)).toContain('一次性告知')
      expect(visibleText(steps)).not.toMatch(/公示|证书|按季度/)
    }
  })
})

describe('materials and staff forms', () => {
  it('a replaced material keeps its versions with date and supplier, the current one marked (citizen and staff)', async () => {
    const { citizen: a, ref } = await submittedCase(ctx)
    await clerk.client.post(`/staff/cases/${ref}/decision`, { decision: 'supplement', reason: '请补正', items: ['labour_contract'] })
    ctx.clock.advanceDays(1)
    a.client = await signIn(ctx, 'citizen', a.id)
    clerk.client = await signIn(ctx, 'staff', clerk.id)
    reviewer.client = await signIn(ctx, 'staff', reviewer.id)
    const re = await a.client.postMultipart(
      `/applications/${ref}/resubmit`,
      multipart({}, { file_labour_contract: [PDF, '合同-签字版.pdf'] }),
    )
    expect(re.status).toBe(303)
    for (const html of [(await a.client.get(`/applications/${ref}`)).text, (await clerk.client.get(`/staff/cases/${ref}`)).text]) {
      const block = html.slice(
        html.indexOf('data-qa="material-labour_contract"'),
        html.indexOf('data-qa="material-labour_contract"') + 3000,
      )
      const versions = [...block.matchAll(/data-qa="version" data-current="(true|false)">([\s\S]*?)<\/li>/g)].map((m) => [
        m[1],
        visibleText(m[2]),
      ])
      expect(versions).toHaveLength(2)
      expect(versions[0][0]).toBe('true')
      expect(versions[0][1]).toMatch(/第2版：\s?合同-签字版\.pdf .*2026-11-24 \d\d:\d\d · 申请人上传（补正） 当前版本/)
      expect(versions[1][1]).toMatch(/第1版：.*2026-11-23 \d\d:\d\d · 申请人上传 已被替换/)
    }
  })

  it('a refused decision keeps the ticked items, their notes and the reason; a done one says what was done', async () => {
    const { ref } = await submittedCase(ctx)
    const r = await clerk.client.post(`/staff/cases/${ref}/decision`, {
      decision: 'supplement',
      reason: '',
      items: ['school', 'labour_contract'],
      note_labour_contract: '缺少签字页',
    })
    expect(r.status).toBe(422)
    expect(r.text).toMatch(/<input type="checkbox" name="items" value="school" checked/)
    expect(r.text).toMatch(/<input type="checkbox" name="items" value="labour_contract" checked/)
    expect(r.text).not.toMatch(/value="degree_certificate" checked/)
    expect(r.text).toContain('value="缺少签字页"')
    expect(r.text).toMatch(/<input type="radio" name="decision" value="supplement" checked/)
    const reject = await reviewer.client.post(`/staff/cases/${ref}/decision`, { decision: 'reject', reason: '理由写在这里' })
    expect(reject.status).toBe(409) // not accepted yet: the reason is kept with the refusal
    expect(reject.text).toContain('理由写在这里')
    const ok = await clerk.client.post(`/staff/cases/${ref}/decision`, { decision: 'accept' })
    // the next case in the clerk's queue opens, saying plainly what was decided on the one just done
    // (this clerk's queue is empty here, so the same case shows it; case-workbench.test.ts has the next-case path)
    expect(ok.location).toBe(`/staff/cases/${ref}?done=accept`)
    const next = await clerk.client.get(ok.location!)
    expect(next.text).toContain(`data-qa="confirmation" data-decision="accept" data-ref="${ref}"`)
    expect(visibleText(next.text)).toContain(`办件 ${ref} 已受理：法定办结期限 2026-12-08`)
  })
})

describe('workbench', () => {
  it('full-width staff layout without the public footer; clickable status counts; staff by name and number; waiting days', async () => {
    const { ref } = await submittedCase(ctx)
    await clerk.client.post(`/staff/cases/${ref}/claim`)
    ctx.clock.advanceDays(3) // Thu 26 → Sun 29 Nov (from the earlier tests' Tue): working days counted
    clerk.client = await signIn(ctx, 'staff', clerk.id)
    const q = (await clerk.client.get('/staff/cases')).text
    expect(q).toContain('class="staff-area"')
    expect(q).not.toContain('href="/cookies"')
    expect(q).not.toContain('href="/privacy-policy"')
    expect(q).toMatch(/<a class="count" href="\/staff\/cases\?status=submitted"[^>]*>已提交，待受理 <strong>\d+<\/strong>/)
    const row = q.slice(q.indexOf(`data-qa="case-${ref}"`), q.indexOf('</tr>', q.indexOf(`data-qa="case-${ref}"`)))
    const me = (await ctx.services.staff.byId(clerk.id))!
    expect(visibleText(row).replace(/\s+/g, '')).toContain(`我（${me.displayName}（${me.staffNo}））`) // the name is its own element (user data)
    const submitted = (await ctx.services.applications.byRef(ref))!.submittedAt!
    const expected = await ctx.services.calendar.workingDaysBetween(
      new Date(Date.parse(submitted) + 8 * 3_600_000).toISOString().slice(0, 10),
      new Date(ctx.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10),
    )
    expect(row).toMatch(new RegExp(`<td[^>]*data-qa="waiting">${expected}</td>`))
    expect(expected).toBeGreaterThan(0)
    // another clerk sees who holds it by name and number
    const other = await staffMember(ctx, 'clerk')
    const refused = await other.client.post(`/staff/cases/${ref}/claim`)
    expect(refused.status).toBe(409)
    expect(visibleText(refused.text)).toContain(`${me.displayName}（${me.staffNo}）`)
    const filtered = (await clerk.client.get('/staff/cases?status=submitted')).text
    expect(filtered).toContain('href="/staff/cases?status=submitted" aria-current="true"')
  })
})
