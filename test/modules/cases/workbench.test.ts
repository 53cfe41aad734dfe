import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import { visibleText } from '../../support/client.js'
import { staffMember, citizen, signIn } from '../../support/fixtures.js'
import { ensureCatalog, submittedCase, multipart, PDF } from '../../support/cases.js'
import { today } from '../../../src/lib/time.js'

let ctx: TestContext
let clerk: Awaited<ReturnType<typeof staffMember>>
let clerk2: Awaited<ReturnType<typeof staffMember>>
let reviewer: Awaited<ReturnType<typeof staffMember>>
let supervisor: Awaited<ReturnType<typeof staffMember>>
beforeAll(async () => {
  ctx = await createTestContext()
  ctx.clock.set('2026-11-23T02:00:00.000Z') // Monday 10:00 Beijing
  await ensureCatalog(ctx)
  clerk = await staffMember(ctx, 'clerk')
  clerk2 = await staffMember(ctx, 'clerk')
  reviewer = await staffMember(ctx, 'reviewer')
  supervisor = await staffMember(ctx, 'supervisor')
})
afterAll(() => ctx.close())

/** Fresh staff sessions (the fake clock jumps days, past the 15-minute idle timeout). */
async function keepAlive() {
  for (const s of [clerk, clerk2, reviewer, supervisor]) s.client = await signIn(ctx, 'staff', s.id)
}

describe('queue', () => {
  it('lists open cases with filters, counts and keyset paging; roles other than case roles get 403', async () => {
    const { ref } = await submittedCase(ctx)
    const { ref: ref2 } = await submittedCase(ctx, 'housing-subsidy')
    const q = await clerk.client.get('/staff/cases')
    expect(q.status).toBe(200)
    expect(q.text).toContain(ref)
    expect(q.text).toContain(ref2)
    expect(visibleText(q.text)).toMatch(/已提交，待受理 \d+/)
    const f = await clerk.client.get('/staff/cases?service=housing-subsidy')
    expect(f.text).toContain(ref2)
    expect(f.text).not.toContain(`case-${ref}"`)
    const byRef = await clerk.client.get(`/staff/cases?q=${ref.toLowerCase()}`)
    expect(byRef.text).toContain(`case-${ref}"`)
    expect(byRef.text).not.toContain(`case-${ref2}"`)
    const frag = await clerk.client.get('/staff/cases?status=submitted', { 'hx-request': 'true', 'hx-target': 'queue-results' })
    expect(frag.text).not.toContain('<html')
    expect(frag.text).toContain('queue-results')
    for (let i = 0; i < 21; i++) await submittedCase(ctx)
    const p1 = await clerk.client.get('/staff/cases')
    const next = p1.text.match(/href="([^"]*after=\d+)"/)![1].replace(/&amp;/g, '&')
    const p2 = await clerk.client.get(next)
    expect(p2.status).toBe(200)
    const refs1 = [...p1.text.matchAll(/data-qa="case-([A-Z0-9]+)"/g)].map((m) => m[1])
    const refs2 = [...p2.text.matchAll(/data-qa="case-([A-Z0-9]+)"/g)].map((m) => m[1])
    expect(refs1).toHaveLength(20)
    expect(refs2.some((r) => refs1.includes(r))).toBe(false)
    for (const role of ['complaints', 'sysadmin', 'secadmin', 'auditor']) {
      const s = await staffMember(ctx, role)
      expect((await s.client.get('/staff/cases')).status).toBe(403)
      expect((await s.client.get(`/staff/cases/${ref}`)).status).toBe(403)
    }
    const anon = await citizen(ctx)
    expect((await anon.client.get('/staff/cases')).status).toBe(303)
  })

  it('claims: one clerk at a time, race-safe; the second gets 409 with a clear message', async () => {
    await keepAlive()
    const { ref } = await submittedCase(ctx)
    const [a, b] = await Promise.all([clerk.client.post(`/staff/cases/${ref}/claim`), clerk2.client.post(`/staff/cases/${ref}/claim`)])
    expect([a.status, b.status].sort()).toEqual([303, 409])
    const loser = a.status === 409 ? a : b
    expect(visibleText(loser.text)).toContain('已由')
  })
})

