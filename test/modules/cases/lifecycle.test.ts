/**
 * Every path through src/modules/applications/lifecycle.ts, driven over HTTP as clerk, reviewer and citizen,
 * each asserting the status history, the deadline date (with holidays, make-up workdays and paused supplements)
 * and the figures the statistics count. Each path has its own database, so its statistics are its own.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import { visibleText } from '../../support/client.js'
import { staffMember, signIn } from '../../support/fixtures.js'
import { ensureCatalog, submittedCase, multipart, PDF } from '../../support/cases.js'
import { SYSTEM_CONTEXT } from '../../../src/modules/audit/service.js'
import { createCaseService } from '../../../src/modules/cases/service.js'

let ctx: TestContext
afterEach(() => ctx?.close())

/** A fresh portal at a Beijing time, with a clerk, a reviewer and a supervisor. */
async function world(beijing: string) {
  ctx = await createTestContext()
  ctx.clock.set(new Date(`${beijing}+08:00`))
  await ensureCatalog(ctx)
  const staff = {
    clerk: await staffMember(ctx, 'clerk'),
    reviewer: await staffMember(ctx, 'reviewer'),
    supervisor: await staffMember(ctx, 'supervisor'),
  }
  /** Move the clock to a Beijing time and sign everyone in again (sessions time out meanwhile). */
  const at = async (t: string, ...citizens: { id: number; client: unknown }[]) => {
    ctx.clock.set(new Date(`${t}+08:00`))
    for (const s of Object.values(staff)) s.client = await signIn(ctx, 'staff', s.id)
    for (const c of citizens) c.client = await signIn(ctx, 'citizen', c.id)
  }
  return { ...staff, at }
}

async function history(ref: string) {
  const app = (await ctx.services.applications.byRef(ref))!
  return (await ctx.services.applications.events(app.id)).map((e) => e.toStatus)
}
const row = async (ref: string) => (await ctx.services.applications.byRef(ref))!
/** The statistics' totals for one service over 2026 (what /staff/stats and its CSV show). */
async function figures(service = 'talent-registration') {
  const { totals } = await ctx.services.cases.stats('2026-01-01', '2026-12-31')
  const t = totals.find((r) => r.service === service)
  return t ? { received: t.received, accepted: t.accepted, decided: t.decided, onTime: t.onTime, avgDays: t.avgDays } : null
}
/** The contract's marks on a page. */
function marks(html: string) {
  return {
    status: html.match(/data-qa="status" data-status="([a-z_]+)"/)?.[1],
    deadline: html.match(/<time data-qa="deadline" datetime="(\d{4}-\d{2}-\d{2})"/)?.[1] ?? null,
  }
}
const decide = (
  s: { client: { post: (p: string, b: Record<string, string | string[]>) => Promise<{ status: number; text: string }> } },
  ref: string,
  body: Record<string, string | string[]>,
) => s.client.post(`/staff/cases/${ref}/decision`, body)

