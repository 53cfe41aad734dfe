import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { requireStaff } from '../../middleware/auth.js'
import { formBody, formError } from '../../lib/forms.js'
import { idParam } from '../../lib/forms.js'
import { cstDate } from '../../db/time.js'
import { RectificationsPage, StatsPage, CalendarPage, CorrectionsPage } from '../../../views/cases/supervisor.js'
import { checkDate, dateMessage } from '../../lib/dates.js'

/** Supervisor and review pages: rectifications, statistics, calendar, identity corrections. */
export const supervisorRoutes = new Hono<AppEnv>()
supervisorRoutes.use('/staff/rectifications', requireStaff('supervisor'))
supervisorRoutes.use('/staff/rectifications/*', requireStaff('supervisor'))
supervisorRoutes.use('/staff/stats', requireStaff('supervisor'))
supervisorRoutes.use('/staff/stats.csv', requireStaff('supervisor'))
supervisorRoutes.use('/staff/calendar', requireStaff('supervisor'))
supervisorRoutes.use('/staff/corrections', requireStaff('reviewer', 'supervisor'))
supervisorRoutes.use('/staff/corrections/*', requireStaff('reviewer', 'supervisor'))

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
supervisorRoutes.get('/staff/rectifications', (c) => rects(c, { notice: c.req.query('done') ? '已办结' : undefined }))
supervisorRoutes.post('/staff/rectifications/:id/close', async (c) => {
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

async function statsData(c: Context<AppEnv>) {
  const svc = c.get('services')
  const year = Number(c.req.query('year')) || Number(cstDate(svc.deps.clock.now()).slice(0, 4))
  const names = Object.fromEntries((await svc.catalog.list()).map((s) => [s.code, s.name]))
  return { year, names, rows: await svc.cases.stats(year) }
}
supervisorRoutes.get('/staff/stats', async (c) => {
  const d = await statsData(c)
  return c.render(<StatsPage {...d} />, { title: '统计分析', area: 'staff' })
})
supervisorRoutes.get('/staff/stats.csv', async (c) => {
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

async function calendarPage(
  c: Context<AppEnv>,
  extra: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string } = {},
) {
  const svc = c.get('services')
  const year = Number(cstDate(svc.deps.clock.now()).slice(0, 4))
  return c.render(<CalendarPage year={year} days={await svc.calendar.list(`${year}-01-01`, `${year + 1}-12-31`)} {...extra} />, {
    title: '工作日历',
    area: 'staff',
  })
}
supervisorRoutes.get('/staff/calendar', (c) => calendarPage(c, { notice: c.req.query('done') ? '已保存' : undefined }))
supervisorRoutes.post('/staff/calendar', async (c) => {
  const f = await formBody(c)
  const errors: Record<string, string> = {}
  if (checkDate(f.day ?? '')) errors.day = dateMessage('日期', checkDate(f.day ?? '')!)
  if (!['holiday', 'workday', 'normal'].includes(f.kind ?? '')) errors.kind = '请选择类型'
  if (f.kind !== 'normal' && !(f.name ?? '').trim()) errors.name = '请填写名称，如“国庆节”'
  if (Object.keys(errors).length) {
    c.status(422)
    return calendarPage(c, { values: f, errors })
  }
  await c.get('services').calendar.setDay(c.get('staff').id, f.day, f.kind as 'holiday', (f.name ?? '').trim().slice(0, 60))
  await c.get('services').audit.record(null, c.get('audit'), {
    action: 'admin.settings_changed',
    subjectType: 'system',
    detail: { calendar: f.day, kind: f.kind },
  })
  return c.redirect('/staff/calendar?done=1', 303)
})

async function corrections(
  c: Context<AppEnv>,
  extra: { values?: Record<string, string>; errors?: Record<string, string>; message?: string; notice?: string } = {},
) {
  const svc = c.get('services')
  const pending = await svc.privacy.pendingCorrections()
  const list = await Promise.all(pending.map(async (x) => ({ ...x, value: await svc.privacy.correctionValue(x.id) })))
  for (const x of list)
    await svc.audit.record(null, c.get('audit'), {
      action: 'case.viewed',
      subjectType: 'citizen',
      subjectId: x.userId,
      purpose: '审核更正申请',
    })
  return c.render(<CorrectionsPage list={list} {...extra} />, { title: '更正申请审核', area: 'staff' })
}
supervisorRoutes.get('/staff/corrections', (c) => corrections(c, { notice: c.req.query('done') ? '已处理' : undefined }))
supervisorRoutes.post('/staff/corrections/:id/decision', async (c) => {
  const f = await formBody(c)
  try {
    await c
      .get('services')
      .privacy.decideCorrection(c.get('audit'), c.get('staff').id, idParam(c.req.param('id')), f.decision === 'approve', f.note ?? '')
    return c.redirect('/staff/corrections?done=1', 303)
  } catch (e) {
    const err = formError(e)
    if (err.status === 404) throw err
    c.status(err.status as 422)
    return corrections(c, { values: f, errors: err.fields, message: err.message })
  }
})
