import fs from 'node:fs'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.js'
import { pageTour, type TourStop } from './support/tour.js'

/**
 * Every page of every persona (test/e2e/support/tour.ts) in Chinese and in English, care mode off and on:
 * one visit per page and variant, at 390 px (a phone) then resized to 1366 px (a counter PC), each width
 * screenshotted under test-results/pages/ for people to look at and checked for what a screenshot review
 * catches first — the expected status, an h1, the page language, no sideways scrolling, larger type in care
 * mode, the navigation's current section — and axe-core (WCAG 2.0/2.1 A and AA) on the phone layout: 0 violations.
 *
 * Rendering does not depend on the database dialect, so on MySQL/MariaDB (DATABASE_URL=mysql://…) only a
 * subset runs — the first page of every persona, in Chinese standard and English care mode — to keep the
 * second CI run short (decision 0266).
 */
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const mysql = /^mysql/.test(process.env.DATABASE_URL ?? '')
const PHONE = { width: 390, height: 844 }
const PC = { width: 1366, height: 768 }

let e: E2E
let tour: TourStop[]
beforeAll(async () => {
  e = await startE2E({ demo: false })
  tour = await pageTour(e)
}, 120_000)
afterAll(() => e?.close())

const slug = (p: string) =>
  p
    .replace(/[A-Z]{2}\d{8}[0-9A-Z]{6,}/, 'ref')
    .replace(/^\//, '')
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/-$/, '') || 'home'

/** axe-core on the page as it is, evaluated through the devtools protocol so the page keeps its CSP. */
async function axe(page: Page): Promise<string[]> {
  await page.evaluate(AXE)
  return page.evaluate(async () => {
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
}

function measure(page: Page) {
  return page.evaluate(() => ({
    h1: document.querySelector('h1')?.textContent?.trim() ?? '',
    lang: document.documentElement.lang,
    scrollWidth: document.documentElement.scrollWidth,
    fontSize: parseFloat(getComputedStyle(document.body).fontSize),
    care: document.documentElement.classList.contains('care'),
    current: document.querySelector('.site-header nav.nav a[aria-current="page"]')?.getAttribute('href') ?? null,
    // what sticks out on the right, looked for only when the page scrolls sideways (it walks every element)
    wide:
      document.documentElement.scrollWidth > window.innerWidth + 1
        ? Array.from(document.querySelectorAll<HTMLElement>('body *'))
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && getComputedStyle(el).display !== 'none')
            .slice(-2)
            .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
        : [],
  }))
}

/** The navigation entry marked as the current section (aria-current="page", highlighted) on these pages. */
const CURRENT: Record<string, string> = {
  '/services': '/services',
  '/applications': '/applications',
  '/me/account': '/me',
  '/staff': '/staff',
  '/staff/cases': '/staff/cases',
  '/staff/counter': '/staff/counter',
  '/staff/stats': '/staff/stats',
  '/admin/complaints': '/admin/complaints',
  '/admin/staff': '/admin',
  '/admin/audit': '/admin/audit',
}

const VARIANTS = [
  { lang: 'zh-CN', care: false },
  { lang: 'zh-CN', care: true },
  { lang: 'en', care: false },
  { lang: 'en', care: true },
] as const

describe('every page, in both languages, care mode off and on', () => {
  for (const { lang, care } of VARIANTS) {
    const full = !mysql || (lang === 'zh-CN' && !care) || (lang === 'en' && care)
    it.skipIf(!full)(
      `${lang}${care ? ', care mode' : ''}${mysql ? ' (MySQL: the first page of each persona; all pages on SQLite)' : ''}: status, h1, no sideways scrolling at 390 and 1366 px, axe 0 violations`,
      async () => {
        const problems: string[] = []
        let shots = 0
        for (const stop of tour) {
          const page = await stop.open(PHONE.width)
          await page.setViewportSize(PHONE)
          await page.context().addCookies([
            { name: 'hall_lang', value: lang, url: e.baseUrl },
            { name: 'hall_care', value: care ? '1' : '0', url: e.baseUrl },
          ])
          for (const path of mysql ? stop.paths.slice(0, 1) : stop.paths) {
            const res = await page.goto(path)
            const where = `${stop.who} ${path} (${lang}${care ? ' care' : ''})`
            if (!res || res.status() !== (stop.status ?? 200)) problems.push(`${where}: status ${res?.status()}`)
            for (const size of [PHONE, PC]) {
              if (size === PC) await page.setViewportSize(PC)
              const m = await measure(page)
              const at = `${where} @${size.width}`
              if (!m.h1) problems.push(`${at}: no h1`)
              if (m.lang !== lang) problems.push(`${at}: lang="${m.lang}"`)
              if (m.scrollWidth > size.width + 1) problems.push(`${at}: ${m.scrollWidth}px wide, scrolls sideways (${m.wide.join(', ')})`)
              if (care !== m.care) problems.push(`${at}: care mode ${m.care ? 'on' : 'off'}`)
              if (care ? m.fontSize < 18 : m.fontSize >= 18) problems.push(`${at}: body text ${m.fontSize}px`)
              if (path in CURRENT && m.current !== CURRENT[path]) problems.push(`${at}: navigation marks ${m.current} as current`)
              if (size === PHONE) for (const v of await axe(page)) problems.push(`${at}: ${v}`)
              await e.shot(page, `pages/${stop.who}-${slug(path)}-${size.width}${lang === 'en' ? '-en' : ''}${care ? '-care' : ''}`)
              shots++
            }
            await page.setViewportSize(PHONE)
          }
          await page.context().close()
        }
        expect(problems).toEqual([])
        expect(shots).toBeGreaterThan(mysql ? 20 : 110)
      },
      240_000,
    )
  }
})
