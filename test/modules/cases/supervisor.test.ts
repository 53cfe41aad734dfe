import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import { visibleText } from '../../support/client.js'
import { staffMember, citizen } from '../../support/fixtures.js'
import { ensureCatalog, submittedCase } from '../../support/cases.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
})
afterAll(() => ctx.close())

describe('supervisor pages', () => {
  it('a rating of 1–2 opens a rectification item due in 15 working days, closed only with a callback and a note', async () => {
    const sup = await staffMember(ctx, 'supervisor')
    const { citizen: a, ref } = await submittedCase(ctx)
    await sup.client.post(`/staff/cases/${ref}/decision`, { decision: 'accept' })
    await sup.client.post(`/staff/cases/${ref}/decision`, { decision: 'reject', reason: '不符合条件' })
    expect((await a.client.post(`/applications/${ref}/rating`, { score: '1', comment: '理由看不懂' })).status).toBe(303)
    const page = await sup.client.get('/staff/rectifications')
    expect(page.text).toContain(`rect-${ref}`)
    expect(visibleText(page.text)).toContain(await ctx.services.calendar.addWorkingDays(ctx.services.complaints.today(), 15))
    const id = page.text.match(/\/staff\/rectifications\/(\d+)\/close/)![1]
    expect((await sup.client.post(`/staff/rectifications/${id}/close`, { callback_result: '', note: '' })).status).toBe(422)
    expect(
      (
        await sup.client.post(`/staff/rectifications/${id}/close`, {
          callback_result: '已电话解释理由',
          note: '修改告知书模板，写明依据条款',
        })
      ).status,
    ).toBe(303)
    expect(visibleText((await sup.client.get('/staff/rectifications')).text)).toContain('已办结')
    const clerk = await staffMember(ctx, 'clerk')
    expect((await clerk.client.get('/staff/rectifications')).status).toBe(403)
  })

  it('statistics per service and month with a chart and CSV', async () => {
    const sup = await staffMember(ctx, 'supervisor')
    const r = await sup.client.get('/staff/stats')
    expect(r.status).toBe(200)
    expect(r.text).toContain('<svg')
    expect(visibleText(r.text)).toContain('人才认定/登记')
    const csv = await sup.client.get('/staff/stats.csv')
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csv.text).toContain('人才认定/登记')
  })

  it('the calendar can be edited and changes deadlines', async () => {
    const sup = await staffMember(ctx, 'supervisor')
    expect((await sup.client.post('/staff/calendar', { day: '', kind: 'holiday', name: '' })).status).toBe(422)
    expect((await sup.client.post('/staff/calendar', { day: '2026-12-31', kind: 'holiday', name: '测试假日' })).status).toBe(303)
    expect(await ctx.services.calendar.isWorkingDay('2026-12-31')).toBe(false)
  })

  it('identity correction requests are reviewed by staff and applied re-encrypted', async () => {
    const a = await citizen(ctx)
    await a.client.post('/me/corrections', { field: 'real_name', value: '张叁', reason: '户口簿已更正' })
    const rev = await staffMember(ctx, 'reviewer')
    const page = await rev.client.get('/staff/corrections')
    expect(visibleText(page.text)).toContain('张叁')
    const id = page.text.match(/\/staff\/corrections\/(\d+)\/decision/)![1]
    expect((await rev.client.post(`/staff/corrections/${id}/decision`, { decision: 'approve', note: '核对户口簿' })).status).toBe(303)
    expect((await ctx.services.identity.userById(a.id))!.realName).toBe('张叁')
    expect(visibleText((await a.client.get('/me/messages')).text)).toContain('更正申请已通过')
  })
})

describe('daily deadline job', () => {
  it('alerts supervisors about cases past their deadline, once a day', async () => {
    const sup = await staffMember(ctx, 'supervisor')
    const { ref } = await submittedCase(ctx)
    await sup.client.post(`/staff/cases/${ref}/decision`, { decision: 'accept' })
    ctx.clock.advanceDays(20)
    const r1 = await ctx.services.jobs.runDue()
    expect(r1.periodic).toContain('deadlines')
    await ctx.services.cases.deadlineAlerts() // a second run the same day adds nothing
    const sup2 = await staffMember(ctx, 'supervisor')
    const q = await sup2.client.get('/staff/cases?overdue=1')
    expect(q.text).toContain(`case-${ref}`)
    const alerts = q.text.slice(q.text.indexOf('data-qa="alerts"'))
    expect(visibleText(alerts)).toContain(`${ref} 已超过办结期限`)
    expect((await ctx.deps.db.selectFrom('staffAlerts').select('id').where('ref', '=', ref).execute()).length).toBe(1)
  })
})
