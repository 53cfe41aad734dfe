import { requestCookie } from '../lib/request-cookies.js'
import type { Context } from 'hono'
import { factory, type AppEnv } from './env.js'
import { COOKIE, setAppCookie } from './cookies.js'
import { DEFAULT_LOCALE, parseLocale, runInLocale, type Locale } from '../lib/i18n/index.js'

/**
 * The request's language (contract: zh-CN by default; `?lang=en` on any GET switches and is kept in a
 * cookie; `POST /prefs/language` does the same from a form). Everything after this runs inside
 * `runInLocale`, so `t()` in views, services and error pages answers in that language.
 */
export const localeContext = factory.createMiddleware(async (c, next) => {
  const fromQuery = c.req.method === 'GET' ? parseLocale(c.req.query('lang')) : null
  const locale = fromQuery ?? parseLocale(requestCookie(c, COOKIE.lang)) ?? DEFAULT_LOCALE
  if (fromQuery && fromQuery !== parseLocale(requestCookie(c, COOKIE.lang)))
    setAppCookie(c, COOKIE.lang, fromQuery, { maxAge: 365 * 86400 })
  c.set('locale', locale)
  await runInLocale(locale, next)
  // a signed-in citizen switching by link: their SMS and mail follow (users.locale, decision 0220)
  if (fromQuery) await rememberLocale(c, fromQuery)
})

/** Stores the language of a signed-in citizen when it changed (the page already answered in it). */
export async function rememberLocale(c: Context<AppEnv>, locale: Locale) {
  const p = c.get('principal')
  if (p?.kind === 'citizen' && p.user.locale !== locale) await c.get('services').identity.setLocale(p.user.id, locale)
}
