import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { requireStaff } from '../../middleware/auth.js'
import { factory } from '../../middleware/env.js'
import { formBody, formError } from '../../lib/forms.js'
import { idParam } from '../../lib/forms.js'
import { AppError } from '../../lib/errors.js'
import { toTimestamp } from '../../db/time.js'
import * as identityRepo from '../identity/repository.js'
import { checkDate } from '../../lib/dates.js'
import {
  AdminHomePage,
  AuditPage,
  PolicyPage,
  AcceptPolicyPage,
  DeclinedPolicyPage,
  NoticesPage,
  NoticePage,
} from '../../../views/admin/pages.js'

/** Administration: staff and roles (sysadmin/secadmin), settings, policy versions, incidents, announcements. */
export const adminRoutes = new Hono<AppEnv>()
const admins = requireStaff('sysadmin', 'secadmin')
adminRoutes.use('/admin', admins)
for (const p of [
  '/admin/staff',
  '/admin/staff/*',
  '/admin/settings',
  '/admin/policies',
  '/admin/incidents',
  '/admin/incidents/*',
  '/admin/announcements',
])
  adminRoutes.use(p, admins)

const need = (c: Context<AppEnv>, role: string) => {
  if (!c.get('staffRoles').includes(role)) throw new AppError('forbidden', '您的角色无权执行此操作')
}

async function home(
  c: Context<AppEnv>,
  extra: {
    values?: Record<string, string>
    errors?: Record<string, string>
    message?: string
    notice?: string
    secret?: string
    tempPassword?: string
  } = {},
) {
  const a = c.get('services').admin
  return c.render(
    <AdminHomePage
      roles={c.get('staffRoles')}
      me={c.get('staff').id}
      staff={await a.staffList()}
      settings={await a.settings()}
      policies={await a.policies()}
      incidents={await a.incidents()}
      announcements={await a.announcements()}
      {...extra}
    />,
    { title: '系统管理', area: 'staff' },
  )
}

adminRoutes.get('/admin', (c) => home(c, { notice: c.req.query('done') ? '已保存' : undefined }))
adminRoutes.get('/admin/staff', (c) => home(c))

async function act(
  c: Context<AppEnv>,
  role: string,
  run: (f: Record<string, string>) => Promise<unknown>,
  after?: (r: unknown) => Promise<Response> | Response,
) {
  need(c, role)
  const f = await formBody(c)
  try {
    const r = await run(f)
    return after ? after(r) : c.redirect('/admin?done=1', 303)
  } catch (e) {
    const err = formError(e)
    if (err.status === 404 || err.status === 403) throw err
    c.status(err.status as 422)
    return home(c, { values: f, errors: err.fields, message: err.message })
  }
}

