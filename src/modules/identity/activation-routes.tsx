import { t } from '../../lib/i18n/index.js'
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formAction } from '../../lib/forms.js'
import { AppError } from '../../lib/errors.js'
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

staffActivationRoutes.post('/activate', (c) => {
  c.header('Referrer-Policy', 'no-referrer')
  const svc = c.get('services').staff
  let token = ''
  return formAction(c, {
    run: async (f) => {
      token = f.token ?? ''
      try {
        return await svc.activate(c.get('audit'), token, {
          password: f.password ?? '',
          confirm: f.confirm ?? '',
          totp: normaliseNumber(f.totp ?? ''),
        })
      } catch (e) {
        // a used, expired or unknown link: the same "link invalid" page as the GET
        if (e instanceof AppError && e.code === 'not_found') return null
        throw e
      }
    },
    done: (r) => (r ? c.render(<StaffActivationDonePage username={r.username} />, { title: t('设置完成'), area: 'staff' }) : invalid(c)),
    again: async ({ errors, message }) => {
      const a = await svc.activation(token)
      if (!a) return invalid(c)
      return c.render(<StaffActivatePage a={a} token={token} errors={errors} message={message} />, { title: t('激活账号'), area: 'staff' })
    },
  })
})
