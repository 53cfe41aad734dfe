import { Hono } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { COOKIE, setAppCookie } from '../../middleware/cookies.js'
import { rememberLocale } from '../../middleware/locale.js'
import { refererPath } from '../../lib/safe-path.js'
import { formBody, safeNext } from '../../lib/forms.js'
import { DEFAULT_LOCALE, parseLocale } from '../../lib/i18n/index.js'
import { HomePage } from '../../../views/home/index.js'
import { localised } from '../catalog/localise.js'

/** Home (the service hall) and site preferences. */
export const platformRoutes = new Hono<AppEnv>()

platformRoutes.get('/', async (c) => {
  const services = (await c.get('services').catalog.list({ onlineOnly: true })).map(localised).map((s) => ({
    code: s.code,
    name: s.name,
    category: s.category,
    summary: s.guide.summary,
  }))
  const announcements = (await c.get('services').admin.activeAnnouncements()).map((a) => ({ title: a.title, body: a.body }))
  return c.render(<HomePage services={services} announcements={announcements} />)
})

/** 关怀模式 toggle: a plain form post (works without JS), kept in a cookie for a year. */
platformRoutes.post('/prefs/care-mode', async (c) => {
  const on = !c.get('careMode')
  setAppCookie(c, COOKIE.care, on ? '1' : '0', { maxAge: 365 * 86400 })
  // The page's own address (a GET page sends it); after a failed submit the Referer is the POST's URL,
  // whose GET is another page, so that case falls back to the Referer (the JS toggle never navigates).
  const back = safeNext((await formBody(c)).return_to, '')
  return c.redirect(back || refererPath(c.req.header('referer'), c.req.url, '/'), 303)
})

/** Language switch from a form (contract): `lang` = `en` or `zh-CN`, kept in a cookie for a year; back to the page it came from. */
platformRoutes.post('/prefs/language', async (c) => {
  const lang = parseLocale((await formBody(c)).lang) ?? DEFAULT_LOCALE
  setAppCookie(c, COOKIE.lang, lang, { maxAge: 365 * 86400 })
  await rememberLocale(c, lang)
  return c.redirect(refererPath(c.req.header('referer'), c.req.url, '/'), 303)
})
