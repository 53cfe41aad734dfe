import { Hono } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formBody, formError } from '../../lib/forms.js'
import { idParam } from '../../lib/forms.js'
import { normaliseNumber } from '../identity/validators.js'
import { CounterPage, CounterApplyPage } from '../../../views/cases/pages.js'
import { AppError } from '../../lib/errors.js'
import { COUNTER_CHECKS } from './service.js'

/** The service-hall counter (mounted at /staff/counter): look-up by ID number, walk-in registration, applying on a citizen's behalf. */
export const counterRoutes = new Hono<AppEnv>()

counterRoutes.get('/', (c) => c.render(<CounterPage />, { title: '窗口办理', area: 'staff' }))

counterRoutes.post('/lookup', async (c) => {
  const f = await formBody(c)
  const values = { id_number: normaliseNumber(f.id_number ?? ''), verification_method: f.verification_method ?? '' }
  try {
    const found = await c.get('services').cases.counterLookup(c.get('audit'), values.id_number, values.verification_method)
    return c.render(
      <CounterPage values={{ ...values, real_name: found?.name ?? '' }} found={found} searched method={values.verification_method} />,
      { title: '窗口办理', area: 'staff' },
    )
  } catch (e) {
    const err = formError(e)
    c.status(422)
    return c.render(<CounterPage values={values} errors={err.fields} message={err.message} />, { title: '窗口办理', area: 'staff' })
  }
})

/** Walk-in without an account: the clerk creates a verified account from the documents seen. */
counterRoutes.post('/register', async (c) => {
  const f = await formBody(c)
  const values = {
    real_name: (f.real_name ?? '').trim(),
    id_number: normaliseNumber(f.id_number ?? ''),
    phone: normaliseNumber(f.phone ?? ''),
    bank_name: f.bank_name ?? '',
    bank_account: normaliseNumber(f.bank_account ?? ''),
  }
  const svc = c.get('services')
  try {
    if (!COUNTER_CHECKS.includes(f.verification_method ?? ''))
      throw new AppError('invalid', '请先记录身份核验方式并查询', { id_number: '请先选择身份核验方式并按身份证号查询' })
    await svc.identity.createAtCounter(c.get('audit'), {
      phone: values.phone,
      realName: values.real_name,
      idNumber: values.id_number,
      bankName: values.bank_name,
      bankAccount: values.bank_account,
    })
    const found = await svc.cases.counterLookup(c.get('audit'), values.id_number, f.verification_method)
    return c.render(
      <CounterPage
        values={{ ...values, real_name: found?.name ?? '' }}
        found={found}
        searched
        method={f.verification_method}
        notice="账号已开通"
      />,
      { title: '窗口办理', area: 'staff' },
    )
  } catch (e) {
    const err = formError(e)
    c.status(422)
    return c.render(<CounterPage values={values} errors={err.fields} message={err.message} searched method={f.verification_method} />, {
      title: '窗口办理',
      area: 'staff',
    })
  }
})

/** 帮办代办: the application form filled by the clerk for the citizen at the window. */
counterRoutes.get('/apply', async (c) => {
  const svc = c.get('services')
  const s = await svc.catalog.get(c.req.query('service') ?? '')
  const user = await svc.identity.userById(idParam(c.req.query('user')))
  if (!s || !user || !user.verifiedAt || s.applicantKind !== 'citizen') throw new AppError('not_found', '未找到')
  const draft = await svc.cases.counterDraft(user.id, s.code)
  return c.render(
    <CounterApplyPage
      s={s}
      userId={user.id}
      name={user.realName ?? ''}
      method={c.req.query('method') ?? ''}
      formToken={draft.formToken}
      values={draft.answers}
    />,
    { title: '帮办代办', area: 'staff' },
  )
})

counterRoutes.post('/apply', async (c) => {
  const svc = c.get('services')
  const f = await formBody(c)
  const body = await c.req.parseBody({ all: true })
  const uploads: { key: string; filename: string; bytes: Uint8Array }[] = []
  for (const [k, v] of Object.entries(body))
    if (k.startsWith('file_'))
      for (const x of Array.isArray(v) ? v : [v])
        if (x instanceof File && x.size > 0)
          uploads.push({ key: k.slice(5), filename: x.name, bytes: new Uint8Array(await x.arrayBuffer()) })
  const { _csrf, form_token, service, user, method, ...values } = f
  void _csrf
  try {
    const r = await svc.cases.counterApply(c.get('audit'), c.get('staff').id, {
      userId: Number(user),
      serviceCode: service ?? '',
      formToken: form_token ?? '',
      method: method ?? '',
      values,
      uploads,
    })
    return c.redirect(`/staff/cases/${r.ref}`, 303)
  } catch (e) {
    const err = formError(e)
    if (err.status === 404) throw err
    const s = await svc.catalog.get(service ?? '')
    const u = /^\d{1,12}$/.test(user ?? '') ? await svc.identity.userById(Number(user)) : undefined
    if (!s || !u) throw err
    c.status(err.status as 422)
    return c.render(
      <CounterApplyPage
        s={s}
        userId={u.id}
        name={u.realName ?? ''}
        method={method ?? ''}
        formToken={form_token ?? ''}
        values={values}
        errors={err.fields}
        message={err.message}
      />,
      { title: '帮办代办', area: 'staff' },
    )
  }
})
