import { Hono } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { COOKIE, setAppCookie } from '../../middleware/cookies.js'
import { refererPath } from '../../lib/safe-path.js'
import { HomePage } from '../../../views/home/index.js'

/** Home (the service hall) and site preferences. */
export const platformRoutes = new Hono<AppEnv>()

platformRoutes.get('/', async (c) => {
  const services = (await c.get('services').catalog.list({ onlineOnly: true })).map((s) => ({
    code: s.code,
    name: s.name,
    category: s.category,
    summary: s.guide.summary,
  }))
  const announcements = (await c.get('services').admin.activeAnnouncements()).map((a) => ({ title: a.title, body: a.body }))
  return c.render(<HomePage services={services} announcements={announcements} />)
})

/** 关怀模式 toggle: a plain form post (works without JS), kept in a cookie for a year. */
platformRoutes.post('/prefs/care-mode', (c) => {
  const on = !c.get('careMode')
  setAppCookie(c, COOKIE.care, on ? '1' : '0', { maxAge: 365 * 86400 })
  return c.redirect(refererPath(c.req.header('referer'), c.req.url, '/'), 303)
})
