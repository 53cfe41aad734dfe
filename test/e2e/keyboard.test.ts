import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.js'
import { citizen, makePhone } from '../support/fixtures.js'
import { ensureCatalog } from '../support/cases.js'
import { signedInPage } from './support/tour.js'

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

/**
 * Types a date into a focused <input type=date> as a person would: the segment order follows the
 * operating system's locale (year first in zh-CN, month first on this CI machine), so try both.
 */
async function typeDate(page: Page, selector: string, iso: string) {
  const [y, m, d] = iso.split('-')
  for (const order of [`${m}${d}${y}`, `${y}${m}${d}`]) {
    await page.keyboard.type(order)
    if ((await page.inputValue(selector)) === iso) return
    // leave the field backwards and come back: focus lands on its first segment, typing overwrites
    for (let i = 0; i < 4 && (await page.evaluate((s) => document.activeElement === document.querySelector(s), selector)); i++)
      await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Tab')
  }
  throw new Error(`could not type ${iso} into ${selector}`)
}

describe('keyboard-only application', () => {
  it('finds the service, fills the form, recovers from a mistake and submits, all from the keyboard', async () => {
    await ensureCatalog(e.ctx)
    const a = await citizen(e.ctx)
    const page = await signedInPage(e, 'citizen', a.id)
    const active = () =>
      page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('data-qa') || document.activeElement?.tagName)
    await page.goto('/services')
    await tabTo(page, '[data-qa=service-talent-registration]')
    await Promise.all([page.waitForURL('**/services/talent-registration'), page.keyboard.press('Enter')])
    await tabTo(page, '[data-qa=apply]')
    await Promise.all([page.waitForURL('**/applications/new?service=talent-registration'), page.keyboard.press('Enter')])

    // selects by arrow keys or type-ahead, dates and text by typing; the school is left out on purpose
    const answers: [string, { keys?: string; text?: string; date?: string }][] = [
      ['education', { keys: 'ArrowDown' }],
      ['degree', { keys: 'ArrowDown' }],
      ['major', { text: '计算机科学与技术' }],
      ['graduation_date', { date: '2018-07-01' }],
      ['employer', { text: '广州示范科技有限公司' }],
      ['position', { text: '工程师' }],
      ['talent_category', { text: 'E' }],
      ['arrival_date', { date: '2019-03-01' }],
      ['insurance_months', { text: '9999' }],
    ]
    for (const [field, a] of answers) {
      await tabTo(page, `#f-${field}`)
      if (a.keys) await page.keyboard.press(a.keys)
      if (a.text) await page.keyboard.type(a.text)
      if (a.date) await typeDate(page, `#f-${field}`, a.date)
    }
    // leaving a changed field checks it inline; focus stays where the person went
    await page.keyboard.press('Tab')
    await page.waitForSelector('[data-qa=error-insurance_months]')
    expect(await page.textContent('[data-qa=error-insurance_months]')).toContain('不能超过600')
    expect(await active()).toBe('f-file_degree_certificate')
    await page.keyboard.press('Shift+Tab')
    expect(await active()).toBe('f-insurance_months')
    await page.keyboard.press('Control+A')
    await page.keyboard.type('36')
    await page.keyboard.press('Tab')
    await page.waitForSelector('[data-qa=error-insurance_months]', { state: 'detached' })
    // the file inputs are reachable too; no file is chosen (容缺受理: materials can follow)
    await tabTo(page, '#f-file_degree_certificate')
    await tabTo(page, '[data-qa=application-form] [data-qa=submit]')
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')])
    await page.waitForSelector('[data-qa=error-summary]')

    // the error summary takes focus; its link leads to the field; everything typed is still there
    expect(await active()).toBe('error-summary')
    expect(await page.inputValue('#f-major')).toBe('计算机科学与技术')
    expect(await page.inputValue('#f-graduation_date')).toBe('2018-07-01')
    expect(await page.inputValue('#f-talent_category')).toContain('E类')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#f-school')
    await page.keyboard.press('Enter')
    expect(await active()).toBe('f-school')
    await page.keyboard.type('华南理工大学')
    await e.shot(page, 'keyboard-application-fixed')
    await tabTo(page, '[data-qa=application-form] [data-qa=submit]')
    await Promise.all([page.waitForSelector('[data-qa=check-answers]'), page.keyboard.press('Enter')])
    expect(await page.textContent('[data-qa=missing-materials]')).toContain('学历学位证书')
    await tabTo(page, '[data-qa=confirm-form] [data-qa=submit]')
    await Promise.all([page.waitForURL(/\/applications\/RC\d{8}[0-9A-Z]{6}/), page.keyboard.press('Enter')])
    expect(await page.textContent('h1')).toContain('人才认定/登记')
    await e.shot(page, 'keyboard-application-submitted')
  })
})
