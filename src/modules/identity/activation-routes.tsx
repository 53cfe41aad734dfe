import { t } from '../../lib/i18n/index.js'
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formBody, formError } from '../../lib/forms.js'
import { normaliseNumber } from './validators.js'
import { StaffActivatePage, StaffActivationDonePage, StaffActivationInvalidPage } from '../../../views/identity/activation.js'

/**
 * The holder's side of a staff account (decision 0150): the one-time link from their own phone or
 * mail opens this page, where they set the password and enrol the TOTP. No login: the link is the
 * proof, and it works once.
 */
export const staffActivationRoutes = new Hono<AppEnv>()

const invalid = (c: Context<AppEnv>) => {
  c.status(404)
  return c.render(<StaffActivationInvalidPage />, { title: t('链接无效'), area: 'staff' })
}

staffActivationRoutes.get('/activate', async (c) => {
  // the token must not leak onward through Referer from this page
  c.header('Referrer-Policy', 'no-referrer')
  const token = c.req.query('token') ?? ''
  const a = await c.get('services').staff.activation(token)
  if (!a) return invalid(c)
  return c.render(<StaffActivatePage a={a} token={token} />, { title: t('激活账号'), area: 'staff' })
})

staffActivationRoutes.post('/activate', async (c) => {
  c.header('Referrer-Policy', 'no-referrer')
  const f = await formBody(c)
  const token = f.token ?? ''
  const svc = c.get('services').staff
  try {
    const r = await svc.activate(c.get('audit'), token, {
      password: f.password ?? '',
      confirm: f.confirm ?? '',
      totp: normaliseNumber(f.totp ?? ''),
    })
    return c.render(<StaffActivationDonePage username={r.username} />, { title: t('设置完成'), area: 'staff' })
  } catch (e) {
    const err = formError(e)
    if (err.status === 404) return invalid(c)
    const a = await svc.activation(token)
    if (!a) return invalid(c)
    c.status(422)
    return c.render(<StaffActivatePage a={a} token={token} errors={err.fields} message={err.message} />, {
      title: t('激活账号'),
      area: 'staff',
    })
  }
})
