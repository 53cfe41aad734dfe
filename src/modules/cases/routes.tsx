import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formBody, formError, formList } from '../../lib/forms.js'
import { idParam } from '../../lib/forms.js'
import { QueuePage, QueueResults } from '../../../views/cases/queue.js'
import { CaseDetailPage } from '../../../views/cases/case.js'
import { safeFilename } from '../applications/storage.js'

/** Staff workbench (mounted at /staff/cases): queue, case detail, claim, decisions, payment, attachments. */
export const caseRoutes = new Hono<AppEnv>()

const FILTER_KEYS = ['status', 'service', 'assignee', 'channel', 'overdue', 'near', 'q'] as const

caseRoutes.get('/', async (c) => {
  const svc = c.get('services')
  const f: Record<string, string> = {}
  for (const k of FILTER_KEYS) {
    const v = c.req.query(k)
    if (v) f[k] = v.slice(0, 40)
  }
  const after = /^\d{1,12}$/.test(c.req.query('after') ?? '') ? Number(c.req.query('after')) : undefined
  const me = c.get('staff').id
  const { items, next, counts } = await svc.cases.queue({ ...f, overdue: f.overdue === '1', near: f.near === '1', after }, me)
  const services = await svc.catalog.list()
  const names = Object.fromEntries(services.map((s) => [s.code, s.name]))
  const query = new URLSearchParams(f).toString()
  if (c.req.header('hx-request') && c.req.header('hx-target') === 'queue-results')
    return c.render(<QueueResults items={items} next={next} names={names} query={query} me={me} />, { fragment: true })
  const alerts = await svc.cases.alertsFor(me, c.get('staffRoles').includes('supervisor'))
  return c.render(
    <QueuePage
      items={items}
      next={next}
      counts={counts}
      names={names}
      services={services}
      f={f}
      query={query}
      me={me}
      alerts={alerts.map((a) => a.text)}
      notice={c.req.query('claimed') ? '已认领' : undefined}
    />,
    { title: '办件队列', area: 'staff' },
  )
})

caseRoutes.post('/:ref/claim', async (c) => {
  const ref = c.req.param('ref')
  try {
    await c.get('services').cases.claim(c.get('audit'), c.get('staff').id, ref)
  } catch (e) {
    const err = formError(e)
    if (err.status !== 409) throw err
    c.status(409)
    return detailPage(c, { message: err.message })
  }
  return c.redirect(`/staff/cases/${ref}?claimed=1`, 303)
})

async function detailPage(
  c: Context<AppEnv>,
  extra: {
    errors?: Record<string, string>
    values?: Record<string, string>
    message?: string
    notice?: string
    items?: string[]
    revealed?: { idNumber: string; bankAccount: string | null }
  } = {},
) {
  const svc = c.get('services')
  const d = await svc.cases.detail(c.get('audit'), c.req.param('ref')!)
  const trace = await svc.decisions.evaluationOf(d.app.ref)
  // Tell us once: the applications module says which materials were reused, from which case, verified by whom.
  const reused = (await svc.materialReuse.provenanceOf(d.attachments.map((a) => a.id))).map((r) => {
    const a = d.attachments.find((x) => x.id === r.attachmentId)!
    return { ...r, filename: a.filename, label: d.service?.form.materials.find((m) => m.key === a.itemKey)?.label ?? a.itemKey }
  })
  return c.render(
    <CaseDetailPage
      {...d}
      trace={trace}
      reused={reused}
      roles={c.get('staffRoles')}
      isMine={d.app.assigneeStaffId === c.get('staff').id}
      {...extra}
    />,
    {
      title: d.app.ref,
      area: 'staff',
    },
  )
}

/** After a step the page says what was done (?done=<what>), not just that something was submitted. */
const DONE: Record<string, string> = {
  accept: '已受理：承诺时限从明天起计算，办件已转入审核队列。',
  supplement: '一次性告知已发出：申请人补正期间不计时。',
  approve: '已审核通过，申请人已收到通知。',
  reject: '已作出不予通过决定，理由已告知申请人。',
  payment: '补贴发放已登记，申请人已收到通知。',
  assign: '已分派。',
}

