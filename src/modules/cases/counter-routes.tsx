import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { t } from '../../lib/i18n/index.js'
import { formAction, formBody, parsedBody } from '../../lib/forms.js'
import { normaliseNumber, normalisePhone } from '../identity/validators.js'
import { AppError } from '../../lib/errors.js'
import { CounterPage, CounterApplyPage } from '../../../views/cases/counter.js'
import { COUNTER_CHECKS } from './counter.js'
import { localised } from '../catalog/localise.js'

/**
 * The counter (窗口办理, 帮办代办): look-ups by ID number or case reference only, each audited with a
 * purpose; the apply pages take the signed visit the look-up gave, never a user id (issue 16 item 6).
 * Mounted at /staff/counter (clerk, supervisor).
 */
export const counterRoutes = new Hono<AppEnv>()

const page = (c: Context<AppEnv>, p: Parameters<typeof CounterPage>[0] = {}) =>
  c.render(<CounterPage {...p} />, { title: t('窗口办理'), area: 'staff' })

counterRoutes.get('/', (c) => page(c))

counterRoutes.post('/lookup', (c) =>
  formAction(c, {
    values: (f) => ({
      id_number: normaliseNumber(f.id_number ?? ''),
      ref: normaliseNumber(f.ref ?? ''),
      verification_method: f.verification_method ?? '',
    }),
    run: async (values) => ({
      values,
      found: await c.get('services').counter.lookup(c.get('audit'), c.get('staff').id, {
        idNumber: values.id_number,
        ref: values.ref || undefined,
        method: values.verification_method,
      }),
    }),
    // The result is this answer (the signed visit it carries is never a URL to bookmark).
    done: ({ values, found }) =>
      page(c, { values: { ...values, real_name: found?.name ?? '' }, found, searched: true, method: values.verification_method }),
    again: (failure) => page(c, failure),
  }),
)

/** Walk-in without an account: the clerk creates a verified account from the documents seen. */
counterRoutes.post('/register', (c) => {
  const svc = c.get('services')
  return formAction(c, {
    values: (f) => ({
      real_name: (f.real_name ?? '').trim(),
      id_number: normaliseNumber(f.id_number ?? ''),
      phone: normalisePhone(f.phone ?? ''),
      bank_name: f.bank_name ?? '',
      bank_account: normaliseNumber(f.bank_account ?? ''),
    }),
    run: async (values, f) => {
      if (!COUNTER_CHECKS.includes(f.verification_method ?? ''))
        throw new AppError('invalid', t('请先记录身份核验方式并查询'), { id_number: t('请先选择身份核验方式并按身份证号查询') })
      await svc.identity.createAtCounter(c.get('audit'), {
        phone: values.phone,
        realName: values.real_name,
        idNumber: values.id_number,
        bankName: values.bank_name,
        bankAccount: values.bank_account,
      })
      const found = await svc.counter.lookup(c.get('audit'), c.get('staff').id, {
        idNumber: values.id_number,
        method: f.verification_method,
      })
      return { values, found, method: f.verification_method }
    },
    done: ({ values, found, method }) =>
      page(c, { values: { ...values, real_name: found?.name ?? '' }, found, searched: true, method, notice: t('账号已开通') }),
    again: async (failure) => {
      // Every refusal of the walk-in form answers 422, an ID number bound to another account (409 elsewhere) too,
      // as this form always has.
      c.status(422)
      return page(c, { ...failure, searched: true, method: (await formBody(c)).verification_method })
    },
  })
})

/** 帮办代办: a new staff-side application for the citizen the clerk's look-up found (`visit`). */
counterRoutes.get('/apply', async (c) => {
  const svc = c.get('services')
  const s = await svc.catalog.get(c.req.query('service') ?? '')
  if (!s || s.applicantKind !== 'citizen') throw new AppError('not_found', t('未找到'))
  const { user, method, draft } = await svc.counter.form(c.get('staff').id, c.req.query('visit') ?? '', s.code)
  return c.render(
    <CounterApplyPage
      s={localised(s)}
      visit={c.req.query('visit') ?? ''}
      name={user.realName ?? ''}
      method={method}
      formToken={draft.formToken}
      values={draft.answers}
    />,
    { title: t('帮办代办'), area: 'staff' },
  )
})

const APPLY_FORM_KEYS = ['_csrf', 'form_token', 'service', 'visit', 'method']

counterRoutes.post('/apply', async (c) => {
  const svc = c.get('services')
  const body = await parsedBody(c)
  const uploads: { key: string; filename: string; bytes: Uint8Array }[] = []
  for (const [k, v] of Object.entries(body))
    if (k.startsWith('file_'))
      for (const x of Array.isArray(v) ? v : [v])
        if (x instanceof File && x.size > 0)
          uploads.push({ key: k.slice(5), filename: x.name, bytes: new Uint8Array(await x.arrayBuffer()) })
  const staffId = c.get('staff').id
  const f = await formBody(c)
  return formAction(c, {
    // The answers as typed (the form's own fields are not answers).
    values: (form) => Object.fromEntries(Object.entries(form).filter(([k]) => !APPLY_FORM_KEYS.includes(k))),
    run: (values) =>
      svc.counter.apply(c.get('audit'), staffId, {
        visit: f.visit ?? '',
        serviceCode: f.service ?? '',
        formToken: f.form_token ?? '',
        values,
        uploads,
      }),
    done: (r) => `/staff/cases/${r.ref}`,
    again: async ({ values, errors, message }) => {
      const s = await svc.catalog.get(f.service ?? '')
      if (!s) throw new AppError('invalid', message, errors) // an unknown service: the error page, as there is no form
      const v = await svc.counter.visit(staffId, f.visit ?? '')
      return c.render(
        <CounterApplyPage
          s={localised(s)}
          visit={f.visit ?? ''}
          name={v.user.realName ?? ''}
          method={v.method}
          formToken={f.form_token ?? ''}
          values={values}
          errors={errors}
          message={message}
        />,
        { title: t('帮办代办'), area: 'staff' },
      )
    },
  })
})
