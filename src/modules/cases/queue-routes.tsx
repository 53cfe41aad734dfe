import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formAction, formBody, formList, idParam } from '../../lib/forms.js'
import { AppError } from '../../lib/errors.js'
import { t } from '../../lib/i18n/index.js'
import { QueuePage, QueueResults, type SearchState } from '../../../views/cases/queue.js'
import { SAVED_FILTER_KEYS } from './queue-labels.js'
import { localised } from '../catalog/localise.js'

/**
 * The queue half of the workbench (mounted at /staff/cases before caseRoutes, so its fixed paths are
 * never taken for a case reference): the list with filters, sorting and paging, search, saved filters
 * and bulk actions (queue.ts). The case page and its actions are routes.tsx.
 */
export const queueRoutes = new Hono<AppEnv>()

/** The known filter keys of a query (or form), each at most 40 characters; never a cursor. */
function filtersOf(get: (k: string) => string | undefined) {
  const f: Record<string, string> = {}
  for (const k of SAVED_FILTER_KEYS) {
    const v = get(k)
    if (v) f[k] = v.slice(0, 40)
  }
  return f
}

/** A deadline alert as stored (Chinese, service.ts deadlineAlerts) in the page's language; any other text as stored. */
function alertText(text: string) {
  const m = /^(\S+) (已超过|即将到达)办结期限 (\S+)$/.exec(text)
  if (!m) return text
  return m[2] === '已超过'
    ? t('{ref} 已超过办结期限 {date}', { ref: m[1], date: m[3] })
    : t('{ref} 即将到达办结期限 {date}', { ref: m[1], date: m[3] })
}

async function queuePage(
  c: Context<AppEnv>,
  extra: { notice?: string; error?: string; search?: SearchState; saveErrors?: Record<string, string>; saveName?: string } = {},
  source: Record<string, string> = filtersOf((k) => c.req.query(k)),
) {
  const svc = c.get('services')
  const f = source
  const me = c.get('staff').id
  const supervisor = c.get('staffRoles').includes('supervisor')
  const { items, next, counts, sort } = await svc.queue.queue(
    { ...f, overdue: f.overdue === '1', near: f.near === '1', after: c.req.query('after')?.slice(0, 40) },
    me,
  )
  const services = (await svc.catalog.list()).map(localised)
  const names = Object.fromEntries(services.map((s) => [s.code, s.name]))
  const filters = new URLSearchParams(f).toString()
  if (c.req.header('hx-request') && c.req.header('hx-target') === 'queue-results')
    return c.render(
      <QueueResults items={items} next={next} names={names} filters={filters} sort={sort} me={me} selectable={supervisor} />,
      { fragment: true },
    )
  const alerts = await svc.cases.alertsFor(me, supervisor)
  return c.render(
    <QueuePage
      items={items}
      next={next}
      counts={counts}
      names={names}
      services={services}
      f={f}
      filters={filters}
      sort={sort}
      me={me}
      supervisor={supervisor}
      saved={await svc.queue.savedFilters(me)}
      assignees={supervisor ? await svc.queue.assignees() : []}
      alerts={alerts.map((a) => alertText(a.text))}
      {...extra}
    />,
    { title: t('办件队列'), area: 'staff' },
  )
}

/** The message after a bulk action (?bulk=claim|assign&ok=N&taken=REF,REF&skipped=REF). */
function bulkNotice(c: Context<AppEnv>) {
  const what = c.req.query('bulk')
  if (what !== 'claim' && what !== 'assign') return undefined
  const list = (k: string) => (c.req.query(k) ?? '').split(',').filter((r) => /^[A-Z0-9]{6,32}$/.test(r))
  const ok = Number(c.req.query('ok') ?? '0') || 0
  const parts = [what === 'claim' ? t('已认领 {n} 件。', { n: ok }) : t('已分派 {n} 件。', { n: ok })]
  const taken = list('taken')
  if (taken.length) parts.push(t('{n} 件已由他人办理，未改动：{refs}。', { n: taken.length, refs: taken.join('、') }))
  const skipped = list('skipped')
  if (skipped.length) parts.push(t('{n} 件已办结或不存在，已跳过：{refs}。', { n: skipped.length, refs: skipped.join('、') }))
  return parts.join(' ')
}

