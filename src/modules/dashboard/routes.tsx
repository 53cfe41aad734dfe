import { Hono } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { t } from '../../lib/i18n/index.js'
import { DashboardPage, type Arrival } from '../../../views/dashboard/page.js'

/** 我的 — the personal dashboard at /me (mounted under the citizen guard). */
export const dashboardRoutes = new Hono<AppEnv>()

/** Query keys the account settings page used when it lived at /me: old links and bookmarks go on to /me/account. */
const SETTINGS_KEYS = ['done', 'verified', 'sent', 'new_phone', 'phone']

dashboardRoutes.get('/', async (c) => {
  const url = new URL(c.req.url)
  if (SETTINGS_KEYS.some((k) => url.searchParams.has(k))) return c.redirect(`/me/account${url.search}`, 303)
  const p = c.get('principal')
  const enterpriseIds = p?.kind === 'citizen' ? p.enterpriseIds : []
  const d = await c.get('services').dashboard.overview(c.get('citizen'), enterpriseIds)
  const arrival: Arrival = url.searchParams.has('verified_identity') ? 'verified' : url.searchParams.has('signed_in') ? 'signed_in' : null
  return c.render(<DashboardPage d={d} arrival={arrival} />, { title: t('我的') })
})
