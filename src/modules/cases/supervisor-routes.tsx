import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { pick, t } from '../../lib/i18n/index.js'
import { formAction, idParam } from '../../lib/forms.js'
import { addDays, parseDateOnly, today as todayIn, weekStart } from '../../lib/time.js'
import { RectificationsPage } from '../../../views/cases/supervisor.js'
import { StatsPage } from '../../../views/cases/stats.js'
import { percent } from './stats.js'
import { localised } from '../catalog/localise.js'

/** Supervisor pages: rectifications after a low rating (mounted at /staff/rectifications). */
export const rectificationRoutes = new Hono<AppEnv>()

async function rects(
  c: Context<AppEnv>,
  extra: { values?: Record<string, string>; errors?: Record<string, string>; message?: string; notice?: string } = {},
) {
  const svc = c.get('services')
  return c.render(<RectificationsPage list={await svc.cases.rectifications(null)} today={todayIn(svc.deps.clock)} {...extra} />, {
    title: t('差评整改'),
    area: 'staff',
  })
}
rectificationRoutes.get('/', (c) => rects(c, { notice: c.req.query('done') ? t('已办结') : undefined }))
rectificationRoutes.post('/:id/close', (c) =>
  formAction(c, {
    run: (f) =>
      c.get('services').cases.closeRectification(c.get('audit'), c.get('staff').id, idParam(c.req.param('id')), {
        callbackResult: f.callback_result ?? '',
        note: f.note ?? '',
      }),
    done: () => '/staff/rectifications?done=1',
    again: (failure) => rects(c, failure),
  }),
)

/** Statistics (mounted at /staff: /stats and its export /stats.csv are siblings, not a prefix). */
export const statsRoutes = new Hono<AppEnv>()

/** A real China-local date in the query (2026-02-30 is none: the default period instead). */
const day = (v: string | undefined) => (v && parseDateOnly(v) ? v : null)

/** The period: from/to (China-local dates), or a whole `year`, or by default the eight weeks up to today. */
async function statsData(c: Context<AppEnv>) {
  const svc = c.get('services')
  const today = todayIn(svc.deps.clock)
  const year = /^\d{4}$/.test(c.req.query('year') ?? '') ? c.req.query('year')! : null
  let to = year ? `${year}-12-31` : (day(c.req.query('to')) ?? today)
  let from = year ? `${year}-01-01` : (day(c.req.query('from')) ?? addDays(weekStart(to), -49))
  if (from > to) [from, to] = [to, from]
  if (addDays(from, 400) < to) from = addDays(to, -400) // at most about a year at once
  const names = Object.fromEntries((await svc.catalog.list()).map((s) => [s.code, localised(s).name]))
  const weekList: string[] = []
  for (let w = weekStart(from); w <= to; w = addDays(w, 7)) weekList.push(w)
  return { from, to, names, weekList, ...(await svc.cases.stats(from, to)) }
}
statsRoutes.get('/stats', async (c) => {
  const d = await statsData(c)
  return c.render(<StatsPage {...d} />, { title: t('统计分析'), area: 'staff' })
})
/** CSV for a spreadsheet: headers in the request's language (Chinese by default), UTF-8 with BOM (Excel), one row per week and service. */
statsRoutes.get('/stats.csv', async (c) => {
  const d = await statsData(c)
  const cell = (v: string | number | null) =>
    v === null ? '' : /[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v)
  const lines = [
    pick(
      '周（周一）,事项,收件,受理,办结,按期办结,按期办结率(%),平均办理用时(工作日),评价数,满意数,满意率(%),秒批,人工办结,秒批撤销,秒批撤销率(%)',
      'Week (Monday),Service,Received,Accepted,Decided,Decided on time,On-time rate (%),Average time taken (working days),Ratings,Satisfied,Satisfied (%),Instant,Decided by staff,Instant revoked,Instant revoked (%)',
    ),
    ...d.weeks.map((r) =>
      [
        r.week,
        d.names[r.service] ?? r.service,
        r.received,
        r.accepted,
        r.decided,
        r.onTime,
        percent(r.onTime, r.decided),
        r.avgDays,
        r.rated,
        r.satisfied,
        percent(r.satisfied, r.rated),
        r.instant,
        r.decided - r.instant,
        r.revoked,
        percent(r.revoked, r.instant),
      ]
        .map(cell)
        .join(','),
    ),
  ]
  c.header('Content-Type', 'text/csv; charset=utf-8')
  c.header('Content-Disposition', `attachment; filename="stats-${d.from}-${d.to}.csv"`)
  return c.body('\uFEFF' + lines.join('\r\n'))
})
