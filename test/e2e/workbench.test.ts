import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.js'
import { ensureCatalog, submittedCase } from '../support/cases.js'
import { SYSTEM_CONTEXT } from '../../src/modules/audit/service.js'
import fs from 'node:fs'
import { SHOTS } from './support/browser.js'

/** The workbench and the statistics page at 1366 px, screenshots under test-results/ for people to look at. */
let e: E2E
beforeAll(async () => {
  e = await startE2E({ demo: false })
  fs.mkdirSync(`${SHOTS}/queue`, { recursive: true })
  e.ctx.clock.set('2026-11-02T02:00:00.000Z')
  await ensureCatalog(e.ctx)
  await e.ctx.services.staff.create(SYSTEM_CONTEXT, { username: 'wbsup', password: 'pass1234', role: 'supervisor', name: '主管甲' })
  const sup = (await e.ctx.services.staff.byUsername('wbsup'))!
  const me = { id: sup.id, roles: ['supervisor'] }
  // three weeks of cases: some accepted, some decided
  for (let d = 0; d < 17; d++) {
    e.ctx.clock.set(new Date(Date.parse('2026-11-02T02:00:00.000Z') + d * 86_400_000))
    if ([5, 6, 12, 13].includes(d)) continue
    for (let k = 0; k < 2; k++) {
      const { ref } = await submittedCase(e.ctx, (d + k) % 3 === 0 ? 'housing-subsidy' : 'talent-registration')
      if ((d + k) % 4 !== 3) await e.ctx.services.cases.decide(SYSTEM_CONTEXT, me, ref, { decision: 'accept', reason: '', items: [] })
      if (d < 12 && (d + k) % 4 < 2)
        await e.ctx.services.cases.decide(SYSTEM_CONTEXT, me, ref, {
          decision: (d + k) % 5 === 0 ? 'reject' : 'approve',
          reason: '理由',
          items: [],
        })
    }
  }
}, 120_000)
afterAll(() => e?.close())

async function login(username: string) {
  const p = await e.newPage({ width: 1366, height: 900 })
  await p.goto('/staff/login')
  await p.fill('#f-username', username)
  await p.fill('#f-password', 'pass1234')
  await p.click('[data-qa=submit]')
  await p.waitForURL('**/staff')
  return p
}

describe('workbench and statistics at 1366 px', () => {
  it('the queue uses the full width; the statistics page draws its charts with a table beneath', async () => {
    const p = await login('wbsup')
    await p.goto('/staff/cases')
    const width = await p.evaluate(() => document.querySelector('main')!.getBoundingClientRect().width)
    expect(width).toBeGreaterThan(1250)
    expect(await p.locator('footer a[href="/cookies"]').count()).toBe(0)
    expect(await p.locator('link[href^="/static/css/staff."]').count()).toBe(1)
    await e.shot(p, 'workbench-queue-1366')
    await e.shot(p, 'queue/workbench-queue-1366')
    // sort by deadline from the column heading; the status tab then keeps that order
    await p.click('[data-qa=sort-deadline]')
    await p.waitForURL((u) => u.pathname === '/staff/cases' && u.search === '?sort=deadline')
    expect(await p.locator('th[aria-sort=ascending] [data-qa=sort-deadline]').count()).toBe(1)
    await p.click('[data-qa=count-accepted]')
    await p.waitForURL((u) => u.search === '?sort=deadline&status=accepted')
    // bulk claim two ticked cases
    const boxes = p.locator('input[name=ref][form=bulk-form]')
    await boxes.nth(0).check()
    await boxes.nth(1).check()
    await p.click('[data-qa=bulk-claim]')
    await p.waitForURL((u) => u.searchParams.get('bulk') === 'claim')
    expect(await p.locator('.notice-success').innerText()).toContain('已认领 2 件')
    await e.shot(p, 'queue/workbench-queue-sorted-1366')
    const phone = await e.newPage({ width: 390, height: 844 })
    await phone.context().addCookies(await p.context().cookies())
    await phone.goto('/staff/cases')
    await e.shot(phone, 'queue/workbench-queue-390')
    await p.goto('/staff/stats?from=2026-10-26&to=2026-11-22')
    expect(await p.locator('svg[data-qa=chart-weeks] rect').count()).toBeGreaterThan(9)
    expect(await p.locator('[data-qa=table-services] tbody tr').count()).toBe(2)
    await e.shot(p, 'stats-1366')
    await e.shot(p, 'queue/stats-1366')
    expect(e.problems).toEqual([])
  }, 60_000)
})
