import { t } from '../../lib/i18n/index.js'
import { Hono } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { SamplingPage } from '../../../views/rules/trace.js'

/** `/staff/sampling` (supervisors): the instant approvals drawn for a human check. */
export const samplingRoutes = new Hono<AppEnv>()

samplingRoutes.get('/', async (c) => {
  const svc = c.get('services')
  const names = Object.fromEntries((await svc.catalog.list()).map((s) => [s.code, s.name]))
  const rows = await Promise.all(
    (await svc.decisions.samplingQueue()).map(async (r) => ({
      ref: r.applicationRef,
      serviceName: names[r.serviceCode] ?? r.serviceCode,
      version: r.ruleVersion,
      at: r.createdAt,
      trace: (await svc.decisions.evaluationOf(r.applicationRef))!,
    })),
  )
  const done = c.req.query('done')
  return c.render(
    <SamplingPage
      rows={rows}
      notice={done === 'confirmed' ? t('已确认抽查无误。') : done === 'revoked' ? t('已撤销审批和电子证照，并通知申请人。') : undefined}
    />,
    {
      title: t('秒批抽查'),
      area: 'staff',
    },
  )
})

samplingRoutes.post('/:ref/confirm', async (c) => {
  await c.get('services').decisions.confirmSample(c.get('audit'), c.get('staff').id, c.req.param('ref'))
  return c.redirect('/staff/sampling?done=confirmed', 303)
})
