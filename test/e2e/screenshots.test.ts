import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.js'
import { pageTour } from './support/tour.js'

/**
 * Every page at 360 px (a phone) and 1280 px (a counter PC), care mode off and on: saved under
 * test-results/pages/ for people to look at, and checked for what a screenshot review catches first —
 * a heading, no horizontal scrolling on the phone, care mode actually larger.
 */
let e: E2E
beforeAll(async () => {
  e = await startE2E({ demo: false })
})
afterAll(() => e?.close())

const slug = (p: string) =>
  p
    .replace(/[A-Z]{2}\d{8}[0-9A-Z]{6,}/, 'ref')
    .replace(/^\//, '')
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/-$/, '') || 'home'

describe('screenshots of every page', () => {
  it('at 360 and 1280 px, care mode off and on: a heading, no sideways scrolling, larger type in care mode', async () => {
    const problems: string[] = []
    let shots = 0
    for (const stop of await pageTour(e)) {
      for (const width of [360, 1280]) {
        const page = await stop.open(width)
        for (const care of [false, true]) {
          if (care) await page.context().addCookies([{ name: 'hall_care', value: '1', url: e.baseUrl }])
          for (const path of stop.paths) {
            const res = await page.goto(path)
            const where = `${stop.who} ${path} @${width}${care ? ' care' : ''}`
            if (!res || res.status() !== (stop.status ?? 200)) problems.push(`${where}: status ${res?.status()}`)
            const m = await page.evaluate(() => ({
              h1: document.querySelector('h1')?.textContent?.trim() ?? '',
              scrollWidth: document.documentElement.scrollWidth,
              fontSize: parseFloat(getComputedStyle(document.body).fontSize),
              care: document.documentElement.classList.contains('care'),
            }))
            if (!m.h1) problems.push(`${where}: no h1`)
            if (m.scrollWidth > width + 1) problems.push(`${where}: ${m.scrollWidth}px wide, scrolls sideways`)
            if (care !== m.care) problems.push(`${where}: care mode ${m.care ? 'on' : 'off'}`)
            if (care && m.fontSize < 18) problems.push(`${where}: care mode body text ${m.fontSize}px`)
            await e.shot(page, `pages/${stop.who}-${slug(path)}-${width}${care ? '-care' : ''}`)
            shots++
          }
        }
        await page.context().close()
      }
    }
    expect(problems).toEqual([])
    expect(shots).toBeGreaterThan(140)
  }, 240_000)
})
