import { t } from '../../lib/i18n/index.js'
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formAction } from '../../lib/forms.js'
import { idParam } from '../../lib/forms.js'
import { AppError } from '../../lib/errors.js'
import { AdminHomePage } from '../../../views/admin/pages.js'
import { NoticesPage, NoticePage } from '../../../views/admin/notices.js'
import { normaliseNumber } from '../identity/validators.js'
import { shownIncident } from './service.js'

/** The admin console (mounted at /admin, sysadmin or secadmin): staff and roles, security settings, policy versions, incidents, announcements. */
export const adminRoutes = new Hono<AppEnv>()

const need = (c: Context<AppEnv>, role: string) => {
  if (!c.get('staffRoles').includes(role)) throw new AppError('forbidden', t('您的角色无权执行此操作'))
}

async function home(
  c: Context<AppEnv>,
  extra: {
    values?: Record<string, string>
    errors?: Record<string, string>
    message?: string
    notice?: string
  } = {},
) {
  const svc = c.get('services')
  const a = svc.admin
  return c.render(
    <AdminHomePage
      roles={c.get('staffRoles')}
      me={c.get('staff').id}
      staff={await a.staffList()}
      settings={await svc.securitySettings.settings()}
      policies={await svc.policy.policies()}
      incidents={await a.incidents()}
      announcements={await a.announcements()}
      {...extra}
    />,
    { title: t('系统管理'), area: 'staff' },
  )
}

adminRoutes.get('/', (c) => home(c, { notice: c.req.query('done') ? t('已保存') : undefined }))
adminRoutes.get('/staff', (c) => home(c))

function act<R>(
  c: Context<AppEnv>,
  role: string,
  run: (f: Record<string, string>) => Promise<R>,
  after?: (r: R) => Promise<Response> | Response,
) {
  need(c, role)
  return formAction(c, { run, done: (r) => (after ? after(r) : '/admin?done=1'), again: (failure) => home(c, failure) })
}

// An account for a colleague: no password and no role; the holder activates it through a one-time
// link to their own phone or mail (identity/staff.ts invite, decision 0150).
adminRoutes.post('/staff', (c) =>
  act(
    c,
    'sysadmin',
    (f) =>
      c.get('services').staff.invite(c.get('audit'), c.get('staff').id, {
        username: (f.username ?? '').trim(),
        name: (f.name ?? '').trim(),
        department: (f.department ?? '').trim() || undefined,
        staffNo: (f.staff_no ?? '').trim() || undefined,
        phone: normaliseNumber(f.phone ?? '') || undefined,
        email: (f.email ?? '').trim() || undefined,
      }),
    (r) => home(c, { notice: t('已创建，激活链接已发送至账号持有人本人（{sentTo}）。角色由安全管理员授予。', { sentTo: r.sentTo }) }),
  ),
)
adminRoutes.post('/staff/:id/disable', (c) =>
  act(c, 'sysadmin', () =>
    c.get('services').admin.setStaffStatus(c.get('audit'), c.get('staff').id, idParam(c.req.param('id')), 'disabled'),
  ),
)
adminRoutes.post('/staff/:id/enable', (c) =>
  act(c, 'sysadmin', () => c.get('services').admin.setStaffStatus(c.get('audit'), c.get('staff').id, idParam(c.req.param('id')), 'active')),
)
adminRoutes.post('/staff/:id/reset-password', (c) =>
  act(
    c,
    'sysadmin',
    () => c.get('services').staff.resetPassword(c.get('audit'), c.get('staff').id, idParam(c.req.param('id'))),
    (r) => home(c, { notice: t('重置链接已发送至账号持有人本人（{sentTo}），其登录会话已结束。', { sentTo: r.sentTo }) }),
  ),
)
// secadmin only, never on themself, admin roles held alone; the holder's sessions end, and a role
// needing TOTP on an account without one sends the holder an enrolment link (identity/staff.ts).
adminRoutes.post('/staff/:id/roles', (c) =>
  act(c, 'secadmin', (f) => {
    const staff = c.get('services').staff
    const args = [c.get('audit'), c.get('staff').id, idParam(c.req.param('id')), f.role ?? ''] as const
    return f.op === 'revoke' ? staff.revokeRole(...args) : staff.grantRole(...args)
  }),
)
adminRoutes.post('/settings', (c) =>
  act(c, 'secadmin', (f) => c.get('services').securitySettings.setSettings(c.get('audit'), c.get('staff').id, f)),
)
adminRoutes.post('/policies', (c) =>
  act(c, 'secadmin', (f) =>
    c.get('services').policy.publishPolicy(c.get('audit'), c.get('staff').id, {
      version: (f.version ?? '').trim(),
      title: f.title ?? '',
      body: f.body ?? '',
      summary: f.summary ?? '',
      effectiveDate: f.effective_date ?? '',
      material: f.material === 'on',
      en: { title: f.title_en ?? '', summary: f.summary_en ?? '', body: f.body_en ?? '' },
    }),
  ),
)
adminRoutes.post('/incidents', (c) =>
  act(c, 'secadmin', (f) => c.get('services').admin.recordIncident(c.get('audit'), c.get('staff').id, f)),
)
adminRoutes.post('/incidents/:id/notify', (c) =>
  act(c, 'secadmin', () => c.get('services').admin.notifyIncident(c.get('audit'), idParam(c.req.param('id')))),
)
adminRoutes.post('/incidents/:id/close', (c) =>
  act(c, 'secadmin', () => c.get('services').admin.closeIncident(c.get('audit'), idParam(c.req.param('id')))),
)
adminRoutes.post('/announcements', (c) =>
  act(c, 'sysadmin', (f) =>
    c.get('services').admin.addAnnouncement(c.get('audit'), c.get('staff').id, {
      title: f.title ?? '',
      body: f.body ?? '',
      startsAt: f.starts_at ?? '',
      endsAt: f.ends_at ?? '',
    }),
  ),
)

/** Public notices of security incidents (mounted at /notices). */
export const noticeRoutes = new Hono<AppEnv>()
noticeRoutes.get('/', async (c) =>
  c.render(<NoticesPage list={(await c.get('services').admin.publishedIncidents()).map(shownIncident)} />, { title: t('安全公告') }),
)
noticeRoutes.get('/:id', async (c) => {
  const i = await c.get('services').admin.incident(idParam(c.req.param('id')))
  if (!i || !i.publishedAt) throw new AppError('not_found', t('未找到'))
  const shown = shownIncident(i)
  // a notice without English is titled generically on an English page (a <title> cannot carry lang="zh")
  return c.render(<NoticePage i={shown} />, { title: shown.fallback ? t('安全公告') : shown.title })
})