queueRoutes.get('/', (c) =>
  queuePage(c, {
    notice: c.req.query('claimed')
      ? t('已认领')
      : c.req.query('saved')
        ? t('筛选已保存')
        : c.req.query('deleted')
          ? t('筛选已删除')
          : bulkNotice(c),
  }),
)

/** Search: by reference (a filter, GET) or by ID number / exact name (POST: never in a URL or a log; audited). */
queueRoutes.post('/search', (c) =>
  formAction(c, {
    values: (f) => ({ by: f.by ?? '', value: (f.value ?? '').slice(0, 60), purpose: f.purpose ?? '', note: (f.note ?? '').slice(0, 100) }),
    run: async (values) => {
      const { by, value, purpose, note } = values
      if (by && by !== 'ref')
        return { ref: null, values, results: await c.get('services').queue.search(c.get('audit'), { by, value, purpose, note }) }
      const ref = value.trim().toUpperCase()
      if (!/^[A-Z0-9]{6,32}$/.test(ref)) throw new AppError('invalid', '', { value: t('请输入办件编号') })
      return { ref, values, results: [] }
    },
    // By reference: the queue filtered to it. The results of a search by person are this answer only (no URL).
    done: ({ ref, ...search }) => (ref ? `/staff/cases?q=${encodeURIComponent(ref)}` : queuePage(c, { search })),
    again: ({ values, errors }) => queuePage(c, { search: { values, errors } }),
  }),
)

queueRoutes.post('/filters', (c) =>
  formAction(c, {
    values: (form) => ({ ...filtersOf((k) => form[k]), name: (form.name ?? '').slice(0, 40) }),
    run: async ({ name, ...filters }) => {
      await c.get('services').queue.saveFilter(c.get('staff').id, name, filters)
      return new URLSearchParams(filters).toString()
    },
    done: (q) => `/staff/cases?${q}${q ? '&' : ''}saved=1`,
    again: ({ values: { name, ...filters }, errors }) => queuePage(c, { saveErrors: errors, saveName: name }, filters),
  }),
)

queueRoutes.post('/filters/:id/delete', async (c) => {
  await c.get('services').queue.deleteFilter(c.get('staff').id, idParam(c.req.param('id')))
  return c.redirect('/staff/cases?deleted=1', 303)
})

/** Supervisors: claim (for themselves) or assign every ticked case; says how many succeeded and which were taken. */
queueRoutes.post('/bulk', async (c) => {
  if (!c.get('staffRoles').includes('supervisor')) return c.text('forbidden', 403)
  const f = await formBody(c)
  const back = filtersOf((k) => new URLSearchParams(f.back ?? '').get(k) ?? undefined)
  return formAction(c, {
    run: async (f) =>
      c.get('services').queue.bulk(c.get('audit'), c.get('staff').id, {
        action: f.action ?? '',
        refs: await formList(c, 'ref'),
        to: f.assignee && /^\d{1,12}$/.test(f.assignee) ? Number(f.assignee) : null,
      }),
    done: (r) => {
      const q = new URLSearchParams(back)
      q.set('bulk', f.action ?? '')
      q.set('ok', String(r.done.length))
      if (r.taken.length) q.set('taken', r.taken.map((x) => x.ref).join(','))
      if (r.skipped.length) q.set('skipped', r.skipped.join(','))
      return `/staff/cases?${q.toString()}`
    },
    again: ({ errors, message }) => queuePage(c, { error: Object.values(errors)[0] ?? message }, back),
  })
})
