import { Hono } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { formAction } from '../../lib/forms.js'
import { checkPhoneCodePassword } from './form-answers.js'
import { t } from '../../lib/i18n/index.js'
import { normaliseNumber, normalisePhone } from './validators.js'
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

resetRoutes.post('/password/reset', (c) =>
  formAction(c, {
    // the code and the new password are never sent back into the form
    values: (f) => ({ phone: normalisePhone(f.phone ?? '') }),
    run: async (values, f) => {
      const code = normaliseNumber(f.sms_code ?? '')
      checkPhoneCodePassword(f, values.phone, code)
      await c.get('services').identity.resetPassword(c.get('audit'), { phone: values.phone, smsCode: code, password: f.password ?? '' })
    },
    done: () => '/login?reset=1',
    again: ({ values, errors, message }) =>
      c.render(<ResetPasswordPage values={values} errors={errors} message={message || undefined} />, { title: t('找回密码') }),
  }),
)