describe('decisions', () => {
  it('accept → supplement (two items) → citizen resubmits → reviewer approves → citizen rates; deadline paused meanwhile', async () => {
    await keepAlive()
    const { citizen: a, ref } = await submittedCase(ctx)
    // missing role → 403; impossible transition → 409
    expect((await clerk.client.post(`/staff/cases/${ref}/decision`, { decision: 'approve', reason: '' })).status).toBe(403)
    expect((await reviewer.client.post(`/staff/cases/${ref}/decision`, { decision: 'approve', reason: '' })).status).toBe(409)
    // reviewer's failed attempt claimed it? It must not have: a 409 leaves the holder as it was (reviewer claimed on decide).
    await supervisor.client.post(`/staff/cases/${ref}/assign`, { assignee: String(clerk.id) })
    const accept = await clerk.client.post(`/staff/cases/${ref}/decision`, { decision: 'accept', reason: '' })
    expect(accept.status).toBe(303)
    let app = (await ctx.services.applications.byRef(ref))!
    expect(app.status).toBe('accepted')
    expect(app.deadlineDate).toBe('2026-12-07') // 10 working days from Mon 23 Nov
    const noItems = await clerk.client.post(`/staff/cases/${ref}/decision`, { decision: 'supplement', reason: '' })
    expect(noItems.status).toBe(422)
    // the message sits next to the checklist, is announced as an error and the fieldset points at it;
    // the error summary's link lands on the fieldset
    expect(noItems.text).toContain('<fieldset class="field has-error" id="f-items" aria-describedby="f-items-error">')
    expect(noItems.text).toMatch(
      /<p class="error-message" id="f-items-error"[^>]*><span class="visually-hidden">错误：<\/span>请勾选需要补正的全部材料/,
    )
    expect(noItems.text).toContain('href="#f-items"')
    const sup = await clerk.client.post(`/staff/cases/${ref}/decision`, {
      decision: 'supplement',
      reason: '请一次性补正以下两项',
      items: ['school', 'labour_contract'],
      note_labour_contract: '缺少签字页',
    })
    expect(sup.status).toBe(303)
    expect(visibleText((await a.client.get(`/applications/${ref}`)).text)).toContain('缺少签字页')
    // the applicant takes 3 working days (Mon → Thu)
    ctx.clock.advanceDays(3)
    await keepAlive()
    a.client = await signIn(ctx, 'citizen', a.id)
    const re = await a.client.postMultipart(
      `/applications/${ref}/resubmit`,
      multipart({ school: '华南理工大学' }, { file_labour_contract: PDF }),
    )
    expect(re.status).toBe(303)
    app = (await ctx.services.applications.byRef(ref))!
    expect(app.status).toBe('accepted')
    expect(app.deadlineDate).toBe('2026-12-10') // pushed by the 3 working days waited
    await supervisor.client.post(`/staff/cases/${ref}/assign`, { assignee: String(reviewer.id) })
    expect((await reviewer.client.post(`/staff/cases/${ref}/decision`, { decision: 'approve', reason: '符合E类条件' })).status).toBe(303)
    expect(visibleText((await a.client.get(`/applications/${ref}`)).text)).toContain('审核通过')
    expect((await a.client.post(`/applications/${ref}/rating`, { score: '5', comment: '很快' })).status).toBe(303)
    // every step audited, applicant notified
    const actions = (await ctx.deps.db.selectFrom('auditLog').select('action').where('subjectId', '=', ref).execute()).map((r) => r.action)
    expect(actions.filter((x) => x === 'case.decision')).toHaveLength(3)
    const msgs = await ctx.deps.db.selectFrom('messages').select('title').where('userId', '=', a.id).execute()
    expect(msgs.map((m) => m.title)).toEqual(expect.arrayContaining(['您的申请已受理', '请补正材料', '您的申请已通过']))
  })

  it('a case held by another answers 409; reject needs a reason shown to the applicant', async () => {
    await keepAlive()
    const { citizen: a, ref } = await submittedCase(ctx)
    await clerk.client.post(`/staff/cases/${ref}/claim`)
    expect((await clerk2.client.post(`/staff/cases/${ref}/decision`, { decision: 'accept' })).status).toBe(409)
    await clerk.client.post(`/staff/cases/${ref}/decision`, { decision: 'accept' })
    await supervisor.client.post(`/staff/cases/${ref}/assign`, { assignee: String(reviewer.id) })
    const noReason = await reviewer.client.post(`/staff/cases/${ref}/decision`, { decision: 'reject', reason: '' })
    expect(noReason.status).toBe(422)
    expect(visibleText(noReason.text)).toContain('不予通过须说明理由')
    expect((await reviewer.client.post(`/staff/cases/${ref}/decision`, { decision: 'reject', reason: '社保缴纳不满3个月' })).status).toBe(
      303,
    )
    const page = visibleText((await a.client.get(`/applications/${ref}`)).text)
    expect(page).toContain('社保缴纳不满3个月')
    expect(page).toContain('行政复议')
  })

  it('records the subsidy payment after approval', async () => {
    await keepAlive()
    const { citizen: a, ref } = await submittedCase(ctx, 'housing-subsidy')
    await supervisor.client.post(`/staff/cases/${ref}/decision`, { decision: 'accept' })
    await supervisor.client.post(`/staff/cases/${ref}/decision`, { decision: 'approve', reason: '' })
    expect(
      (await supervisor.client.post(`/staff/cases/${ref}/payment`, { amount: 'x', date: '2026-11-23', voucher: 'PV-2026-001' })).status,
    ).toBe(422)
    expect(
      // the payment date lies between the submission and today (the clock moved on above)
      (
        await supervisor.client.post(`/staff/cases/${ref}/payment`, {
          amount: '12000',
          date: today(ctx.clock),
          voucher: 'PV-2026-001',
        })
      ).status,
    ).toBe(303)
    expect(visibleText((await a.client.get(`/applications/${ref}`)).text)).toContain('补贴已发放')
  })
})

