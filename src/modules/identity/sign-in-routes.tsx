import { t } from '../../lib/i18n/index.js'
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { COOKIE, setAppCookie, clearAppCookie } from '../../middleware/cookies.js'
import { formAction, formBody, formError, safeNext, tooLong } from '../../lib/forms.js'
import { AppError } from '../../lib/errors.js'
import { checkPhoneCodePassword, conflictAtField } from './form-answers.js'
import { SMS_PURPOSES, type SmsPurpose } from './service.js'
import { normaliseNumber, normalisePhone, validatePhone, validateSmsCode } from './validators.js'
import { RegisterPage, LoginPage, MessagePage, StaffLoginPage } from '../../../views/identity/auth.js'
import { ResetPasswordPage } from '../../../views/identity/reset.js'

/** Signing in: SMS codes, citizen registration, login and logout (public, mounted at /). */
export const signInRoutes = new Hono<AppEnv>()

const meta = (c: Context<AppEnv>) => ({ ...c.get('audit'), ip: c.get('audit').ip, userAgent: c.get('audit').userAgent })
const startSession = (c: Context<AppEnv>, token: string) => setAppCookie(c, COOKIE.session, token)

signInRoutes.post('/auth/sms-code', async (c) => {
  const f = await formBody(c)
  const purpose = (f.purpose ?? '') as SmsPurpose
  const back = safeNext(f.return_to, '/login')
  const htmx = !!c.req.header('hx-request')
  const p = c.get('principal')
  let phone = normalisePhone(f.phone ?? '')
  try {
    if (!SMS_PURPOSES.includes(purpose)) throw new AppError('invalid', t('验证码用途无效'), { purpose: t('验证码用途无效') })
    if (purpose === 'phone') {
      if (p?.kind !== 'citizen') throw new AppError('unauthenticated', t('请先登录'))
      phone = normalisePhone(f.new_phone ?? f.phone ?? '')
      const e = validatePhone(phone)
      if (e) throw new AppError('invalid', e, { new_phone: e })
    } else if (purpose === 'verify' || purpose === 'closure') {
      if (p?.kind !== 'citizen') throw new AppError('unauthenticated', t('请先登录'))
      phone = p.user.phone ?? '' // always the account's own phone
    } else {
      const e = validatePhone(phone)
      if (e) throw new AppError('invalid', e, { phone: e })
    }
    await c.get('services').identity.sendSmsCode(c.get('audit'), phone, purpose)
    const msg = t('验证码已发送，请查收短信（5分钟内有效）')
    if (htmx) return c.html(`<p class="notice notice-success" role="status">${msg}</p>`)
    if ((c.req.header('accept') ?? '').includes('application/json')) return c.json({ sent: true, message: msg })
    // A step-up code is entered on the step-up page, which then returns where the user was going.
    if (purpose === 'phone') return c.redirect(`/me/account?sent=phone&new_phone=${phone}#phone`, 303)
    if (purpose === 'verify' && !back.startsWith('/me/step-up') && !back.startsWith('/me?phone') && !back.startsWith('/me/account?phone'))
      return c.redirect(`/me/step-up?return_to=${encodeURIComponent(back)}&sent=1`, 303)
    const sep = back.includes('?') ? '&' : '?'
    return c.redirect(
      `${back}${sep}sent=1${purpose === 'register' || purpose === 'login' || purpose === 'reset' ? `&phone=${phone}` : ''}`,
      303,
    )
  } catch (e) {
    const err = formError(e)
    if (err.code === 'unauthenticated') return c.redirect('/login', 303)
    c.status(err.status as 422)
    if (htmx) return c.html(`<p class="notice notice-error" role="alert">${err.fields.phone ?? err.message}</p>`)
    if ((c.req.header('accept') ?? '').includes('application/json')) return c.json({ error: err.code, message: err.message })
    if (back.startsWith('/register'))
      return c.render(<RegisterPage values={f} errors={err.fields} message={err.message} policySummary={await summary(c)} />, {
        title: t('注册'),
      })
    if (back.startsWith('/password/reset'))
      return c.render(<ResetPasswordPage values={f} errors={err.fields} message={err.message} />, { title: t('找回密码') })
    if (back.startsWith('/login')) return c.render(<LoginPage values={f} errors={err.fields} message={err.message} />, { title: t('登录') })
    return c.render(<MessagePage title={t('无法发送验证码')} message={err.message} back={back} />, { title: t('无法发送验证码') })
  }
})

async function summary(c: Context<AppEnv>) {
  return (await c.get('services').policy.currentPolicy())?.summary ?? ''
}

signInRoutes.get('/register', async (c) => {
  const sent = c.req.query('sent') === '1'
  return c.render(
    <RegisterPage
      values={{ phone: c.req.query('phone') }}
      notice={sent ? t('验证码已发送，请查收短信') : undefined}
      policySummary={await summary(c)}
    />,
    { title: t('注册') },
  )
})

