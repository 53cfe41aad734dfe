import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.js'
import { signIn, citizen, staffMember } from '../support/fixtures.js'
import { ensureCatalog, submittedCase } from '../support/cases.js'

/** axe-core (WCAG 2.1 A/AA rules) on the pages of every area, in care mode off and on. */
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
let e: E2E
beforeAll(async () => {
  e = await startE2E({ demo: false })
  await ensureCatalog(e.ctx)
})
afterAll(() => e?.close())

async function audit(page: Page, path: string) {
  await page.goto(path)
  await page.evaluate(AXE) // evaluated through the devtools protocol, so the page's CSP stays on
  const result = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)
  })
  return result.map((v) => `${path}: ${v}`)
}

async function withCookies(kind: 'citizen' | 'staff', id: number, width = 1280) {
  const client = await signIn(e.ctx, kind, id)
  const page = await e.newPage({ width })
  await page.context().addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: e.baseUrl })).concat([{ name: 'hall_cookie_choice', value: 'essential', url: e.baseUrl }]))
  return page
}

describe('accessibility (axe-core)', () => {
  it('has no WCAG A/AA violations on signed-out, citizen, staff and admin pages', async () => {
    const { citizen: a, ref } = await submittedCase(e.ctx)
    const unverified = await citizen(e.ctx, { verified: false })
    const violations: string[] = []
    const anon = await e.newPage({ width: 360 })
    for (const p of ['/', '/services', '/services/talent-registration', '/register', '/login', '/staff/login', '/privacy-policy', '/accessibility', '/cookies', '/no-such-page']) violations.push(...(await audit(anon, p)))
    const cit = await withCookies('citizen', a.id)
    for (const p of ['/me', '/applications', `/applications/${ref}`, '/applications/new?service=talent-registration', '/me/data', '/me/consents', '/me/access-log', '/me/closure', '/me/messages', '/me/complaints', '/me/enterprise']) violations.push(...(await audit(cit, p)))
    const unv = await withCookies('citizen', unverified.id, 360)
    violations.push(...(await audit(unv, '/me/identity')))
    for (const [role, pages] of [
      ['supervisor', ['/staff', '/staff/cases', `/staff/cases/${ref}`, '/staff/counter', '/staff/stats', '/staff/rectifications', '/staff/calendar', '/staff/corrections', '/admin/complaints']],
      ['sysadmin', ['/admin']],
      ['secadmin', ['/admin', '/admin/disclosures']],
      ['auditor', ['/admin/audit']],
    ] as const) {
      const s = await staffMember(e.ctx, role)
      const page = await withCookies('staff', s.id)
      for (const p of pages) violations.push(...(await audit(page, p)))
    }
    // care mode on: the same checks on the citizen's main pages
    await cit.context().addCookies([{ name: 'hall_care', value: '1', url: e.baseUrl }])
    for (const p of ['/', '/applications/new?service=talent-registration', `/applications/${ref}`]) violations.push(...(await audit(cit, p)))
    await e.shot(cit, 'a11y-care-mode-application')
    expect(violations).toEqual([])
  }, 180_000)
})
