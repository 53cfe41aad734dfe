import { t } from '../../lib/i18n/index.js'
import { Hono } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formBody } from '../../lib/forms.js'
import { shownPolicy } from './service.js'
import { PolicyPage, AcceptPolicyPage, DeclinedPolicyPage } from '../../../views/policy/pages.js'

/** The privacy policy (mounted at /privacy-policy): public text and history, and a citizen's acceptance of a new version. */
export const policyRoutes = new Hono<AppEnv>()
policyRoutes.get('/', async (c) => {
  const a = c.get('services').policy
  const current = await a.currentPolicy()
  const upcoming = await a.upcomingMaterial()
  return c.render(
    <PolicyPage
      current={current ? shownPolicy(current) : null}
      history={(await a.policies()).map(shownPolicy)}
      upcoming={upcoming ? shownPolicy(upcoming) : null}
    />,
    { title: t('隐私政策') },
  )
})
policyRoutes.get('/accept', async (c) => {
  const p = c.get('principal')
  if (p?.kind !== 'citizen') return c.redirect('/privacy-policy', 303)
  const current = await c.get('services').policy.needsReconsent(p.user.id)
  if (!current) return c.redirect('/me', 303)
  const shown = shownPolicy(current)
  return c.render(
    <AcceptPolicyPage version={current.version} summary={shown.summary} lang={shown.lang} effectiveAt={current.effectiveAt} />,
    {
      title: t('隐私政策已更新'),
    },
  )
})
policyRoutes.post('/accept', async (c) => {
  const p = c.get('principal')
  if (p?.kind !== 'citizen') return c.redirect('/login', 303)
  const f = await formBody(c)
  if (f.decision !== 'accept') return c.render(<DeclinedPolicyPage />, { title: t('未同意隐私政策') })
  const current = await c.get('services').policy.needsReconsent(p.user.id)
  if (current && current.version === f.version) await c.get('services').policy.acceptPolicy(c.get('audit'), p.user.id, current.version)
  return c.redirect('/me', 303)
})