signInRoutes.post('/register', (c) =>
  formAction(c, {
    // the code and the password are never sent back into the form
    values: (f) => ({ phone: normalisePhone(f.phone ?? ''), agree_policy: f.agree_policy ?? '' }),
    run: async (values, f) => {
      const code = normaliseNumber(f.sms_code ?? '')
      checkPhoneCodePassword(
        f,
        values.phone,
        code,
        values.agree_policy === 'on' ? {} : { agree_policy: t('请阅读并勾选同意《用户服务协议》和《隐私政策》') },
      )
      try {
        return await c.get('services').identity.register(meta(c), { phone: values.phone, smsCode: code, password: f.password ?? '' })
      } catch (e) {
        throw conflictAtField(e)
      }
    },
    done: (r) => {
      startSession(c, r.token)
      return '/me/identity?welcome=1'
    },
    again: async ({ values, errors, message }) =>
      c.render(<RegisterPage values={values} errors={errors} message={message || undefined} policySummary={await summary(c)} />, {
        title: t('注册'),
      }),
  }),
)

signInRoutes.get('/login', (c) => {
  if (c.get('principal')?.kind === 'citizen') return c.redirect(safeNext(c.req.query('next'), '/me'), 303)
  const sent = c.req.query('sent') === '1'
  return c.render(
    <LoginPage
      values={{ phone: c.req.query('phone'), sms: sent ? '1' : undefined }}
      next={c.req.query('next')}
      notice={
        c.req.query('reset') === '1'
          ? t('密码已重置，所有设备均已退出登录。请用新密码登录。')
          : sent
            ? t('验证码已发送，请查收短信')
            : undefined
      }
    />,
    { title: t('登录') },
  )
})

signInRoutes.post('/login', (c) => {
  const next = c.req.query('next')
  return formAction(c, {
    // the password and the code are never sent back; `sms` keeps the SMS panel open
    values: (f) => ({ phone: normalisePhone(f.phone ?? ''), ...(f.sms_code ? { sms: '1' } : {}) }),
    run: (values, f) => {
      const errors: Record<string, string> = { ...tooLong(f, { phone: 20, password: 64, sms_code: 10 }) }
      const pe = validatePhone(values.phone)
      if (pe) errors.phone = pe
      const code = normaliseNumber(f.sms_code ?? '')
      if (!f.password && !code) errors.password = t('请输入密码，或使用短信验证码登录')
      const ce = code ? validateSmsCode(code) : null
      if (ce) errors.sms_code = ce
      if (Object.keys(errors).length) throw new AppError('invalid', '', errors)
      return c
        .get('services')
        .identity.login(
          meta(c),
          { phone: values.phone, password: code ? undefined : f.password, smsCode: code || undefined },
          { replaces: c.get('principal')?.session.id },
        )
    },
    done: (r) => {
      startSession(c, r.token)
      return safeNext(next, '/me?signed_in=1')
    },
    again: ({ values, errors, message }) =>
      c.render(<LoginPage values={values} errors={errors} message={message || undefined} next={next} />, { title: t('登录') }),
  })
})

signInRoutes.post('/logout', async (c) => {
  const p = c.get('principal')
  if (p) await c.get('services').identity.logout(c.get('audit'), p.session.id, p.kind, p.kind === 'citizen' ? p.user.id : p.staff.id)
  clearAppCookie(c, COOKIE.session)
  return c.redirect(p?.kind === 'staff' ? '/staff/login' : '/', 303)
})

/** Staff sign-in and sign-out (public; mounted at /staff before the staff area's guard). */
export const staffSignInRoutes = new Hono<AppEnv>()

staffSignInRoutes.get('/login', (c) => {
  if (c.get('principal')?.kind === 'staff') return c.redirect(safeNext(c.req.query('next'), '/staff'), 303)
  return c.render(<StaffLoginPage next={c.req.query('next')} />, { title: t('工作人员登录'), area: 'staff' })
})

staffSignInRoutes.post('/login', (c) => {
  const next = c.req.query('next')
  return formAction(c, {
    // the password and the one-time code are never sent back
    values: (f) => ({ username: (f.username ?? '').trim() }),
    run: (values, f) => {
      const errors: Record<string, string> = { ...tooLong(f, { username: 64, password: 64, totp: 10 }) }
      if (!values.username) errors.username = t('请输入用户名')
      if (!f.password) errors.password = t('请输入密码')
      if (Object.keys(errors).length) throw new AppError('invalid', '', errors)
      return c
        .get('services')
        .identity.staffLogin(
          meta(c),
          { username: values.username, password: f.password ?? '', totp: normaliseNumber(f.totp ?? '') || undefined },
          { replaces: c.get('principal')?.session.id },
        )
    },
    done: (r) => {
      startSession(c, r.token)
      return safeNext(next, '/staff')
    },
    again: ({ values, errors, message }) =>
      c.render(<StaffLoginPage values={values} errors={errors} message={message || undefined} next={next} />, {
        title: t('工作人员登录'),
        area: 'staff',
      }),
  })
})

staffSignInRoutes.post('/logout', async (c) => {
  const p = c.get('principal')
  if (p?.kind === 'staff') await c.get('services').identity.logout(c.get('audit'), p.session.id, 'staff', p.staff.id)
  clearAppCookie(c, COOKIE.session)
  return c.redirect('/staff/login', 303)
})
