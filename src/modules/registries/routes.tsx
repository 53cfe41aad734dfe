import { Hono } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formBody } from '../../lib/forms.js'
import { AppError } from '../../lib/errors.js'
import { t } from '../../lib/i18n/index.js'
import { AuthorisationsPage } from '../../../views/registries/authorisations.js'
import { SOURCE_LABELS, sourceName } from './schemas.js'

/** `/me/authorisations`: the citizen authorises (or stops) look-ups in each registry, and sees every look-up made. */
export const authorisationRoutes = new Hono<AppEnv>()

authorisationRoutes.get('/', async (c) => {
  const svc = c.get('services').registries
  const u = c.get('citizen')
  const state = await svc.authorisations(u.id)
  const rows = svc.sources.map((s) => ({ source: s, ...SOURCE_LABELS[s], granted: state[s].granted, at: state[s].at }))
  const lookups = (await svc.lookupsOf(u.id)).map((l) => ({
    at: l.at,
    sourceName: sourceName(l.source),
    purpose: l.purpose,
    outcome: l.outcome,
  }))
  const acting = c.get('principal')?.session.actingEnterpriseId
  const ent = acting ? await c.get('services').identity.enterpriseById(acting) : undefined
  const enterprise = ent ? { name: ent.name, granted: await svc.enterpriseAuthorised(u.id, ent.id) } : undefined
  return c.render(
    <AuthorisationsPage
      rows={rows}
      lookups={lookups}
      enterprise={enterprise}
      notice={c.req.query('done') ? '已更新，立即生效' : undefined}
    />,
    {
      title: '政务数据授权',
    },
  )
})

authorisationRoutes.post('/', async (c) => {
  const f = await formBody(c)
  const svc = c.get('services')
  const policy = await svc.privacy.currentConsents(c.get('citizen').id)
  // The enterprise the operator acts for authorises look-ups about itself (registration, social-insurance roster).
  let scope = f.scope ?? ''
  if (scope === 'acting-enterprise') {
    const id = c.get('principal')?.session.actingEnterpriseId
    if (!id) throw new AppError('invalid', t('请先选择您代办的企业'), { scope: t('请先选择您代办的企业') })
    scope = `enterprise:${id}`
  }
  await svc.registries.authorise(
    c.get('audit'),
    c.get('citizen').id,
    scope,
    f.granted === 'on',
    policy.privacy_policy?.policyVersion ?? null,
  )
  // Back to the form the citizen authorised from (only our own application form), else the authorisations page.
  const back = f.return_to && /^\/applications\/new\?service=[a-z-]+$/.test(f.return_to) ? f.return_to : '/me/authorisations?done=1'
  return c.redirect(back, 303)
})