describe('lifecycle paths', () => {
  it('受理 → 审核通过 across National Day: the day of 受理 does not count, holidays skip, the make-up Saturday counts', async () => {
    const w = await world('2026-09-30T10:00:00') // Wednesday before the Oct 1–7 holiday
    const { citizen: a, ref } = await submittedCase(ctx)
    let page = await a.client.get(`/applications/${ref}`)
    expect(marks(page.text)).toEqual({ status: 'submitted', deadline: null })
    expect((await decide(w.clerk, ref, { decision: 'accept' })).status).toBe(303)
    // Oct 8, 9, 10 (make-up Saturday), 12–16, 19, 20 → the 10th working day is Tue Oct 20
    expect((await row(ref)).deadlineDate).toBe('2026-10-20')
    page = await a.client.get(`/applications/${ref}`)
    expect(marks(page.text)).toEqual({ status: 'accepted', deadline: '2026-10-20' })
    expect(marks((await w.clerk.client.get(`/staff/cases/${ref}`)).text)).toEqual({ status: 'accepted', deadline: '2026-10-20' })
    await w.at('2026-10-15T16:00:00', a)
    expect((await decide(w.reviewer, ref, { decision: 'approve', reason: '符合E类条件' })).status).toBe(303)
    expect(await history(ref)).toEqual(['submitted', 'accepted', 'approved'])
    page = await a.client.get(`/applications/${ref}`)
    expect(marks(page.text)).toEqual({ status: 'approved', deadline: '2026-10-20' })
    // taken: Oct 8, 9, 10, 12, 13, 14, 15 = 7 working days; on time
    expect(await figures()).toEqual({ received: 1, accepted: 1, decided: 1, onTime: 1, avgDays: 7 })
  })

  it('一次性告知 before 受理: the complete answer is the 受理, the clock starts the next day; no second notice', async () => {
    const w = await world('2026-11-23T10:00:00') // Monday
    const { citizen: a, ref } = await submittedCase(ctx)
    expect((await decide(w.clerk, ref, { decision: 'supplement', reason: '请补正', items: ['labour_contract'] })).status).toBe(303)
    let page = await a.client.get(`/applications/${ref}`)
    expect(marks(page.text)).toEqual({ status: 'supplement', deadline: null })
    // nothing can be decided before 受理, not even a rejection while the notice is out
    expect((await decide(w.reviewer, ref, { decision: 'reject', reason: '材料不全' })).status).toBe(409)
    expect((await decide(w.reviewer, ref, { decision: 'approve' })).status).toBe(409)
    // the staff form no longer offers a second notice while the case waits for the citizen
    const staffPage = await w.clerk.client.get(`/staff/cases/${ref}`)
    expect(staffPage.text).not.toContain('value="supplement"')
    expect(marks(staffPage.text)).toEqual({ status: 'supplement', deadline: null })
    await w.at('2026-11-26T09:00:00', a) // Thursday
    const re = await a.client.postMultipart(`/applications/${ref}/resubmit`, multipart({}, { file_labour_contract: PDF }))
    expect(re.status).toBe(303)
    const r = await row(ref)
    expect(r.status).toBe('accepted')
    expect(r.acceptedAt).toBe('2026-11-26T01:00:00.000Z')
    // Nov 27, 30, Dec 1, 2, 3, 4, 7, 8, 9, 10 → Thu Dec 10
    expect(r.deadlineDate).toBe('2026-12-10')
    page = await a.client.get(`/applications/${ref}`)
    expect(marks(page.text)).toEqual({ status: 'accepted', deadline: '2026-12-10' })
    expect(visibleText(page.text)).toContain('补正材料齐全，予以受理')
    const msgs = await ctx.deps.db.selectFrom('messages').select('title').where('userId', '=', a.id).execute()
    expect(msgs.map((m) => m.title)).toContain('您的申请已受理')
    // the notice is sent once: not offered, and refused when posted
    expect((await w.clerk.client.get(`/staff/cases/${ref}`)).text).not.toContain('value="supplement"')
    const again = await decide(w.clerk, ref, { decision: 'supplement', reason: '再补', items: ['school'] })
    expect(again.status).toBe(409)
    expect(visibleText(again.text)).toContain('一次性告知只能发出一次')
    await expect(figures()).resolves.toEqual({ received: 1, accepted: 1, decided: 0, onTime: 0, avgDays: null })
    await w.at('2026-12-03T10:00:00', a)
    expect((await decide(w.reviewer, ref, { decision: 'approve' })).status).toBe(303)
    expect(await history(ref)).toEqual(['submitted', 'supplement', 'accepted', 'approved'])
    // taken from the answer: Nov 27, 30, Dec 1, 2, 3 = 5
    expect(await figures()).toEqual({ received: 1, accepted: 1, decided: 1, onTime: 1, avgDays: 5 })
  })

  it('supplement after 受理 over Spring Festival: the clock pauses, the deadline moves by the paused working days (make-up days count)', async () => {
    const w = await world('2026-02-13T10:00:00') // Friday before the festival
    const { citizen: a, ref } = await submittedCase(ctx)
    expect((await decide(w.clerk, ref, { decision: 'accept' })).status).toBe(303)
    // Feb 14 (make-up Saturday), 24, 25, 26, 27, 28 (make-up Saturday), Mar 2, 3, 4, 5
    expect((await row(ref)).deadlineDate).toBe('2026-03-05')
    await w.at('2026-02-25T11:00:00', a) // Wednesday: 3 working days used
    expect((await decide(w.clerk, ref, { decision: 'supplement', reason: '合同缺签字页', items: ['labour_contract'] })).status).toBe(303)
    const page = await a.client.get(`/applications/${ref}`)
    expect(marks(page.text)).toEqual({ status: 'supplement', deadline: '2026-03-05' })
    expect(visibleText(page.text)).toContain('补正期间暂停计时')
    // a paused clock is never flagged as near its deadline
    expect((await w.clerk.client.get('/staff/cases?near=1')).text).not.toContain(`case-${ref}"`)
    await w.at('2026-03-02T15:00:00', a) // Monday: paused Feb 26, 27, 28 (make-up), Mar 2 = 4 working days
    expect((await a.client.postMultipart(`/applications/${ref}/resubmit`, multipart({}, { file_labour_contract: PDF }))).status).toBe(303)
    const r = await row(ref)
    expect(r).toMatchObject({ status: 'accepted', deadlineDate: '2026-03-11', pausedDays: 4, pausedAt: null })
    expect(r.acceptedAt).toBe('2026-02-13T02:00:00.000Z') // 受理 stays where it was
    expect(marks((await a.client.get(`/applications/${ref}`)).text)).toEqual({ status: 'accepted', deadline: '2026-03-11' })
    // no second notice after 受理 either
    expect((await decide(w.clerk, ref, { decision: 'supplement', reason: '再补', items: ['school'] })).status).toBe(409)
    await w.at('2026-03-11T17:00:00', a) // decided on the deadline day: on time
    expect((await decide(w.reviewer, ref, { decision: 'approve' })).status).toBe(303)
    expect(await history(ref)).toEqual(['submitted', 'accepted', 'supplement', 'accepted', 'approved'])
    // Feb 14 … Mar 11 is 14 working days, 4 of them paused
    expect(await figures()).toEqual({ received: 1, accepted: 1, decided: 1, onTime: 1, avgDays: 10 })
  })

  it('rejected after its deadline: counted decided, not on time; the reason reaches the citizen', async () => {
    const w = await world('2026-11-23T10:00:00')
    const { citizen: a, ref } = await submittedCase(ctx)
    await decide(w.clerk, ref, { decision: 'accept' })
    expect((await row(ref)).deadlineDate).toBe('2026-12-07')
    await w.at('2026-12-08T10:00:00', a) // one working day late
    expect((await w.reviewer.client.get(`/staff/cases?overdue=1`)).text).toContain(`case-${ref}"`)
    expect((await decide(w.reviewer, ref, { decision: 'reject', reason: '社保缴纳不满3个月' })).status).toBe(303)
    expect(await history(ref)).toEqual(['submitted', 'accepted', 'rejected'])
    const page = await a.client.get(`/applications/${ref}`)
    expect(marks(page.text)).toEqual({ status: 'rejected', deadline: '2026-12-07' })
    expect(visibleText(page.text)).toContain('社保缴纳不满3个月')
    expect(await figures()).toEqual({ received: 1, accepted: 1, decided: 1, onTime: 0, avgDays: 11 })
  })

  it('rejected while a supplement after 受理 is awaited: the pause ends with the decision', async () => {
    const w = await world('2026-11-23T10:00:00')
    const { citizen: a, ref } = await submittedCase(ctx)
    await decide(w.clerk, ref, { decision: 'accept' })
    await w.at('2026-11-24T10:00:00', a)
    await decide(w.clerk, ref, { decision: 'supplement', reason: '缺合同', items: ['labour_contract'] })
    await w.at('2026-12-08T10:00:00', a) // no answer for 10 working days
    expect((await decide(w.reviewer, ref, { decision: 'reject', reason: '逾期未补正' })).status).toBe(303)
    const r = await row(ref)
    expect(r).toMatchObject({ status: 'rejected', pausedDays: 10, deadlineDate: '2026-12-21', pausedAt: null })
    expect(await history(ref)).toEqual(['submitted', 'accepted', 'supplement', 'rejected'])
    // Nov 24 … Dec 8 is 11 working days, 10 of them waiting: 1 day taken, on time
    expect(await figures()).toEqual({ received: 1, accepted: 1, decided: 1, onTime: 1, avgDays: 1 })
  })

  it('a decision is impossible without 受理 (409), and a refused decision does not claim the case', async () => {
    const w = await world('2026-11-23T10:00:00')
    const { ref } = await submittedCase(ctx)
    for (const d of ['approve', 'reject']) expect((await decide(w.reviewer, ref, { decision: d, reason: '理由' })).status).toBe(409)
    expect((await row(ref)).assigneeStaffId).toBeNull()
    expect((await w.reviewer.client.get(`/staff/cases/${ref}`)).text).not.toContain('value="approve"')
    expect(await history(ref)).toEqual(['submitted'])
    expect(await figures()).toEqual({ received: 1, accepted: 0, decided: 0, onTime: 0, avgDays: null })
  })

  it('withdrawal from every open state; afterwards nothing moves', async () => {
    const w = await world('2026-11-23T10:00:00')
    const paths: [string, string[]][] = []
    for (const before of ['submitted', 'supplement', 'accepted', 'accepted-supplement']) {
      const { citizen: a, ref } = await submittedCase(ctx)
      if (before.startsWith('accepted')) await decide(w.clerk, ref, { decision: 'accept' })
      if (before.endsWith('supplement')) await decide(w.clerk, ref, { decision: 'supplement', reason: '请补正', items: ['school'] })
      expect((await a.client.post(`/applications/${ref}/withdraw`, { reason: '不再申请' })).status).toBe(303)
      expect(marks((await a.client.get(`/applications/${ref}`)).text).status).toBe('withdrawn')
      expect((await a.client.post(`/applications/${ref}/withdraw`, { reason: '再撤' })).status).toBe(409)
      expect((await decide(w.supervisor, ref, { decision: 'accept' })).status).toBe(409)
      paths.push([ref, await history(ref)])
    }
    expect(paths.map((p) => p[1])).toEqual([
      ['submitted', 'withdrawn'],
      ['submitted', 'supplement', 'withdrawn'],
      ['submitted', 'accepted', 'withdrawn'],
      ['submitted', 'accepted', 'supplement', 'withdrawn'],
    ])
    // withdrawn cases do not block account closure
    expect(await ctx.services.applications.openApplicationsOf((await row(paths[0][0])).applicantUserId!)).toEqual([])
    expect(await figures()).toEqual({ received: 4, accepted: 2, decided: 0, onTime: 0, avgDays: null })
  })

  it('不予受理 before 受理, also while a notice before 受理 is out: final, no clock, counted received only (decision 0205)', async () => {
    const w = await world('2026-11-23T10:00:00')
    const basis = '《中华人民共和国行政许可法》第三十二条'
    const { citizen: a, ref } = await submittedCase(ctx)
    expect((await decide(w.clerk, ref, { decision: 'refuse', reason: '不属于本机关职权范围', basis })).status).toBe(303)
    const { citizen: b, ref: noticed } = await submittedCase(ctx)
    await decide(w.clerk, noticed, { decision: 'supplement', reason: '请补正', items: ['school'] })
    await w.at('2026-11-25T10:00:00', a, b)
    expect((await decide(w.clerk, noticed, { decision: 'refuse', reason: '不符合受理条件', basis })).status).toBe(303)
    expect(await history(ref)).toEqual(['submitted', 'not_accepted'])
    expect(await history(noticed)).toEqual(['submitted', 'supplement', 'not_accepted'])
    for (const [c, r] of [
      [a, ref],
      [b, noticed],
    ] as const) {
      expect(marks((await c.client.get(`/applications/${r}`)).text)).toEqual({ status: 'not_accepted', deadline: null })
      expect((await row(r)).pausedAt).toBeNull()
      // the answer to the notice can no longer come, and nothing else moves
      expect((await c.client.post(`/applications/${r}/withdraw`, { reason: '撤回' })).status).toBe(409)
    }
    expect((await decide(w.reviewer, noticed, { decision: 'reject', reason: '理由' })).status).toBe(409)
    expect(await figures()).toEqual({ received: 2, accepted: 0, decided: 0, onTime: 0, avgDays: null })
  })

  it('subsidy: 受理 → 审核通过 → 补贴发放; payment only once approved, decided counted once', async () => {
    const w = await world('2026-11-23T10:00:00')
    const { citizen: a, ref } = await submittedCase(ctx, 'housing-subsidy')
    const pay = { amount: '12000', date: '2026-11-23', voucher: 'PV-2026-001' }
    expect((await w.supervisor.client.post(`/staff/cases/${ref}/payment`, pay)).status).toBe(409)
    await decide(w.clerk, ref, { decision: 'accept' })
    expect((await row(ref)).deadlineDate).toBe('2026-12-14') // 15 working days
    await w.at('2026-11-25T10:00:00', a)
    await decide(w.reviewer, ref, { decision: 'approve' })
    expect((await w.supervisor.client.post(`/staff/cases/${ref}/payment`, { ...pay, date: '2026-11-25' })).status).toBe(303)
    expect(await history(ref)).toEqual(['submitted', 'accepted', 'approved', 'paid'])
    expect(marks((await a.client.get(`/applications/${ref}`)).text).status).toBe('paid')
    expect((await w.supervisor.client.post(`/staff/cases/${ref}/payment`, pay)).status).toBe(409)
    expect(await figures('housing-subsidy')).toEqual({ received: 1, accepted: 1, decided: 1, onTime: 1, avgDays: 2 })
  })
})

