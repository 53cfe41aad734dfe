import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { t } from '../../lib/i18n/index.js'
import { formAction } from '../../lib/forms.js'
import { AppError } from '../../lib/errors.js'
import { today } from '../../lib/time.js'
import { CalendarPage } from '../../../views/cases/supervisor.js'
import { checkDate, dateMessage } from '../../lib/dates.js'

/** The working-day calendar: holidays and make-up workdays (mounted at /staff/calendar, supervisor). */
export const calendarRoutes = new Hono<AppEnv>()

async function calendarPage(
  c: Context<AppEnv>,
  extra: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string } = {},
) {
  const svc = c.get('services')
  const year = Number(today(svc.deps.clock).slice(0, 4))
  return c.render(<CalendarPage year={year} days={await svc.calendar.list(`${year}-01-01`, `${year + 1}-12-31`)} {...extra} />, {
    title: t('工作日历'),
    area: 'staff',
  })
}
calendarRoutes.get('/', (c) => calendarPage(c, { notice: c.req.query('done') ? t('已保存') : undefined }))
calendarRoutes.post('/', (c) =>
  formAction(c, {
    run: async (f) => {
      const errors: Record<string, string> = {}
      if (checkDate(f.day ?? '')) errors.day = dateMessage(t('日期'), checkDate(f.day ?? '')!)
      if (!['holiday', 'workday', 'normal'].includes(f.kind ?? '')) errors.kind = t('请选择类型')
      if (f.kind !== 'normal' && !(f.name ?? '').trim()) errors.name = t('请填写名称，如“国庆节”')
      if (Object.keys(errors).length) throw new AppError('invalid', '', errors)
      await c.get('services').calendar.setDay(c.get('staff').id, f.day, f.kind as 'holiday', (f.name ?? '').trim().slice(0, 60))
      await c.get('services').audit.record(null, c.get('audit'), {
        action: 'admin.settings_changed',
        subjectType: 'system',
        detail: { calendar: f.day, kind: f.kind },
      })
    },
    done: () => '/staff/calendar?done=1',
    // the field messages say it all: no summary above the form (as before)
    again: ({ values, errors }) => calendarPage(c, { values, errors }),
  }),
)
