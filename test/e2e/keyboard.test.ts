import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.js'
import { makePhone } from '../support/fixtures.js'

/** Registration with the keyboard only: every control reachable by Tab, operable by Enter/Space. */
let e: E2E
beforeAll(async () => {
  e = await startE2E({ demo: false })
})
afterAll(() => e?.close())

async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((s) => document.activeElement === document.querySelector(s), selector)) return
  }
  throw new Error(`could not reach ${selector} with Tab`)
}

describe('keyboard-only registration', () => {
  it('skip link, fields, send-code button, consent checkbox and submit all work from the keyboard', async () => {
    const page = await e.newPage({ width: 1280 })
    const phone = makePhone()
    await page.goto('/register')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('跳到主要内容')
    await tabTo(page, '[data-qa=cookie-banner] button[value=essential]')
    await Promise.all([page.waitForEvent('framenavigated'), page.keyboard.press('Enter')])
    await page.waitForLoadState('load')
    expect(await page.locator('[data-qa=cookie-banner]').count()).toBe(0)
    await tabTo(page, '#f-phone')
    await page.keyboard.type(phone)
    await tabTo(page, '[data-qa=send-code]')
    await page.keyboard.press('Enter')
    await page.waitForURL('**/register?sent=1**')
    await tabTo(page, '#f-sms_code')
    await page.keyboard.type(e.ctx.sms.lastCode(phone))
    await tabTo(page, '#f-password')
    await page.keyboard.type('abc12345')
    await tabTo(page, '#f-agree_policy')
    await page.keyboard.press('Space')
    await tabTo(page, '[data-qa=register-form] [data-qa=submit]')
    await page.keyboard.press('Enter')
    await page.waitForURL('**/me/identity**')
    // focus is visible: the focused control has an outline
    await tabTo(page, '#f-real_name')
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)
    expect(outline).not.toBe('none')
    await e.shot(page, 'keyboard-identity-focus')
  })
})