adminRoutes.post('/admin/staff', (c) =>
  act(
    c,
    'sysadmin',
    (f) =>
      c.get('services').staff.create(c.get('audit'), {
        username: (f.username ?? '').trim(),
        password: f.password ?? '',
        role: f.role ?? '',
        name: (f.name ?? '').trim() || '未命名',
        department: (f.department ?? '').trim() || undefined,
        staffNo: (f.staff_no ?? '').trim() || undefined,
      }),
    async (r) => home(c, { notice: '已创建', secret: (r as { totpSecret: string | null }).totpSecret ?? undefined }),
  ),
)
adminRoutes.post('/admin/staff/:id/disable', (c) =>
  act(c, 'sysadmin', () =>
    c.get('services').admin.setStaffStatus(c.get('audit'), c.get('staff').id, idParam(c.req.param('id')), 'disabled'),
  ),
)
adminRoutes.post('/admin/staff/:id/enable', (c) =>
  act(c, 'sysadmin', () => c.get('services').admin.setStaffStatus(c.get('audit'), c.get('staff').id, idParam(c.req.param('id')), 'active')),
)
adminRoutes.post('/admin/staff/:id/reset-password', (c) =>
  act(
    c,
    'sysadmin',
    () => c.get('services').admin.resetPassword(c.get('audit'), idParam(c.req.param('id'))),
    (r) => home(c, { notice: '已重置', tempPassword: r as string }),
  ),
)
adminRoutes.post('/admin/staff/:id/roles', (c) =>
  act(c, 'secadmin', (f) =>
    f.op === 'revoke'
      ? c.get('services').admin.revokeRole(c.get('audit'), c.get('staff').id, idParam(c.req.param('id')), f.role ?? '')
      : c.get('services').admin.grantRole(c.get('audit'), c.get('staff').id, idParam(c.req.param('id')), f.role ?? ''),
  ),
)
adminRoutes.post('/admin/settings', (c) =>
  act(c, 'secadmin', (f) => c.get('services').admin.setSettings(c.get('audit'), c.get('staff').id, f)),
)
adminRoutes.post('/admin/policies', (c) =>
  act(c, 'secadmin', (f) =>
    c.get('services').admin.publishPolicy(c.get('audit'), c.get('staff').id, {
      version: (f.version ?? '').trim(),
      title: f.title ?? '',
      body: f.body ?? '',
      summary: f.summary ?? '',
      effectiveDate: f.effective_date ?? '',
      material: f.material === 'on',
    }),
  ),
)
adminRoutes.post('/admin/incidents', (c) =>
  act(c, 'secadmin', (f) => c.get('services').admin.recordIncident(c.get('audit'), c.get('staff').id, f)),
)
adminRoutes.post('/admin/incidents/:id/notify', (c) =>
  act(c, 'secadmin', () => c.get('services').admin.notifyIncident(c.get('audit'), idParam(c.req.param('id')))),
)
adminRoutes.post('/admin/incidents/:id/close', (c) =>
  act(c, 'secadmin', () => c.get('services').admin.closeIncident(c.get('audit'), idParam(c.req.param('id')))),
)
adminRoutes.post('/admin/announcements', (c) =>
  act(c, 'sysadmin', (f) =>
    c.get('services').admin.addAnnouncement(c.get('audit'), c.get('staff').id, {
      title: f.title ?? '',
      body: f.body ?? '',
      startsAt: f.starts_at ?? '',
      endsAt: f.ends_at ?? '',
    }),
  ),
)

// --- audit viewer: auditor only (secadmin and sysadmin get 403)
export const auditRoutes = new Hono<AppEnv>()
auditRoutes.use('/admin/audit', requireStaff('auditor'))
auditRoutes.use('/admin/audit/*', requireStaff('auditor'))
const FILTERS = ['actor_type', 'actor_id', 'action', 'subject_type', 'subject_id', 'from', 'to'] as const

function filterOf(c: Context<AppEnv>) {
  const f: Record<string, string> = {}
  for (const k of FILTERS) {
    const v = c.req.query(k)
    if (v) f[k] = v.slice(0, 64)
  }
  const cst = (d: string) => (checkDate(d) ? undefined : toTimestamp(new Date(`${d}T00:00:00+08:00`)))
  return {
    f,
    filter: {
      actorType: f.actor_type,
      actorId: f.actor_id,
      action: f.action,
      subjectType: f.subject_type,
      subjectId: f.subject_id,
      from: f.from ? cst(f.from) : undefined,
      to: f.to ? (cst(f.to) ? toTimestamp(new Date(new Date(cst(f.to)!).getTime() + 86_400_000)) : undefined) : undefined,
      beforeSeq: /^\d{1,12}$/.test(c.req.query('before') ?? '') ? Number(c.req.query('before')) : undefined,
    },
  }
}

async function auditPage(c: Context<AppEnv>, verify?: { ok: boolean; entries: number; firstBad?: number; problem?: string }) {
  const svc = c.get('services')
  const { f, filter } = filterOf(c)
  const rows = await svc.audit.search(filter, 51)
  const ids = [...new Set(rows.filter((r) => r.actorType === 'staff' && r.actorId).map((r) => Number(r.actorId)))]
  const staffNos = Object.fromEntries((await identityRepo.staffNumbers(svc.deps.db, ids)).map((s) => [String(s.id), s.staffNo]))
  await svc.audit.record(null, c.get('audit'), { action: 'audit.viewed', subjectType: 'system', detail: f })
  return c.render(
    <AuditPage rows={rows.slice(0, 50)} f={f} next={rows.length > 50 ? rows[49].seq : null} verify={verify} staffNos={staffNos} />,
    { title: '审计日志', area: 'staff' },
  )
}

