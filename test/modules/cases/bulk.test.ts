/**
 * Bulk claim and bulk assign (supervisors): race-safe per case, each success audited, and the result says how
 * many succeeded and which were already taken. Staff are shown by name and number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import { visibleText } from '../../support/client.js'
import { staffMember } from '../../support/fixtures.js'
import { ensureCatalog, submittedCase } from '../../support/cases.js'

let ctx: TestContext
let sup: Awaited<ReturnType<typeof staffMember>>
let sup2: Awaited<ReturnType<typeof staffMember>>
let clerk: Awaited<ReturnType<typeof staffMember>>
const refs: string[] = []

beforeAll(async () => {
  ctx = await createTestContext()
  ctx.clock.set('2026-11-23T02:00:00.000Z')
  await ensureCatalog(ctx)
  sup = await staffMember(ctx, 'supervisor')
  sup2 = await staffMember(ctx, 'supervisor')
  clerk = await staffMember(ctx, 'clerk')
  for (let i = 0; i < 6; i++) refs.push((await submittedCase(ctx)).ref)
})
afterAll(() => ctx.close())

const holderOf = async (ref: string) => (await ctx.services.applications.byRef(ref))!.assigneeStaffId
const audits = (action: string) => ctx.deps.db.selectFrom('auditLog').selectAll().where('action', '=', action).execute()

describe('bulk actions', () => {
  it('only supervisors get the checkboxes and the action; a clerk is refused (403) and nothing changes', async () => {
    const page = await sup.client.get('/staff/cases')
    expect(page.text).toContain(`data-qa="select-${refs[0]}"`)
    expect(page.text).toContain('data-qa="bulk-form"')
    const asClerk = await clerk.client.get('/staff/cases')
    expect(asClerk.text).not.toContain('data-qa="bulk-form"')
    const r = await clerk.client.post('/staff/cases/bulk', { action: 'claim', ref: [refs[0]] })
    expect(r.status).toBe(403)
    expect(await holderOf(refs[0])).toBeNull()
  })

  it('bulk claim: takes the free cases, reports the ones another holds, each success audited', async () => {
    expect((await clerk.client.post(`/staff/cases/${refs[1]}/claim`)).status).toBe(303)
    const before = (await audits('case.claimed')).length
    const r = await sup.client.post('/staff/cases/bulk', {
      action: 'claim',
      ref: [refs[0], refs[1], refs[2]],
      back: 'service=talent-registration&after=5',
    })
    expect(r.status).toBe(303)
    expect(r.location).toBe(`/staff/cases?service=talent-registration&bulk=claim&ok=2&taken=${refs[1]}`)
    expect(await holderOf(refs[0])).toBe(sup.id)
    expect(await holderOf(refs[1])).toBe(clerk.id)
    expect(await holderOf(refs[2])).toBe(sup.id)
    expect((await audits('case.claimed')).length).toBe(before + 2)
    const page = visibleText((await sup.client.get(r.location!)).text)
    expect(page).toContain('已认领 2 件。')
    expect(page).toContain(`1 件已由他人办理，未改动：${refs[1]}。`)
    // holders by name and number, never a bare id
    expect(page).toMatch(/测试clerk（T\d+）/)
    expect(page).not.toMatch(/#\d+/)
  })

  it('bulk assign: to an active case worker only; concurrent supervisors never both get a case', async () => {
    const bad = await sup.client.post('/staff/cases/bulk', { action: 'assign', ref: [refs[3]], assignee: '999999' })
    expect(bad.status).toBe(422)
    expect(visibleText(bad.text)).toContain('请选择分派给哪位工作人员')
    const none = await sup.client.post('/staff/cases/bulk', { action: 'assign', assignee: String(clerk.id) })
    expect(none.status).toBe(422)
    expect(visibleText(none.text)).toContain('请先勾选办件')
    // two supervisors at once on the same cases: each case ends with exactly one of them
    const [a, b] = await Promise.all([
      sup.client.post('/staff/cases/bulk', { action: 'assign', ref: [refs[3], refs[4]], assignee: String(clerk.id) }),
      sup2.client.post('/staff/cases/bulk', { action: 'claim', ref: [refs[3], refs[4]] }),
    ])
    expect([a.status, b.status]).toEqual([303, 303])
    const ok = (loc: string) => Number(new URL(loc, 'http://x').searchParams.get('ok'))
    expect(ok(a.location!) + ok(b.location!)).toBe(2)
    for (const ref of [refs[3], refs[4]]) expect([clerk.id, sup2.id]).toContain(await holderOf(ref))
    expect((await audits('case.assigned')).filter((e) => e.detail?.includes('"bulk":true')).length).toBe(ok(a.location!))
  })

  it('closed or unknown references are skipped and said so', async () => {
    const r = await sup.client.post('/staff/cases/bulk', { action: 'claim', ref: [refs[5], 'RC20990101ZZZZZZ'] })
    expect(r.location).toContain('ok=1')
    expect(r.location).toContain('skipped=RC20990101ZZZZZZ')
    expect(visibleText((await sup.client.get(r.location!)).text)).toContain('1 件已办结或不存在，已跳过：RC20990101ZZZZZZ。')
  })
})
