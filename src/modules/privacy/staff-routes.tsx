import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formAction } from '../../lib/forms.js'
import { AppError } from '../../lib/errors.js'
import { normaliseNumber, normalisePhone, normaliseText } from '../identity/validators.js'
import { ClosureStatusPage, DisclosuresAdminPage } from '../../../views/privacy/pages.js'
import { CounterPage } from '../../../views/cases/counter.js'
import { MessagePage } from '../../../views/identity/auth.js'

/** Closing an account at the counter, the citizen present (mounted at /staff/counter/closure). */
export const closureCounterRoutes = new Hono<AppEnv>()

closureCounterRoutes.post('/', (c) =>
  formAction(c, {
    values: (f) => ({
      real_name: normaliseText(f.real_name ?? ''),
      id_number: normaliseNumber(f.id_number ?? ''),
      verification_method: f.verification_method ?? '',
      note: f.note ?? '',
    }),
    run: (v) =>
      c.get('services').privacy.counterClosure(c.get('audit'), c.get('staff').id, {
        realName: v.real_name ?? '',
        idNumber: v.id_number ?? '',
        verificationMethod: v.verification_method ?? '',
        note: v.note ?? '',
      }),
    done: (r) => `/staff/counter/closure/${r.ref}`,
    again: (failure) => c.render(<CounterPage {...failure} />, { title: '窗口办理', area: 'staff' }),
  }),
)

closureCounterRoutes.get('/:ref', async (c) => {
  const r = await c.get('services').privacy.closureByRef(c.req.param('ref'))
  if (!r) throw new AppError('not_found', '未找到')
  return c.render(<ClosureStatusPage c={r} />, { title: '注销受理回执', area: 'staff' })
})

closureCounterRoutes.post('/:ref/cancel', (c) =>
  formAction(c, {
    run: () => c.get('services').privacy.cancelClosure(c.get('audit'), c.req.param('ref')),
    done: () => `/staff/counter/closure/${c.req.param('ref')}`,
    again: ({ message }) =>
      c.render(<MessagePage title="不能撤销" message={message} back="/staff/counter" />, { title: '不能撤销', area: 'staff' }),
  }),
)

/** The ledger of personal data provided to others (mounted at /admin/disclosures, secadmin). */
export const disclosureRoutes = new Hono<AppEnv>()

async function disclosuresPage(
  c: Context<AppEnv>,
  extra: { values?: Record<string, string>; errors?: Record<string, string>; message?: string; notice?: string } = {},
) {
  return c.render(<DisclosuresAdminPage list={await c.get('services').privacy.recentDisclosures()} {...extra} />, {
    title: '对外提供登记',
    area: 'staff',
  })
}
disclosureRoutes.get('/', (c) => disclosuresPage(c, { notice: c.req.query('done') ? '已登记' : undefined }))
disclosureRoutes.post('/', (c) =>
  formAction(c, {
    run: (f) =>
      c.get('services').privacy.recordDisclosure(c.get('audit'), c.get('staff').id, {
        phone: normalisePhone(f.phone ?? ''),
        recipient: f.recipient ?? '',
        dataCategories: f.data_categories ?? '',
        legalBasis: f.legal_basis ?? '',
        disclosedAt: f.disclosed_at ?? '',
        noNotify: f.no_notify === 'on',
        noNotifyBasis: f.no_notify_basis ?? '',
      }),
    done: () => '/admin/disclosures?done=1',
    again: (failure) => disclosuresPage(c, failure),
  }),
)
