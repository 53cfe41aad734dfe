import { getCookie } from 'hono/cookie'
import { factory } from './env.js'
import { COOKIE, setAppCookie } from './cookies.js'
import { DEFAULT_LOCALE, parseLocale, runInLocale } from '../lib/i18n/index.js'

/**
 * The request's language (contract: zh-CN by default; `?lang=en` on any GET switches and is kept in a
 * cookie; `POST /prefs/language` does the same from a form). Everything after this runs inside
 * `runInLocale`, so `t()` in views, services and error pages answers in that language.
 */
export const localeContext = factory.createMiddleware(async (c, next) => {
  const fromQuery = c.req.method === 'GET' ? parseLocale(c.req.query('lang')) : null
  const locale = fromQuery ?? parseLocale(getCookie(c, COOKIE.lang)) ?? DEFAULT_LOCALE
  if (fromQuery && fromQuery !== parseLocale(getCookie(c, COOKIE.lang))) setAppCookie(c, COOKIE.lang, fromQuery, { maxAge: 365 * 86400 })
  c.set('locale', locale)
  await runInLocale(locale, next)
})