describe('personal data on the staff side', () => {
  it('masks numbers; unmasking needs a purpose and is an audit event with the citizen as subject', async () => {
    await keepAlive()
    const { citizen: a, ref } = await submittedCase(ctx)
    const page = await clerk.client.get(`/staff/cases/${ref}`)
    expect(page.text).not.toContain(a.idNumber)
    expect(page.text).toContain(`${a.idNumber.slice(0, 4)}**********${a.idNumber.slice(-4)}`)
    expect((await clerk.client.post(`/staff/cases/${ref}/reveal`, { purpose: '' })).status).toBe(422)
    expect((await clerk.client.post(`/staff/cases/${ref}/reveal`, { purpose: '其他（须说明）', note: '' })).status).toBe(422)
    const r = await clerk.client.post(`/staff/cases/${ref}/reveal`, { purpose: '核对申请人身份' })
    expect(r.status).toBe(200)
    expect(r.text).toContain(a.idNumber)
    const ev = await ctx.deps.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'case.personal_data_viewed')
      .where('subjectId', '=', String(a.id))
      .execute()
    expect(ev).toHaveLength(1)
    expect(ev[0]).toMatchObject({ actorType: 'staff', subjectType: 'citizen', actorId: String(clerk.id) })
    expect(ev[0].purpose).toContain('核对申请人身份')
  })

  it('counter look-up by ID number is audited with purpose 窗口办理', async () => {
    await keepAlive()
    const a = await citizen(ctx)
    const bad = await clerk.client.post('/staff/counter/lookup', { id_number: a.idNumber, verification_method: '' })
    expect(bad.status).toBe(422)
    const r = await clerk.client.post('/staff/counter/lookup', { id_number: a.idNumber, verification_method: '身份证读卡器' })
    expect(r.status).toBe(200)
    expect(visibleText(r.text)).toContain('张三')
    expect(r.text).not.toContain(`>${a.idNumber}<`)
    const ev = await ctx.deps.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'counter.lookup')
      .where('subjectId', '=', String(a.id))
      .execute()
    expect(ev[0].purpose).toBe('窗口办理（按身份证号查询）')
    expect((await reviewer.client.get('/staff/counter')).status).toBe(403)
  })
})