caseRoutes.get('/:ref', (c) => detailPage(c, { notice: c.req.query('claimed') ? '已认领该办件' : DONE[c.req.query('done') ?? ''] }))

caseRoutes.post('/:ref/reveal', async (c) => {
  const f = await formBody(c)
  try {
    const revealed = await c.get('services').cases.reveal(c.get('audit'), c.req.param('ref'), f.purpose ?? '', f.note ?? '')
    c.header('Cache-Control', 'no-store')
    return detailPage(c, { revealed })
  } catch (e) {
    const err = formError(e)
    if (err.status === 404) throw err
    c.status(422)
    return detailPage(c, { errors: err.fields, values: f, message: err.message })
  }
})

caseRoutes.post('/:ref/decision', async (c) => {
  const f = await formBody(c)
  const svc = c.get('services')
  const ref = c.req.param('ref')
  const keys = await formList(c, 'items')
  const app = await svc.applications.byRef(ref)
  const service = app ? await svc.catalog.get(app.serviceCode) : null
  const labels = Object.fromEntries([
    ...(service?.form.fields ?? []).map((x) => [x.name, x.label] as const),
    ...(service?.form.materials ?? []).map((m) => [m.key, m.label] as const),
  ])
  const items = keys
    .filter((k) => labels[k])
    .map((k) => ({ key: k, label: labels[k], note: (f[`note_${k}`] ?? '').trim().slice(0, 200) || undefined }))
  for (const extra of await formList(c, 'item_label'))
    if (extra.trim()) items.push({ key: `other_${items.length}`, label: extra.trim().slice(0, 60), note: undefined })
  try {
    await svc.cases.decide(c.get('audit'), { id: c.get('staff').id, roles: c.get('staffRoles') }, ref, {
      decision: f.decision ?? '',
      reason: f.reason ?? '',
      items,
    })
    return c.redirect(`/staff/cases/${ref}?done=${f.decision}`, 303)
  } catch (e) {
    const err = formError(e)
    if (err.status === 404 || err.status === 403) throw err
    c.status(err.status as 422)
    return detailPage(c, { errors: err.fields, values: f, items: keys, message: err.message })
  }
})

caseRoutes.post('/:ref/payment', async (c) => {
  const f = await formBody(c)
  if (!c.get('staffRoles').some((r) => r === 'reviewer' || r === 'supervisor')) return c.text('forbidden', 403)
  try {
    await c.get('services').cases.recordPayment(c.get('audit'), { id: c.get('staff').id }, c.req.param('ref'), {
      amount: (f.amount ?? '').trim(),
      date: (f.date ?? '').trim(),
      voucher: (f.voucher ?? '').trim(),
    })
    return c.redirect(`/staff/cases/${c.req.param('ref')}?done=payment`, 303)
  } catch (e) {
    const err = formError(e)
    if (err.status === 404) throw err
    c.status(err.status as 422)
    return detailPage(c, { errors: err.fields, values: f, message: err.message })
  }
})

caseRoutes.post('/:ref/assign', async (c) => {
  if (!c.get('staffRoles').includes('supervisor')) return c.text('forbidden', 403)
  const f = await formBody(c)
  await c.get('services').cases.assign(c.get('audit'), c.req.param('ref'), f.assignee ? idParam(f.assignee) : null)
  return c.redirect(`/staff/cases/${c.req.param('ref')}?done=assign`, 303)
})

caseRoutes.get('/:ref/attachments/:id', async (c) => {
  const ref = c.req.param('ref')
  const a = await c.get('services').applications.attachmentForStaff(ref, idParam(c.req.param('id')))
  await c.get('services').audit.record(null, c.get('audit'), {
    action: 'case.viewed',
    subjectType: 'case',
    subjectId: ref,
    purpose: `下载材料 ${a.meta.filename}`,
  })
  return c.body(new Uint8Array(a.bytes), 200, {
    'content-type': a.meta.mime,
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(safeFilename(a.meta.filename, a.meta.mime))}`,
    'cache-control': 'private, no-store',
  })
})
