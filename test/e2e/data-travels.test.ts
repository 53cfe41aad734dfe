import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.js'

/**
 * Issue 19 in a real browser, on the demo data: the demo citizen authorises the registries, sees the prefilled
 * form and 智能预审, submits, is approved within seconds (秒批), downloads the PDF certificate; a stranger verifies it
 * through the QR's address; a supervisor samples the case and revokes it; the verification page then says 已撤销.
 */
let e: E2E
let citizen: Page
let ref = ''
let verifyPath = ''
const shots = (name: string) => `data/${name}`

beforeAll(async () => {
  e = await startE2E({ demo: true })
  citizen = await e.newPage({ width: 390, height: 844 })
})
afterAll(() => e?.close())

/** Full-page screenshots at 390 and 1366 px, the page left at 390. */
async function both(p: Page, name: string) {
  for (const width of [390, 1366]) {
    await p.setViewportSize({ width, height: width === 390 ? 844 : 900 })
    await e.shot(p, shots(`${name}-${width}`))
  }
  await p.setViewportSize({ width: 390, height: 844 })
}

describe('data travels instead of the citizen', () => {
  it('the demo citizen authorises, sees the prefilled form and the pre-check, and submits; approved within seconds', async () => {
    const p = citizen
    await p.goto('/login')
    await p.click('[data-qa=cookie-banner] button[value=essential]')
    await p.fill('#f-phone', '13800138000')
    await p.fill('#f-password', 'demo1234')
    await p.click('[data-qa=submit]')
    await p.waitForURL((u) => !u.pathname.startsWith('/login'))

    await p.goto('/applications/new?service=talent-registration')
    expect(await p.locator('[data-qa=prefilled-school]').count()).toBe(0)
    await p.click('[data-qa=authorise-all]')
    await p.waitForURL('**/applications/new?service=talent-registration')
    // Filled from the registries, read-only, each with its source.
    expect(await p.inputValue('[data-qa=prefilled-school] input')).toBe('中山大学')
    expect(await p.getAttribute('[data-qa=prefilled-school] input', 'readonly')).not.toBeNull()
    expect(await p.textContent('[data-qa=prefilled-school]')).toContain('教育部学历学位数据库')
    expect(await p.inputValue('[data-qa=prefilled-insurance_months] input')).toBe('6')
    expect(await p.locator('[data-qa=waived-degree_certificate]').count()).toBe(1)
    // 智能预审: every condition met on registry data.
    const outcomes = await p.locator('[data-qa=precheck] [data-rule]').evaluateAll((els) => els.map((x) => x.getAttribute('data-outcome')))
    expect(outcomes).toEqual(['pass', 'pass', 'pass'])
    expect(await p.textContent('[data-qa=precheck]')).toContain('秒批')
    await both(p, 'prefilled-form')

    // Only what no registry knows is typed.
    await p.fill('#f-position', '高级工程师')
    await p.selectOption('#f-talent_category', { index: 1 })
    await p.fill('#f-arrival_date', '2020-08-01')
    await p.click('[data-qa=application-form] [data-qa=submit]')
    await p.waitForSelector('[data-qa=check-answers]')
    const started = Date.now()
    await p.click('[data-qa=confirm-form] [data-qa=submit]')
    await p.waitForURL(/\/applications\/[A-Z0-9]+\?submitted=1/)
    await p.waitForSelector('[data-qa=status][data-status=approved]', { timeout: 5000 })
    expect(Date.now() - started).toBeLessThan(5000)
    ref = new URL(p.url()).pathname.split('/').pop()!
    const trace = p.locator('[data-qa=decision-trace]')
    expect(await trace.getAttribute('data-outcome')).toBe('instant')
    expect(await trace.textContent()).toContain('A级·权威数据')
    // The registries proved both materials: nothing is recorded as missing, and the panel says it is decided.
    expect(await p.textContent('main')).not.toContain('待补充材料')
    expect(await p.locator('[data-qa=instant-next]').count()).toBe(1)
    await both(p, 'case-decision-trace')
  })

  it('downloads the PDF certificate and finds the verification address of its QR code', async () => {
    const p = citizen
    await p.goto('/me/certificates')
    const cert = p.locator('[data-qa=certificate]').first()
    expect(await cert.locator('[data-qa=certificate-status]').first().getAttribute('data-status')).toBe('valid')
    const pdfHref = (await cert.locator('[data-qa=certificate-pdf]').getAttribute('href'))!
    const pdf = await p.request.get(pdfHref)
    expect(pdf.status()).toBe(200)
    expect(pdf.headers()['content-type']).toContain('application/pdf')
    const body = await pdf.body()
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(body.length).toBeGreaterThan(10_000) // the embedded CJK font
    verifyPath = (await cert.locator('[data-qa=verify-link]').getAttribute('href'))!
    expect(verifyPath).toMatch(/^\/verify\/[\w-]+\.[\w-]+\.[\w-]+$/)
    // The QR code on the page encodes this same address (its SVG is served beside it).
    const qr = await p.request.get(`${verifyPath}/qr.svg`)
    expect(qr.status()).toBe(200)
    expect(await qr.text()).toContain('<svg')
    await both(p, 'certificate-page')
  })

  it('a stranger (not signed in) opens the QR address and sees 有效, with the name masked', async () => {
    const stranger = await e.newPage({ width: 390, height: 844 })
    await stranger.goto(verifyPath)
    const status = stranger.locator('[data-qa=certificate-status]').first()
    expect(await status.getAttribute('data-status')).toBe('valid')
    expect(await status.textContent()).toContain('有效')
    expect(await stranger.textContent('[data-qa=certificate-holder]')).toContain('*')
    await both(stranger, 'verify-valid')
    await stranger.context().close()
  })

  it('a supervisor samples the case and revokes it with a reason; the verification page then says 已撤销', async () => {
    const sup = await e.newPage({ width: 1366 })
    await sup.goto('/staff/login')
    if (await sup.locator('[data-qa=cookie-banner]').count()) await sup.click('[data-qa=cookie-banner] button[value=essential]')
    await sup.fill('#f-username', 'supervisor')
    await sup.fill('#f-password', 'demo1234')
    await sup.click('[data-qa=submit]')
    await sup.waitForURL('**/staff')
    await sup.goto('/staff/sampling')
    const sample = sup.locator(`[data-qa=sample][data-ref="${ref}"]`)
    expect(await sample.count()).toBe(1)
    await e.shot(sup, shots('sampling-1366'))
    await sample.locator('textarea[name=reason]').fill('抽查发现学历信息与档案不符')
    await sample.locator(`[data-qa="revoke-${ref}"]`).click()
    await sup.waitForLoadState('load')
    expect(await sup.locator(`[data-qa=sample][data-ref="${ref}"]`).count()).toBe(0)

    const stranger = await e.newPage({ width: 390, height: 844 })
    await stranger.goto(verifyPath)
    const status = stranger.locator('[data-qa=certificate-status]').first()
    expect(await status.getAttribute('data-status')).toBe('revoked')
    expect(await status.textContent()).toContain('已撤销')
    await both(stranger, 'verify-revoked')
    // The citizen is told why on the case page.
    await citizen.goto(`/applications/${ref}`)
    expect(await citizen.textContent('main')).toContain('抽查发现学历信息与档案不符')
    expect(e.problems).toEqual([])
  })
})
