import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { CHROMIUM, startE2E, type E2E } from './support/browser.js'
import { signedInPage } from './support/tour.js'
import { citizen } from '../support/fixtures.js'
import { ensureCatalog } from '../support/cases.js'

/**
 * 关怀模式 by the MIIT 适老化 rules, measured in Chromium at 390 px on computed styles (not on the CSS
 * text): body ≥ 18 px, line height ≥ 1.3, paragraph spacing ≥ 1.3 × the line height, controls ≥ 48 px
 * tall and primary actions ≥ 60 px, text contrast ≥ 4.5:1, links in running text told apart, nothing
 * animating; in Chinese and in English. Skipped only where there is no Chromium (CI has it).
 */
let e: E2E
beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) return
  e = await startE2E({ demo: false })
  await ensureCatalog(e.ctx)
})
afterAll(() => e?.close())

type Measure = {
  h1: boolean
  sideways: boolean
  /** The elements that stick out on the right (to say what scrolls sideways). */
  wide: string[]
  bodyFont: number
  lineRatio: number
  paragraphs: { text: string; gap: number; line: number }[]
  shortControls: string[]
  shortPrimary: string[]
  lowContrast: string[]
  plainLinks: string[]
  animations: number
  careEntry: boolean
}

/** Everything measured in the page itself (one evaluate: computed styles, boxes, colours). */
function measure(page: Page): Promise<Measure> {
  return page.evaluate(() => {
    const px = (v: string) => parseFloat(v) || 0
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect()
      const s = getComputedStyle(el)
      return r.width > 2 && r.height > 2 && s.visibility !== 'hidden' && s.display !== 'none'
    }
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? ['0', '0', '0', '1']).map(Number)
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
    }
    const background = (el: Element | null): number[] => {
      for (let x = el; x; x = x.parentElement) {
        const c = rgb(getComputedStyle(x).backgroundColor)
        if (c.length < 4 || c[3] > 0.5) {
          if (getComputedStyle(x).backgroundImage !== 'none' && c.length >= 4 && c[3] === 0) continue
          return c
        }
      }
      return [255, 255, 255]
    }
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${(el.textContent ?? '').trim().slice(0, 20)}"`
    const body = getComputedStyle(document.body)
    const main = document.querySelector('main')!
    const paragraphs = Array.from(main.querySelectorAll('p:not([class])'))
      .filter((p) => visible(p) && (p.textContent ?? '').trim().length > 8 && p.nextElementSibling?.tagName === 'P')
      .slice(0, 5)
      .map((p) => {
        const s = getComputedStyle(p)
        return { text: (p.textContent ?? '').trim().slice(0, 20), gap: px(s.marginBottom), line: px(s.lineHeight) }
      })
    const controls = Array.from(document.querySelectorAll('main input, main select, main textarea, main button, header button')).filter(
      (el) => visible(el) && !['checkbox', 'radio', 'hidden', 'file'].includes((el as HTMLInputElement).type),
    )
    const primary = Array.from(main.querySelectorAll('[data-qa=submit], .button-primary')).filter(visible)
    const texts = Array.from(
      document.querySelectorAll('main p, main label, main h1, main h2, main li, main a, main button, main td'),
    ).filter((el) => visible(el) && Array.from(el.childNodes).some((n) => n.nodeType === 3 && (n.textContent ?? '').trim()))
    const lowContrast = texts
      .map((el) => {
        const fg = lum(rgb(getComputedStyle(el).color))
        const bg = lum(background(el))
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05)
        return ratio < 4.5 ? `${name(el)} ${ratio.toFixed(2)}` : ''
      })
      .filter(Boolean)
    const plainLinks = Array.from(main.querySelectorAll('p a'))
      .filter(visible)
      .filter((a) => {
        const s = getComputedStyle(a)
        return !s.textDecorationLine.includes('underline') && Number(s.fontWeight) < 600
      })
      .map(name)
    return {
      h1: !!document.querySelector('h1'),
      sideways: document.documentElement.scrollWidth > window.innerWidth,
      wide: Array.from(document.querySelectorAll<HTMLElement>('main *, header *'))
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && getComputedStyle(el).display !== 'none')
        .slice(-3)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
      bodyFont: px(body.fontSize),
      lineRatio: px(body.lineHeight) / px(body.fontSize),
      paragraphs,
      shortControls: controls.filter((el) => el.getBoundingClientRect().height < 47.5).map(name),
      shortPrimary: primary.filter((el) => el.getBoundingClientRect().height < 59.5).map(name),
      lowContrast,
      plainLinks,
      animations: document.getAnimations().length,
      careEntry: !!document.querySelector('[data-qa=care-entry]'),
    }
  })
}

describe.skipIf(!fs.existsSync(CHROMIUM))('关怀模式 at 390 px (MIIT 适老化)', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`meets the rules on the home page, a guide, the login, the dashboard and a form (${lang})`, async () => {
      const a = await citizen(e.ctx)
      const page = await signedInPage(e, 'citizen', a.id, 390)
      await page.setViewportSize({ width: 390, height: 844 })
      await page.context().addCookies([
        { name: 'hall_care', value: '1', url: e.baseUrl },
        { name: 'hall_lang', value: lang, url: e.baseUrl },
        { name: 'hall_cookie_choice', value: 'essential', url: e.baseUrl },
      ])
      const problems: string[] = []
      for (const path of ['/', '/services/talent-registration', '/me', '/applications/new?service=housing-subsidy', '/password/reset']) {
        await page.goto(path)
        const m = await measure(page)
        const at = `${path} (${lang})`
        if (!m.h1) problems.push(`${at}: no h1`)
        if (m.sideways) problems.push(`${at}: sideways scrolling (${m.wide.join(', ')})`)
        if (m.bodyFont < 18) problems.push(`${at}: body ${m.bodyFont}px < 18px`)
        if (m.lineRatio < 1.3) problems.push(`${at}: line height ${m.lineRatio.toFixed(2)} < 1.3`)
        for (const p of m.paragraphs)
          if (p.gap < 1.3 * p.line - 0.5) problems.push(`${at}: paragraph "${p.text}" spacing ${p.gap}px < 1.3 × ${p.line}px`)
        for (const c of m.shortControls) problems.push(`${at}: control under 48px: ${c}`)
        for (const c of m.shortPrimary) problems.push(`${at}: primary action under 60px: ${c}`)
        for (const c of m.lowContrast) problems.push(`${at}: contrast under 4.5:1: ${c}`)
        for (const l of m.plainLinks) problems.push(`${at}: link in text neither underlined nor bold: ${l}`)
        if (m.animations) problems.push(`${at}: ${m.animations} animation(s) running`)
        if (path === '/' && !m.careEntry) problems.push(`${at}: no 长辈版 entry`)
      }
      // the page language follows the cookie
      expect(await page.getAttribute('html', 'lang')).toBe(lang)
      expect(problems).toEqual([])
      // and care mode is really on: the standard page has smaller type
      await page.context().addCookies([{ name: 'hall_care', value: '0', url: e.baseUrl }])
      await page.goto('/')
      expect((await measure(page)).bodyFont).toBeLessThan(18)
      await page.context().close()
    })
  }
})
