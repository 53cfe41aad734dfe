import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { startE2E, type E2E } from './support/browser.js'

let e: E2E
beforeAll(async () => {
  e = await startE2E({ demo: true })
})
afterAll(() => e?.close())

describe('home page in Chromium', () => {
  it('renders the service hall with no console errors, on a phone and a desktop', async () => {
    for (const [w, name] of [
      [360, 'home-360'],
      [1280, 'home-1280'],
    ] as const) {
      const page = await e.newPage({ width: w })
      const res = await page.goto('/')
      expect(res?.status()).toBe(200)
      await expect(page.locator('[data-qa=hero] h1').textContent()).resolves.toContain('人才一站式网上办事大厅')
      // htmx loaded from static/ (CSP allows only self)
      expect(await page.evaluate(() => typeof (window as unknown as { htmx?: unknown }).htmx)).toBe('object')
      const file = await e.shot(page, name)
      expect(fs.statSync(file).size).toBeGreaterThan(5000)
      await page.context().close()
    }
    expect(e.problems).toEqual([])
  })

  it('toggles care mode (larger type) and keeps it across pages', async () => {
    const page = await e.newPage({ width: 390 })
    await page.goto('/')
    const before = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))
    await page.click('[data-qa=care-toggle]')
    // with JS the toggle changes the class when its POST has answered, without navigating: wait for it
    await page.waitForFunction(() => document.body.classList.contains('care'), null, { timeout: 10_000 }).catch(() => undefined)
    expect(await page.getAttribute('body', 'class')).toContain('care')
    const after = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))
    expect(after).toBeGreaterThan(before)
    await e.shot(page, 'home-care-mode')
    await page.goto('/no-such-page')
    expect(await page.getAttribute('body', 'class')).toContain('care')
    await page.click('[data-qa=care-toggle]')
    await page.waitForFunction(() => !document.body.classList.contains('care'), null, { timeout: 10_000 }).catch(() => undefined)
    expect(await page.getAttribute('body', 'class')).not.toContain('care')
    await page.context().close()
    expect(e.problems.filter((p) => !p.includes('404'))).toEqual([])
  })
})
