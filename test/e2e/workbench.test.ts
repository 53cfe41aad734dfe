import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.js'
import { ensureCatalog, submittedCase } from '../support/cases.js'
import { SYSTEM_CONTEXT } from '../../src/modules/audit/service.js'

/** The workbench and the statistics page at 1366 px, screenshots under test-results/ for people to look at. */
let e: E2E
beforeAll(async () => {
  e = await startE2E({ demo: false })
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
    await e.shot(p, 'workbench-queue-1366')
    await p.goto('/staff/stats?from=2026-10-26&to=2026-11-22')
    expect(await p.locator('svg[data-qa=chart-weeks] rect').count()).toBeGreaterThan(9)
    expect(await p.locator('[data-qa=table-services] tbody tr').count()).toBe(2)
    await e.shot(p, 'stats-1366')
    expect(e.problems).toEqual([])
  }, 60_000)
})
