import { AsyncLocalStorage } from 'node:async_hooks'
import { EN } from './en/index.js'

/**
 * The portal's two languages. zh-CN is the default and the source language: every user-facing string
 * is written in Chinese in the code and passed through `t()`, which looks it up in the English
 * catalogue when the request's language is `en` (gettext's "the message is its own key"; decision 0220).
 * Stored user data is never passed through `t()`: it stays as entered.
 */
export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'zh-CN'

export function parseLocale(v: string | null | undefined): Locale | null {
  if (!v) return null
  const s = v.trim().toLowerCase()
  if (s === 'en' || s.startsWith('en-')) return 'en'
  if (s === 'zh-cn' || s === 'zh' || s === 'zh-hans') return 'zh-CN'
  return null
}

const store = new AsyncLocalStorage<Locale>()

/** Runs `fn` (a request, a job sending one person's mail) in `locale`; `t()` inside it answers in that language. */
export function runInLocale<T>(locale: Locale, fn: () => T): T {
  return store.run(locale, fn)
}

/** The language of the request (or job) being served; zh-CN outside any. */
export function currentLocale(): Locale {
  return store.getStore() ?? DEFAULT_LOCALE
}

export type Vars = Record<string, string | number>

const missing = new Set<string>()

/** Strings asked for in English that have no entry (the i18n test reads this; never logged with values). */
export function missingTranslations(): string[] {
  return [...missing]
}

function interpolate(s: string, vars?: Vars): string {
  if (!vars) return s
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m))
}

/**
 * The message `zh` in the current language, with `{name}` placeholders filled from `vars`.
 * `t('共 {n} 件', { n: 3 })` → "共 3 件" or, in English, the catalogue's "{n} cases" → "3 cases".
 */
export function t(zh: string, vars?: Vars): string {
  if (currentLocale() === 'zh-CN') return interpolate(zh, vars)
  const en = EN.get(zh)
  if (en === undefined) {
    missing.add(zh)
    return interpolate(zh, vars)
  }
  return interpolate(en, vars)
}

/** Same as `t` in an explicit language (an SMS or mail to someone whose language is stored). */
export function tIn(locale: Locale, zh: string, vars?: Vars): string {
  return runInLocale(locale, () => t(zh, vars))
}

/** Picks between two forms by language, for text that is not a lookup (e.g. a stored bilingual field). */
export function pick<T>(zh: T, en: T): T {
  return currentLocale() === 'en' ? en : zh
}