describe('lifecycle paths for the lead (issue 19 hooks)', () => {
  it('revoke: supervisor only, reason required, approved → revoked; the hook runs in the transaction; no second revocation', async () => {
    const w = await world('2026-11-23T10:00:00')
    const { citizen: a, ref } = await submittedCase(ctx)
    await decide(w.clerk, ref, { decision: 'accept' })
    expect((await decide(w.supervisor, ref, { decision: 'revoke', reason: '材料造假' })).status).toBe(409) // not approved yet
    await decide(w.reviewer, ref, { decision: 'approve' })
    expect((await decide(w.reviewer, ref, { decision: 'revoke', reason: '材料造假' })).status).toBe(403)
    const noReason = await decide(w.supervisor, ref, { decision: 'revoke', reason: '' })
    expect(noReason.status).toBe(422)
    expect(visibleText(noReason.text)).toContain('撤销须说明理由')
    expect((await w.supervisor.client.get(`/staff/cases/${ref}`)).text).toContain('value="revoke"')
    expect((await decide(w.supervisor, ref, { decision: 'revoke', reason: '学历证书经核查系伪造' })).status).toBe(303)
    expect(await history(ref)).toEqual(['submitted', 'accepted', 'approved', 'revoked'])
    const page = await a.client.get(`/applications/${ref}`)
    expect(marks(page.text)).toEqual({ status: 'revoked', deadline: '2026-12-07' })
    expect(visibleText(page.text.slice(page.text.indexOf('data-qa="outcome"')))).toContain('理由：学历证书经核查系伪造')
    expect((await decide(w.supervisor, ref, { decision: 'revoke', reason: '再撤' })).status).toBe(409)
    // a revocation does not undo the decision in the statistics: it was decided (on time) that day
    expect(await figures()).toEqual({ received: 1, accepted: 1, decided: 1, onTime: 1, avgDays: 0 })
  })

  it('秒批: the system accepts and approves in the caller’s transaction, with both history rows and consistent clock fields', async () => {
    await world('2026-11-23T10:00:00')
    const { citizen: a, ref } = await submittedCase(ctx)
    await ctx.deps.db
      .transaction()
      .execute((trx) => ctx.services.cases.instantApprove(trx, SYSTEM_CONTEXT, ref, '学历、社保、信用核验均符合条件', 10))
    const r = await row(ref)
    expect(r).toMatchObject({ status: 'approved', deadlineDate: '2026-12-07', decisionReason: '学历、社保、信用核验均符合条件' })
    expect(r.acceptedAt).toBe(r.decidedAt)
    const events = await ctx.services.applications.events(r.id)
    expect(events.map((e) => [e.toStatus, e.actorType, e.action])).toEqual([
      ['submitted', 'citizen', null],
      ['accepted', 'system', 'accept'],
      ['approved', 'system', 'approve'],
    ])
    const page = await a.client.get(`/applications/${ref}`)
    expect(marks(page.text)).toEqual({ status: 'approved', deadline: '2026-12-07' })
    expect(visibleText(page.text)).toContain('秒批：自动受理')
    const msgs = await ctx.deps.db.selectFrom('messages').select('title').where('userId', '=', a.id).execute()
    expect(msgs.map((m) => m.title)).toContain('您的申请已通过')
    expect(await figures()).toEqual({ received: 1, accepted: 1, decided: 1, onTime: 1, avgDays: 0 })
    // a second run is refused and changes nothing
    await expect(
      ctx.deps.db.transaction().execute((trx) => ctx.services.cases.instantApprove(trx, SYSTEM_CONTEXT, ref, 'again', 10)),
    ).rejects.toMatchObject({ status: 409 })
    expect(await history(ref)).toEqual(['submitted', 'accepted', 'approved'])
  })
})

