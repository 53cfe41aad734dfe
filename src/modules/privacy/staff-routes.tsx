import { t } from '../../lib/i18n/index.js'
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formBody, formError } from '../../lib/forms.js'
import { AppError } from '../../lib/errors.js'
import { normaliseNumber, normalisePhone, normaliseText } from '../identity/validators.js'
import { ClosureStatusPage, DisclosuresAdminPage } from '../../../views/privacy/pages.js'
import { CounterPage } from '../../../views/cases/counter.js'
import { MessagePage } from '../../../views/identity/auth.js'

/** Closing an account at the counter, the citizen present (mounted at /staff/counter/closure). */
export const closureCounterRoutes = new Hono<AppEnv>()

closureCounterRoutes.post('/', async (c) => {
  const f = await formBody(c)
  const values = {
    real_name: normaliseText(f.real_name ?? ''),
    id_number: normaliseNumber(f.id_number ?? ''),
    verification_method: f.verification_method ?? '',
    note: f.note ?? '',
  }
  try {
    const r = await c.get('services').privacy.counterClosure(c.get('audit'), c.get('staff').id, {
      realName: values.real_name,
      idNumber: values.id_number,
      verificationMethod: values.verification_method,
      note: values.note,
    })
    return c.redirect(`/staff/counter/closure/${r.ref}`, 303)
  } catch (e) {
    const err = formError(e)
    c.status(err.status as 422)
    return c.render(<CounterPage values={values} errors={err.fields} message={err.message} />, { title: t('窗口办理'), area: 'staff' })
  }
})

closureCounterRoutes.get('/:ref', async (c) => {
  const r = await c.get('services').privacy.closureByRef(c.req.param('ref'))
  if (!r) throw new AppError('not_found', t('未找到'))
  return c.render(<ClosureStatusPage c={r} />, { title: t('注销受理回执'), area: 'staff' })
})

closureCounterRoutes.post('/:ref/cancel', async (c) => {
  try {
    await c.get('services').privacy.cancelClosure(c.get('audit'), c.req.param('ref'))
  } catch (e) {
    const err = formError(e)
    c.status(err.status as 409)
    return c.render(<MessagePage title={t('不能撤销')} message={err.message} back="/staff/counter" />, {
      title: t('不能撤销'),
      area: 'staff',
    })
  }
  return c.redirect(`/staff/counter/closure/${c.req.param('ref')}`, 303)
})

/** The ledger of personal data provided to others (mounted at /admin/disclosures, secadmin). */
export const disclosureRoutes = new Hono<AppEnv>()

async function disclosuresPage(
  c: Context<AppEnv>,
  extra: { values?: Record<string, string>; errors?: Record<string, string>; message?: string; notice?: string } = {},
) {
  return c.render(<DisclosuresAdminPage list={await c.get('services').privacy.recentDisclosures()} {...extra} />, {
    title: t('对外提供登记'),
    area: 'staff',
  })
}
disclosureRoutes.get('/', (c) => disclosuresPage(c, { notice: c.req.query('done') ? t('已登记') : undefined }))
disclosureRoutes.post('/', async (c) => {
  const f = await formBody(c)
  try {
    await c.get('services').privacy.recordDisclosure(c.get('audit'), c.get('staff').id, {
      phone: normalisePhone(f.phone ?? ''),
      recipient: f.recipient ?? '',
      dataCategories: f.data_categories ?? '',
      legalBasis: f.legal_basis ?? '',
      disclosedAt: f.disclosed_at ?? '',
      noNotify: f.no_notify === 'on',
      noNotifyBasis: f.no_notify_basis ?? '',
    })
    return c.redirect('/admin/disclosures?done=1', 303)
  } catch (e) {
    const err = formError(e)
    c.status(422)
    return disclosuresPage(c, { values: f, errors: err.fields, message: err.message })
  }
})
