import { Hono } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formBody, formError, tooLong } from '../../lib/forms.js'
import { t } from '../../lib/i18n/index.js'
import { normaliseNumber, normalisePhone, validatePassword, validatePhone, validateSmsCode } from './validators.js'
import { ResetPasswordPage } from '../../../views/identity/reset.js'

/** 忘记密码 (public, mounted at /): GET,POST /password/reset; the code comes from POST /auth/sms-code purpose=reset. */
export const resetRoutes = new Hono<AppEnv>()

resetRoutes.get('/password/reset', (c) => {
  const sent = c.req.query('sent') === '1'
  return c.render(
    <ResetPasswordPage
      values={{ phone: c.req.query('phone') }}
      notice={sent ? t('如果该手机号已注册，验证码已发送，请查收短信（5分钟内有效）') : undefined}
    />,
    { title: t('找回密码') },
  )
})

resetRoutes.post('/password/reset', async (c) => {
  const f = await formBody(c)
  const values = { phone: normalisePhone(f.phone ?? '') }
  const code = normaliseNumber(f.sms_code ?? '')
  const errors: Record<string, string> = { ...tooLong(f, { phone: 20, sms_code: 10, password: 64 }) }
  const pe = validatePhone(values.phone)
  if (pe) errors.phone = pe
  const ce = validateSmsCode(code)
  if (ce) errors.sms_code = ce
  const pwe = validatePassword(f.password ?? '')
  if (pwe) errors.password = pwe
  const render = (errs: Record<string, string>, message: string | undefined, status: number) => {
    c.status(status as 422)
    return c.render(<ResetPasswordPage values={values} errors={errs} message={message} />, { title: t('找回密码') })
  }
  if (Object.keys(errors).length) return render(errors, undefined, 422)
  try {
    await c.get('services').identity.resetPassword(c.get('audit'), { phone: values.phone, smsCode: code, password: f.password ?? '' })
    return c.redirect('/login?reset=1', 303)
  } catch (e) {
    const err = formError(e)
    return render(err.fields, err.message, err.status)
  }
})
