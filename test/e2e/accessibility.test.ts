import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.js'
import { pageTour } from './support/tour.js'

/** axe-core (WCAG 2.1 A/AA rules) on the pages of every area, in care mode off and on. */
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
let e: E2E
beforeAll(async () => {
  e = await startE2E({ demo: false })
})
afterAll(() => e?.close())

async function audit(page: Page, path: string) {
  await page.goto(path)
  await page.evaluate(AXE) // evaluated through the devtools protocol, so the page's CSP stays on
  const result = await page.evaluate(async () => {
    const r = await (
      window as unknown as {
        axe: { run: (o: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> }
      }
    ).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    return r.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    )
  })
  return result.map((v) => `${path}: ${v}`)
}

describe('accessibility (axe-core)', () => {
  it('has no WCAG A/AA violations on signed-out, citizen, staff and admin pages', async () => {
    const violations: string[] = []
    const tour = await pageTour(e)
    for (const stop of tour) {
      const page = await stop.open(stop.who === 'anonymous' || stop.who === 'unverified' ? 360 : 1280)
      for (const p of stop.paths) violations.push(...(await audit(page, p)))
    }
    // care mode on: the same checks on the citizen's main pages
    const citizenStop = tour.find((s) => s.who === 'citizen')!
    const cit = await citizenStop.open(1280)
    await cit.context().addCookies([{ name: 'hall_care', value: '1', url: e.baseUrl }])
    const detail = citizenStop.paths.find((p) => /^\/applications\/[A-Z]/.test(p))!
    for (const p of ['/', '/applications/new?service=talent-registration', detail]) violations.push(...(await audit(cit, p)))
    await e.shot(cit, 'a11y-care-mode-application')
    expect(violations).toEqual([])
  }, 180_000)
})
