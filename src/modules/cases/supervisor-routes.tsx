import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formBody, formError } from '../../lib/forms.js'
import { idParam } from '../../lib/forms.js'
import { cstDate } from '../../db/time.js'
import { RectificationsPage, StatsPage } from '../../../views/cases/supervisor.js'

/** Supervisor pages: rectifications after a low rating (mounted at /staff/rectifications). */
export const rectificationRoutes = new Hono<AppEnv>()

async function rects(
  c: Context<AppEnv>,
  extra: { values?: Record<string, string>; errors?: Record<string, string>; message?: string; notice?: string } = {},
) {
  const svc = c.get('services')
  return c.render(<RectificationsPage list={await svc.cases.rectifications(null)} today={cstDate(svc.deps.clock.now())} {...extra} />, {
    title: '差评整改',
    area: 'staff',
  })
}
rectificationRoutes.get('/', (c) => rects(c, { notice: c.req.query('done') ? '已办结' : undefined }))
rectificationRoutes.post('/:id/close', async (c) => {
  const f = await formBody(c)
  try {
    await c.get('services').cases.closeRectification(c.get('audit'), c.get('staff').id, idParam(c.req.param('id')), {
      callbackResult: f.callback_result ?? '',
      note: f.note ?? '',
    })
    return c.redirect('/staff/rectifications?done=1', 303)
  } catch (e) {
    const err = formError(e)
    if (err.status === 404) throw err
    c.status(err.status as 422)
    return rects(c, { values: f, errors: err.fields, message: err.message })
  }
})

/** Statistics (mounted at /staff: /stats and its export /stats.csv are siblings, not a prefix). */
export const statsRoutes = new Hono<AppEnv>()

async function statsData(c: Context<AppEnv>) {
  const svc = c.get('services')
  const year = Number(c.req.query('year')) || Number(cstDate(svc.deps.clock.now()).slice(0, 4))
  const names = Object.fromEntries((await svc.catalog.list()).map((s) => [s.code, s.name]))
  return { year, names, rows: await svc.cases.stats(year) }
}
statsRoutes.get('/stats', async (c) => {
  const d = await statsData(c)
  return c.render(<StatsPage {...d} />, { title: '统计分析', area: 'staff' })
})
statsRoutes.get('/stats.csv', async (c) => {
  const d = await statsData(c)
  const lines = [
    'month,service,received,accepted,completed,overdue,avg_working_days,rating_1,rating_2,rating_3,rating_4,rating_5',
    ...d.rows.map((r) =>
      [
        r.month,
        d.names[r.service] ?? r.service,
        r.received,
        r.accepted,
        r.completed,
        r.overdue,
        r.avgDays?.toFixed(1) ?? '',
        ...r.ratings,
      ].join(','),
    ),
  ]
  c.header('Content-Type', 'text/csv; charset=utf-8')
  c.header('Content-Disposition', `attachment; filename="stats-${d.year}.csv"`)
  return c.body('\uFEFF' + lines.join('\r\n'))
})
