import { t } from '../../lib/i18n/index.js'
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { toTimestamp } from '../../db/time.js'
import { AuditPage } from '../../../views/admin/audit.js'
import { checkDate } from '../../lib/dates.js'

/** The audit viewer (mounted at /admin/audit): auditor only (secadmin and sysadmin get 403). */
export const auditRoutes = new Hono<AppEnv>()
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
  const staffNos = Object.fromEntries((await svc.staff.numbers(ids)).map((s) => [String(s.id), s.staffNo]))
  await svc.audit.record(null, c.get('audit'), { action: 'audit.viewed', subjectType: 'system', detail: f })
  return c.render(
    <AuditPage rows={rows.slice(0, 50)} f={f} next={rows.length > 50 ? rows[49].seq : null} verify={verify} staffNos={staffNos} />,
    { title: t('审计日志'), area: 'staff' },
  )
}

auditRoutes.get('/', (c) => auditPage(c))
auditRoutes.post('/verify', async (c) => {
  const r = await c.get('services').audit.verify()
  await c
    .get('services')
    .audit.record(null, c.get('audit'), { action: 'audit.verified', subjectType: 'system', detail: { ok: r.ok, entries: r.entries } })
  return auditPage(c, r)
})
auditRoutes.get('/export.csv', async (c) => {
  const svc = c.get('services')
  const { f, filter } = filterOf(c)
  const rows = await svc.audit.search(filter, 10_000)
  await svc.audit.record(null, c.get('audit'), { action: 'audit.exported', subjectType: 'system', detail: { ...f, rows: rows.length } })
  const esc = (v: string | number | null | undefined) => {
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
    'position',
    'chain_mac',
  ]
  const body = rows.map((r) =>
    [
      r.seq,
      r.at,
      r.actorType,
      r.actorId,
      r.actorRole,
      r.action,
      r.subjectType,
      r.subjectId,
      r.purpose,
      r.ip,
      r.requestId,
      r.position,
      r.chainMac,
    ]
      .map(esc)
      .join(','),
  )
  c.header('Content-Type', 'text/csv; charset=utf-8')
  c.header('Content-Disposition', 'attachment; filename="audit.csv"')
  return c.body('\uFEFF' + [head.join(','), ...body].join('\r\n'))
})