describe('hooks', () => {
  it('onApproved runs inside every approval (manual and instant), onRevoked inside a revocation', async () => {
    await world('2026-11-23T10:00:00')
    const calls: string[] = []
    const s = ctx.services
    const cases = createCaseService({
      db: ctx.deps.db,
      clock: ctx.deps.clock,
      audit: s.audit,
      notifications: s.notifications,
      applications: s.applications,
      catalog: s.catalog,
      identity: s.identity,
      calendar: s.calendar,
      staff: s.staff,
      onApproved: (trx, _ctx, ref) => Promise.resolve(void calls.push(`approved ${ref} ${trx.isTransaction}`)),
      onRevoked: (trx, _ctx, ref, reason) => Promise.resolve(void calls.push(`revoked ${ref} ${reason} ${trx.isTransaction}`)),
    })
    const sup = { id: (await staffMember(ctx, 'supervisor')).id, roles: ['supervisor'] }
    const { ref } = await submittedCase(ctx)
    await cases.decide(SYSTEM_CONTEXT, sup, ref, { decision: 'accept', reason: '', items: [] })
    await cases.decide(SYSTEM_CONTEXT, sup, ref, { decision: 'approve', reason: '', items: [] })
    await cases.decide(SYSTEM_CONTEXT, sup, ref, { decision: 'revoke', reason: '伪造', items: [] })
    const { ref: ref2 } = await submittedCase(ctx)
    await ctx.deps.db.transaction().execute((trx) => cases.instantApprove(trx, SYSTEM_CONTEXT, ref2, '符合', 10))
    expect(calls).toEqual([`approved ${ref} true`, `revoked ${ref} 伪造 true`, `approved ${ref2} true`])
    // a hook that fails undoes the step: the certificate and the status never disagree
    const failing = createCaseService({
      db: ctx.deps.db,
      clock: ctx.deps.clock,
      audit: s.audit,
      notifications: s.notifications,
      applications: s.applications,
      catalog: s.catalog,
      identity: s.identity,
      calendar: s.calendar,
      staff: s.staff,
      onApproved: () => Promise.reject(new Error('certificate service down')),
    })
    const { ref: ref3 } = await submittedCase(ctx)
    await failing.decide(SYSTEM_CONTEXT, sup, ref3, { decision: 'accept', reason: '', items: [] })
    await expect(failing.decide(SYSTEM_CONTEXT, sup, ref3, { decision: 'approve', reason: '', items: [] })).rejects.toThrow('certificate')
    expect(await history(ref3)).toEqual(['submitted', 'accepted'])
  })
})
