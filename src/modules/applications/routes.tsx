import { t } from '../../lib/i18n/index.js'
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formAction, idParam } from '../../lib/forms.js'
import { unreadOf } from '../../middleware/session.js'
import { MyApplicationsPage, ApplicationDetailPage } from '../../../views/applications/pages.js'
import { safeFilename } from './storage.js'
import { applicationFormRoutes, uploadsFrom } from './form-routes.js'

/**
 * Citizen side of applications (mounted at /applications): the form and its steps (form-routes.tsx, first,
 * so /new and the form's posts come before /:ref), then the person's list and following a case: its page,
 * its files, supplement, withdraw, rate.
 */
export const applicationRoutes = new Hono<AppEnv>()
applicationRoutes.route('/', applicationFormRoutes)
applicationRoutes.get('/', async (c) => {
  const svc = c.get('services')
  const user = c.get('citizen')
  const names = Object.fromEntries((await svc.catalog.list()).map((s) => [s.code, s.name]))
  const p = c.get('principal')
  const enterpriseIds = p?.kind === 'citizen' ? p.enterpriseIds : undefined
  return c.render(
    <MyApplicationsPage
      apps={await svc.applications.listForApplicant(user.id, enterpriseIds)}
      drafts={await svc.applications.drafts(user.id)}
      names={names}
    />,
    { title: t('我的办件') },
  )
})

async function detail(
  c: Context<AppEnv>,
  extra: {
    notice?: string
    confirmation?: boolean
    errors?: Record<string, string>
    values?: Record<string, string>
    message?: string
  } = {},
) {
  const svc = c.get('services')
  const d = await svc.applications.detailForApplicant(c.get('citizen').id, c.req.param('ref')!)
  const certificate = d.app.applicantUserId ? await svc.certificates.forApplication(d.app.applicantUserId, d.app.ref) : null
  // Seeing the case reads its notices (issue 20); the header's count is taken again so it agrees.
  if ((await unreadOf(c)) > 0) {
    await svc.notifications.markReadByLink(c.get('citizen').id, `/applications/${d.app.ref}`)
    c.set('unread', await svc.notifications.unreadCount(c.get('citizen').id))
  }
  return c.render(
    <ApplicationDetailPage
      trace={await svc.decisions.evaluationOf(d.app.ref)}
      certificate={certificate}
      app={d.app}
      service={d.service}
      events={d.events}
      attachments={d.attachments}
      rating={d.rating ?? null}
      expected={d.expected}
      {...extra}
    />,
    { title: d.app.ref },
  )
}

const NOTICES: Record<string, string> = {
  withdrawn: '申请已撤回。',
  resubmitted: '补正材料已提交，办件已回到审核队列。',
  rated: '感谢您的评价！',
}

applicationRoutes.get('/:ref', async (c) => {
  const key = Object.keys(NOTICES).find((k) => c.req.query(k) === '1')
  return detail(c, { notice: key ? t(NOTICES[key]) : undefined, confirmation: c.req.query('submitted') === '1' })
})

applicationRoutes.get('/:ref/attachments/:id', async (c) => {
  const a = await c.get('services').applications.attachmentForApplicant(c.get('citizen').id, c.req.param('ref'), idParam(c.req.param('id')))
  return c.body(new Uint8Array(a.bytes), 200, {
    'content-type': a.meta.mime,
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(safeFilename(a.meta.filename, a.meta.mime))}`,
    'cache-control': 'private, no-store',
  })
})

const action = (c: Context<AppEnv>, run: (f: Record<string, string>) => Promise<void>, done: string) =>
  formAction(c, { run, done: () => `/applications/${c.req.param('ref')}?${done}=1`, again: (failure) => detail(c, failure) })

applicationRoutes.post('/:ref/withdraw', (c) =>
  action(
    c,
    (f) => c.get('services').applications.withdraw(c.get('audit'), c.get('citizen').id, c.req.param('ref'), f.reason ?? ''),
    'withdrawn',
  ),
)
applicationRoutes.post('/:ref/rating', (c) =>
  action(
    c,
    (f) => c.get('services').applications.rate(c.get('audit'), c.get('citizen').id, c.req.param('ref'), Number(f.score), f.comment ?? ''),
    'rated',
  ),
)
applicationRoutes.post('/:ref/resubmit', async (c) => {
  const uploads = await uploadsFrom(c)
  return action(
    c,
    (f) => c.get('services').applications.resubmit(c.get('audit'), c.get('citizen').id, c.req.param('ref'), f, uploads),
    'resubmitted',
  )
})