auditRoutes.get('/admin/audit', (c) => auditPage(c))
auditRoutes.post('/admin/audit/verify', async (c) => {
  const r = await c.get('services').audit.verify()
  await c
    .get('services')
    .audit.record(null, c.get('audit'), { action: 'audit.verified', subjectType: 'system', detail: { ok: r.ok, entries: r.entries } })
  return auditPage(c, r)
})
auditRoutes.get('/admin/audit/export.csv', async (c) => {
  const svc = c.get('services')
  const { f, filter } = filterOf(c)
  const rows = await svc.audit.search(filter, 10_000)
  await svc.audit.record(null, c.get('audit'), { action: 'audit.exported', subjectType: 'system', detail: { ...f, rows: rows.length } })
  const esc = (v: unknown) => {
    const s = v == null ? '' : String(v)
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s // no formula injection in spreadsheets
    return `"${safe.replace(/"/g, '""')}"`
  }
  const head = [
    'seq',
    'at',
    'actor_type',
    'actor_id',
    'actor_role',
    'action',
    'subject_type',
    'subject_id',
    'purpose',
    'ip',
    'request_id',
    'hash',
  ]
  const body = rows.map((r) =>
    [r.seq, r.at, r.actorType, r.actorId, r.actorRole, r.action, r.subjectType, r.subjectId, r.purpose, r.ip, r.requestId, r.hash]
      .map(esc)
      .join(','),
  )
  c.header('Content-Type', 'text/csv; charset=utf-8')
  c.header('Content-Disposition', 'attachment; filename="audit.csv"')
  return c.body('\uFEFF' + [head.join(','), ...body].join('\r\n'))
})

// --- public: privacy policy, notices; citizens' re-consent
export const policyRoutes = new Hono<AppEnv>()
policyRoutes.get('/privacy-policy', async (c) => {
  const a = c.get('services').admin
  return c.render(
    <PolicyPage current={(await a.currentPolicy()) ?? null} history={await a.policies()} upcoming={await a.upcomingMaterial()} />,
    { title: '隐私政策' },
  )
})
policyRoutes.get('/privacy-policy/accept', async (c) => {
  const p = c.get('principal')
  if (p?.kind !== 'citizen') return c.redirect('/privacy-policy', 303)
  const current = await c.get('services').admin.needsReconsent(p.user.id)
  if (!current) return c.redirect('/me', 303)
  return c.render(<AcceptPolicyPage version={current.version} summary={current.summary} effectiveAt={current.effectiveAt} />, {
    title: '隐私政策已更新',
  })
})
policyRoutes.post('/privacy-policy/accept', async (c) => {
  const p = c.get('principal')
  if (p?.kind !== 'citizen') return c.redirect('/login', 303)
  const f = await formBody(c)
  if (f.decision !== 'accept') return c.render(<DeclinedPolicyPage />, { title: '未同意隐私政策' })
  const current = await c.get('services').admin.needsReconsent(p.user.id)
  if (current && current.version === f.version) await c.get('services').admin.acceptPolicy(c.get('audit'), p.user.id, current.version)
  return c.redirect('/me', 303)
})
policyRoutes.get('/notices', async (c) =>
  c.render(<NoticesPage list={await c.get('services').admin.publishedIncidents()} />, { title: '安全公告' }),
)
policyRoutes.get('/notices/:id', async (c) => {
  const i = await c.get('services').admin.incident(idParam(c.req.param('id')))
  if (!i || !i.publishedAt) throw new AppError('not_found', '未找到')
  return c.render(<NoticePage i={i} />, { title: i.title })
})

/**
 * From a policy version's effective date, a signed-in citizen who has not accepted it is sent to
 * the acceptance page — except for what they may always do: read the policy, export, close, log out.
 */
const ALWAYS = [
  /^\/privacy-policy/,
  /^\/logout$/,
  /^\/me\/data/,
  /^\/me\/closure/,
  /^\/me\/step-up/,
  /^\/auth\/sms-code$/,
  /^\/static\//,
  /^\/healthz$/,
  /^\/closure\//,
  /^\/cookies$/,
]
export const requirePolicyConsent = factory.createMiddleware(async (c, next) => {
  const p = c.get('principal')
  const path = new URL(c.req.url).pathname
  if (p?.kind === 'citizen' && !ALWAYS.some((re) => re.test(path))) {
    if (await c.get('services').admin.needsReconsent(p.user.id)) {
      if (c.req.method === 'GET') return c.redirect('/privacy-policy/accept', 303)
      throw new AppError('forbidden', '请先阅读并同意更新后的隐私政策')
    }
  }
  await next()
})
