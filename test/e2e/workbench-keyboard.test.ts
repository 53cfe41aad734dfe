import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, SHOTS, type E2E } from './support/browser.js'
import { ensureCatalog, submittedCase } from '../support/cases.js'
import { SYSTEM_CONTEXT } from '../../src/modules/audit/service.js'

/**
 * Issue 18: at 1366 px a clerk clears 10 cases with the keyboard only — open from the queue, claim, look at the PDF
 * in the preview beside the form, then 受理 or a 一次性告知 from a template — each decision opening the next case.
 */
let e: E2E
const refs: string[] = []
beforeAll(async () => {
  e = await startE2E({ demo: false })
  e.ctx.clock.set('2026-11-23T02:00:00.000Z')
  await ensureCatalog(e.ctx)
  await e.ctx.services.cases.templates.seedDemo()
  await e.ctx.services.staff.create(SYSTEM_CONTEXT, { username: 'kbclerk', password: 'pass1234', role: 'clerk', name: '键盘受理' })
  for (let i = 0; i < 10; i++) refs.push((await submittedCase(e.ctx)).ref)
  fs.mkdirSync(path.join(SHOTS, 'casework'), { recursive: true })
}, 120_000)
afterAll(() => e?.close())

describe('the workbench from the keyboard', () => {
  it('a clerk clears 10 cases: claim, preview the PDF, accept or send a supplement — keys only', async () => {
    const p = await e.newPage({ width: 1366, height: 900 })
    await p.goto('/staff/login')
    await p.fill('#f-username', 'kbclerk')
    await p.fill('#f-password', 'pass1234')
    await p.keyboard.press('Enter')
    await p.waitForURL('**/staff')
    await p.goto('/staff/cases')
    await e.shot(p, 'casework/workbench-queue-1366')
    // j selects the first row, Enter opens it
    await p.keyboard.press('j')
    await expect.poll(() => p.locator('#queue-results tbody tr.kbd-selected').count()).toBe(1)
    await Promise.all([p.waitForURL(/\/staff\/cases\/RC/), p.keyboard.press('Enter')])
    const decided: string[] = []
    for (let i = 0; i < 10; i++) {
      const ref = p.url().match(/\/staff\/cases\/([A-Z0-9]+)/)![1]
      // c claims (the page comes back claimed), and its frame shows the PDF
      const pdf = p.waitForResponse((r) => r.url().includes(`/staff/cases/${ref}/materials/`) && r.url().endsWith('/preview'))
      await Promise.all([p.waitForURL(`**/staff/cases/${ref}?claimed=1`), p.keyboard.press('c')])
      const preview = await pdf
      expect(preview.status()).toBe(200)
      // (the frame's own response may be handed to the PDF viewer without its headers: ask again)
      expect((await p.request.get(preview.url())).headers()['content-type']).toBe('application/pdf')
      expect(await p.locator('iframe[data-qa=preview-frame]').isVisible()).toBe(true)
      if (i === 0) {
        // the split view: the materials column sits beside the form, not below it
        const main = await p.locator('.case-main').boundingBox()
        const side = await p.locator('.case-materials').boundingBox()
        expect(side!.x).toBeGreaterThan(main!.x + main!.width - 1)
        await e.shot(p, 'casework/workbench-case-1366')
      }
      if (i % 2 === 0) {
        // a: 受理 chosen and the submit button focused; Enter sends it
        await p.keyboard.press('a')
        await expect.poll(() => p.evaluate(() => document.activeElement?.getAttribute('data-qa'))).toBe('submit')
        await Promise.all([p.waitForURL(/decided=|done=/), p.keyboard.press('Enter')])
      } else {
        // s: 一次性告知 chosen, the template list focused; ↓ picks a template (ticks its items, fills the notice)
        await p.keyboard.press('s')
        await p.keyboard.press('ArrowDown')
        await expect.poll(() => p.locator('textarea[name=reason]').inputValue()).not.toBe('')
        // typing in the notice never fires a shortcut
        await p.locator('textarea[name=reason]').focus()
        await p.keyboard.type(' jkca')
        expect(p.url()).toContain(ref)
        await Promise.all([p.waitForURL(/decided=|done=/), p.keyboard.press('Control+Enter')])
      }
      decided.push(ref)
      await expect.poll(() => p.locator('[data-qa=confirmation]').getAttribute('data-ref')).toBe(ref)
      if (i === 0) await e.shot(p, 'casework/workbench-next-case-1366')
    }
    expect(new Set(decided).size).toBe(10)
    for (const ref of refs) {
      const app = await e.ctx.services.applications.byRef(ref)
      expect(['accepted', 'supplement']).toContain(app!.status)
    }
    expect(e.problems).toEqual([])
  }, 180_000)

  it('the case page at 390 px stacks the materials under the form', async () => {
    const p = await e.newPage({ width: 390, height: 844 })
    await p.goto('/staff/login')
    await p.fill('#f-username', 'kbclerk')
    await p.fill('#f-password', 'pass1234')
    await p.keyboard.press('Enter')
    await p.waitForURL('**/staff')
    await p.goto(`/staff/cases/${refs[0]}`)
    const main = await p.locator('.case-main').boundingBox()
    const side = await p.locator('.case-materials').boundingBox()
    expect(side!.y).toBeGreaterThan(main!.y)
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await e.shot(p, 'casework/workbench-case-390')
  }, 60_000)
})
