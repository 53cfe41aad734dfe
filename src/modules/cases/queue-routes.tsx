import { Hono } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { QueuePage, QueueResults } from '../../../views/cases/queue.js'

/**
 * The queue half of the workbench (mounted at /staff/cases before caseRoutes, so its fixed paths are
 * never taken for a case reference): the list with filters, sorting and paging, search, saved filters
 * and bulk actions. The case page and its actions are routes.tsx.
 */
export const queueRoutes = new Hono<AppEnv>()

const FILTER_KEYS = ['status', 'service', 'assignee', 'channel', 'overdue', 'near', 'q'] as const

queueRoutes.get('/', async (c) => {
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
