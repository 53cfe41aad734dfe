import { Hono } from 'hono'
import { StepUpRequired } from './bank.js'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { COOKIE, setAppCookie, clearAppCookie } from '../../middleware/cookies.js'
import { requireCitizen, requireStaff } from '../../middleware/auth.js'
import { formBody, formError, safeNext, tooLong } from '../../lib/forms.js'
import { idParam } from '../../lib/forms.js'
import { AppError } from '../../lib/errors.js'
import { toTimestamp } from '../../db/time.js'
import * as policyRepo from '../policy/repository.js'
import { ROLE_LABELS, type StaffRole } from './roles.js'
import { SMS_PURPOSES, type SmsPurpose } from './service.js'
import { normaliseNumber, normaliseText, validatePhone, validatePassword, validateSmsCode } from './validators.js'
import { RegisterPage, LoginPage, MessagePage, StaffLoginPage, StaffPasswordPage } from '../../../views/identity/auth.js'
import { AccountPage, IdentityPage, EnterprisePage, StepUpPage, StaffHomePage, type AccountView } from '../../../views/identity/account.js'

/** Citizen accounts: SMS codes, register, login/logout, account, real-name and enterprise verification, step-up. */
export const identityRoutes = new Hono<AppEnv>()

const meta = (c: Context<AppEnv>) => ({ ...c.get('audit'), ip: c.get('audit').ip, userAgent: c.get('audit').userAgent })
const startSession = (c: Context<AppEnv>, token: string) => setAppCookie(c, COOKIE.session, token)

identityRoutes.post('/auth/sms-code', async (c) => {
  const f = await formBody(c)
  const purpose = (f.purpose ?? '') as SmsPurpose
  const back = safeNext(f.return_to, '/login')
  const htmx = !!c.req.header('hx-request')
  const p = c.get('principal')
  let phone = normaliseNumber(f.phone ?? '')
  try {
    if (!SMS_PURPOSES.includes(purpose)) throw new AppError('invalid', '验证码用途无效', { purpose: '验证码用途无效' })
    if (purpose === 'phone') {
      if (p?.kind !== 'citizen') throw new AppError('unauthenticated', '请先登录')
      phone = normaliseNumber(f.new_phone ?? f.phone ?? '')
      const e = validatePhone(phone)
      if (e) throw new AppError('invalid', e, { new_phone: e })
    } else if (purpose === 'verify' || purpose === 'closure') {
      if (p?.kind !== 'citizen') throw new AppError('unauthenticated', '请先登录')
      phone = p.user.phone ?? '' // always the account's own phone
    } else {
      const e = validatePhone(phone)
      if (e) throw new AppError('invalid', e, { phone: e })
    }
    await c.get('services').identity.sendSmsCode(c.get('audit'), phone, purpose)
    const msg = '验证码已发送，请查收短信（5分钟内有效）'
    if (htmx) return c.html(`<p class="notice notice-success" role="status">${msg}</p>`)
    if ((c.req.header('accept') ?? '').includes('application/json')) return c.json({ sent: true, message: msg })
    // A step-up code is entered on the step-up page, which then returns where the user was going.
    if (purpose === 'phone') return c.redirect(`/me?sent=phone&new_phone=${phone}#phone`, 303)
    if (purpose === 'verify' && !back.startsWith('/me/step-up') && !back.startsWith('/me?phone'))
      return c.redirect(`/me/step-up?return_to=${encodeURIComponent(back)}&sent=1`, 303)
    const sep = back.includes('?') ? '&' : '?'
    return c.redirect(`${back}${sep}sent=1${purpose === 'register' || purpose === 'login' ? `&phone=${phone}` : ''}`, 303)
  } catch (e) {
    const err = formError(e)
    if (err.code === 'unauthenticated') return c.redirect('/login', 303)
    c.status(err.status as 422)
    if (htmx) return c.html(`<p class="notice notice-error" role="alert">${err.fields.phone ?? err.message}</p>`)
    if ((c.req.header('accept') ?? '').includes('application/json')) return c.json({ error: err.code, message: err.message })
    if (back.startsWith('/register'))
      return c.render(<RegisterPage values={f} errors={err.fields} message={err.message} policySummary={await summary(c)} />, {
        title: '注册',
      })
    if (back.startsWith('/login')) return c.render(<LoginPage values={f} errors={err.fields} message={err.message} />, { title: '登录' })
    return c.render(<MessagePage title="无法发送验证码" message={err.message} back={back} />, { title: '无法发送验证码' })
  }
})

async function summary(c: Context<AppEnv>) {
  const svc = c.get('services')
  return (await policyRepo.currentPolicy(svc.deps.db, toTimestamp(svc.deps.clock.now())))?.summary ?? ''
}

identityRoutes.get('/register', async (c) => {
  const sent = c.req.query('sent') === '1'
  return c.render(
    <RegisterPage
      values={{ phone: c.req.query('phone') }}
      notice={sent ? '验证码已发送，请查收短信' : undefined}
      policySummary={await summary(c)}
    />,
    { title: '注册' },
  )
})

identityRoutes.post('/register', async (c) => {
  const f = await formBody(c)
  const values = { phone: normaliseNumber(f.phone ?? ''), agree_policy: f.agree_policy }
  const errors: Record<string, string> = { ...tooLong(f, { phone: 20, sms_code: 10, password: 64 }) }
  const pe = validatePhone(values.phone)
  if (pe) errors.phone = pe
  const ce = validateSmsCode(normaliseNumber(f.sms_code ?? ''))
  if (ce) errors.sms_code = ce
  const pwe = validatePassword(f.password ?? '')
  if (pwe) errors.password = pwe
  if (f.agree_policy !== 'on') errors.agree_policy = '请阅读并勾选同意《用户服务协议》和《隐私政策》'
  const render = async (errs: Record<string, string>, message?: string, status = 422) => {
    c.status(status as 422)
    return c.render(<RegisterPage values={values} errors={errs} message={message} policySummary={await summary(c)} />, { title: '注册' })
  }
  if (Object.keys(errors).length) return render(errors)
  try {
    const r = await c
      .get('services')
      .identity.register(meta(c), { phone: values.phone, smsCode: normaliseNumber(f.sms_code), password: f.password })
    startSession(c, r.token)
    return c.redirect('/me/identity?welcome=1', 303)
  } catch (e) {
    const err = formError(e)
    return render(err.fields, err.message, err.status === 409 ? 422 : err.status)
  }
})

identityRoutes.get('/login', (c) => {
  if (c.get('principal')?.kind === 'citizen') return c.redirect(safeNext(c.req.query('next'), '/me'), 303)
  const sent = c.req.query('sent') === '1'
  return c.render(
    <LoginPage
      values={{ phone: c.req.query('phone'), sms: sent ? '1' : undefined }}
      next={c.req.query('next')}
      notice={sent ? '验证码已发送，请查收短信' : undefined}
    />,
    { title: '登录' },
  )
})

identityRoutes.post('/login', async (c) => {
  const f = await formBody(c)
  const next = c.req.query('next')
  const values = { phone: normaliseNumber(f.phone ?? ''), sms: f.sms_code ? '1' : undefined }
  const errors: Record<string, string> = { ...tooLong(f, { phone: 20, password: 64, sms_code: 10 }) }
  const pe = validatePhone(values.phone)
  if (pe) errors.phone = pe
  const code = normaliseNumber(f.sms_code ?? '')
  if (!f.password && !code) errors.password = '请输入密码，或使用短信验证码登录'
  if (code && validateSmsCode(code)) errors.sms_code = validateSmsCode(code)!
  const render = (errs: Record<string, string>, message: string | undefined, status: number) => {
    c.status(status as 422)
    return c.render(<LoginPage values={values} errors={errs} message={message} next={next} />, { title: '登录' })
  }
  if (Object.keys(errors).length) return render(errors, undefined, 422)
  try {
    const r = await c
      .get('services')
      .identity.login(meta(c), { phone: values.phone, password: code ? undefined : f.password, smsCode: code || undefined })
    startSession(c, r.token)
    return c.redirect(safeNext(next, '/me'), 303)
  } catch (e) {
    const err = formError(e)
    return render(err.fields, err.message, err.status)
  }
})

identityRoutes.post('/logout', async (c) => {
  const p = c.get('principal')
  if (p) await c.get('services').identity.logout(c.get('audit'), p.session.id, p.kind, p.kind === 'citizen' ? p.user.id : p.staff.id)
  clearAppCookie(c, COOKIE.session)
  return c.redirect(p?.kind === 'staff' ? '/staff/login' : '/', 303)
})

// --- signed-in citizen pages
identityRoutes.use('/me', requireCitizen)
identityRoutes.use('/me/identity', requireCitizen)
identityRoutes.use('/me/enterprise', requireCitizen)
identityRoutes.use('/me/enterprise/*', requireCitizen)
identityRoutes.use('/me/step-up', requireCitizen)
identityRoutes.use('/me/password', requireCitizen)
identityRoutes.use('/me/bank', requireCitizen)
identityRoutes.use('/me/sessions/*', requireCitizen)
identityRoutes.use('/me/acting-as', requireCitizen)

async function accountView(c: Context<AppEnv>, showUnmasked: boolean): Promise<AccountView> {
  const svc = c.get('services')
  const p = c.get('principal')!
  if (p.kind !== 'citizen') throw new AppError('forbidden', '仅限个人用户')
  const u = p.user
  const stepped = svc.sessions.isSteppedUp(p.session)
  const unmasked = showUnmasked && stepped && u.verifiedAt ? await svc.identity.unmaskedForOwner(c.get('audit'), u.id) : null
  const devices = await svc.sessions.active('citizen', u.id)
  return {
    phone: u.phone ?? '',
    realName: u.realName,
    idNumberMasked: u.idNumberMasked,
    bankName: u.bankName,
    bankAccountMasked: u.bankAccountMasked,
    verifiedAt: u.verifiedAt,
    verificationMethod: u.verificationMethod,
    email: u.email,
    emailVerified: !!u.emailVerifiedAt,
    unmasked,
    steppedUp: stepped,
    enterprises: (await svc.identity.enterprisesOf(u.id)).map((e) => ({ id: e.id, name: e.name, uscc: e.uscc })),
    actingEnterpriseId: p.session.actingEnterpriseId,
    devices: devices.map((d) => ({
      id: d.id,
      current: d.id === p.session.id,
      createdAt: d.createdAt,
      lastSeenAt: d.lastSeenAt,
      ip: d.ip,
      userAgent: d.userAgent,
    })),
  }
}

identityRoutes.get('/me', async (c) => {
  const done: Record<string, string> = {
    password: '密码已修改，其他设备已退出登录',
    bank: '银行账户已更新',
    phone: '手机号已更换',
    email: '验证邮件已发送，请在24小时内点击邮件中的链接',
    email_verified: '邮箱已验证',
  }
  const notice =
    done[c.req.query('done') ?? ''] ??
    (c.req.query('verified') === '1'
      ? '二次验证成功，10分钟内可查看完整号码'
      : c.req.query('sent') === 'phone'
        ? '验证码已发送到新手机号'
        : undefined)
  return c.render(<AccountPage a={await accountView(c, true)} notice={notice} values={{ new_phone: c.req.query('new_phone') }} />, {
    title: '个人中心',
  })
})

identityRoutes.post('/me/password', async (c) => {
  const f = await formBody(c)
  const p = c.get('principal')!
  try {
    await c
      .get('services')
      .identity.changePassword(c.get('audit'), c.get('citizen').id, p.session.id, f.old_password ?? '', f.new_password ?? '')
    return c.redirect('/me?done=password', 303)
  } catch (e) {
    const err = formError(e)
    c.status(err.status as 422)
    return c.render(<AccountPage a={await accountView(c, false)} errors={err.fields} message={err.message} />, { title: '个人中心' })
  }
})

identityRoutes.post('/me/bank', async (c) => {
  const f = await formBody(c)
  const p = c.get('principal')!
  if (p.kind !== 'citizen' || !c.get('services').sessions.isSteppedUp(p.session)) return c.redirect('/me/step-up?return_to=/me', 303)
  const values = { bank_name: f.bank_name, bank_account: normaliseNumber(f.bank_account ?? '') }
  try {
    await c.get('services').bank.changeOwn(c.get('audit'), p.session, { bankName: values.bank_name ?? '', account: values.bank_account })
    return c.redirect('/me?done=bank', 303)
  } catch (e) {
    if (e instanceof StepUpRequired) return c.redirect('/me/step-up?return_to=/me', 303)
    const err = formError(e)
    c.status(err.status as 422)
    return c.render(<AccountPage a={await accountView(c, false)} values={values} errors={err.fields} message={err.message} />, {
      title: '个人中心',
    })
  }
})

identityRoutes.use('/me/phone', requireCitizen)
identityRoutes.use('/me/email', requireCitizen)
identityRoutes.use('/me/email/*', requireCitizen)
identityRoutes.post('/me/phone', async (c) => {
  const f = await formBody(c)
  const values = { new_phone: normaliseNumber(f.new_phone ?? '') }
  try {
    await c
      .get('services')
      .identity.changePhone(
        c.get('audit'),
        c.get('citizen'),
        values.new_phone,
        normaliseNumber(f.old_code ?? ''),
        normaliseNumber(f.new_code ?? ''),
      )
    return c.redirect('/me?done=phone', 303)
  } catch (e) {
    const err = formError(e)
    c.status(422)
    return c.render(<AccountPage a={await accountView(c, false)} values={values} errors={err.fields} message={err.message} />, {
      title: '个人中心',
    })
  }
})
identityRoutes.post('/me/email', async (c) => {
  const f = await formBody(c)
  const email = (f.email ?? '').trim()
  try {
    await c.get('services').identity.requestEmail(c.get('audit'), c.get('citizen').id, email, new URL(c.req.url).origin)
    return c.redirect('/me?done=email', 303)
  } catch (e) {
    const err = formError(e)
    c.status(422)
    return c.render(<AccountPage a={await accountView(c, false)} values={{ email }} errors={err.fields} message={err.message} />, {
      title: '个人中心',
    })
  }
})
identityRoutes.get('/me/email/verify', async (c) => {
  try {
    await c.get('services').identity.confirmEmail(c.get('audit'), c.get('citizen').id, c.req.query('token') ?? '')
    return c.redirect('/me?done=email_verified', 303)
  } catch (e) {
    const err = formError(e)
    c.status(422)
    return c.render(<MessagePage title="邮箱验证失败" message={err.message} back="/me" />, { title: '邮箱验证失败' })
  }
})

identityRoutes.post('/me/sessions/:id/revoke', async (c) => {
  await c.get('services').identity.revokeDevice(c.get('audit'), c.get('citizen').id, c.req.param('id'))
  return c.redirect('/me', 303)
})

identityRoutes.get('/me/identity', (c) => {
  const u = c.get('citizen')
  if (u.verifiedAt) return c.redirect('/me', 303)
  const reason =
    c.req.query('welcome') === '1'
      ? '注册成功！完成实名认证后即可在线办理业务。'
      : c.req.query('reason') === 'apply'
        ? '办理该业务需要先完成实名认证。'
        : undefined
  return c.render(<IdentityPage reason={reason} />, { title: '实名认证' })
})

identityRoutes.post('/me/identity', async (c) => {
  const f = await formBody(c)
  const values: Record<string, string> = {
    real_name: normaliseText(f.real_name ?? ''),
    id_number: normaliseNumber(f.id_number ?? ''),
    bank_name: f.bank_name ?? '',
    bank_account: normaliseNumber(f.bank_account ?? ''),
    guardian_name: normaliseText(f.guardian_name ?? ''),
    guardian_relation: f.guardian_relation ?? '',
    guardian_phone: normaliseNumber(f.guardian_phone ?? ''),
  }
  const long = tooLong(f, { real_name: 30, id_number: 30, bank_account: 30, bank_name: 30, guardian_name: 30, guardian_phone: 20 })
  const render = (errors: Record<string, string>, message?: string, status = 422) => {
    c.status(status as 422)
    return c.render(<IdentityPage values={values} errors={errors} message={message} />, { title: '实名认证' })
  }
  if (Object.keys(long).length) return render(long)
  try {
    await c.get('services').identity.verifyIdentity(c.get('audit'), c.get('citizen').id, {
      realName: values.real_name,
      idNumber: values.id_number,
      bankName: values.bank_name,
      bankAccount: values.bank_account,
      guardianName: values.guardian_name || undefined,
      guardianRelation: values.guardian_relation || undefined,
      guardianPhone: values.guardian_phone || undefined,
    })
    return c.redirect('/me?verified_identity=1', 303)
  } catch (e) {
    const err = formError(e)
    return render(err.fields, err.message, err.status === 409 && Object.keys(err.fields).length ? 422 : err.status)
  }
})

async function enterprisePage(
  c: Context<AppEnv>,
  extra: { values?: Record<string, string>; errors?: Record<string, string>; message?: string; notice?: string } = {},
) {
  const svc = c.get('services')
  const u = c.get('citizen')
  const list = await svc.identity.enterprisesOf(u.id)
  const enterprises = await Promise.all(list.map(async (e) => ({ ...e, operators: await svc.identity.operatorsOf(e.id) })))
  const invitations = await svc.operators.invitationsFor(u.id)
  return c.render(
    <EnterprisePage
      enterprises={enterprises}
      invitations={invitations}
      actingEnterpriseId={c.get('principal')!.session.actingEnterpriseId}
      {...extra}
    />,
    { title: '企业认证' },
  )
}

identityRoutes.get('/me/enterprise', (c) => {
  if (!c.get('citizen').verifiedAt) return c.redirect('/me/identity?reason=apply', 303)
  const done: Record<string, string> = {
    invited: '邀请已发出。对方须已注册并完成实名认证，在“企业认证”页面接受后即成为经办人（7日内有效）。',
    accepted: '您已成为该企业的经办人',
    declined: '已拒绝邀请',
    left: '您已退出该企业，不再以该企业身份办理业务',
  }
  const key = c.req.query('done') ?? ''
  return enterprisePage(c, { notice: done[key] ?? (key ? '操作成功' : undefined) })
})

identityRoutes.post('/me/enterprise', async (c) => {
  const f = await formBody(c)
  const values = {
    company_name: normaliseText(f.company_name ?? ''),
    uscc: normaliseNumber(f.uscc ?? ''),
    legal_rep_name: normaliseText(f.legal_rep_name ?? ''),
    legal_rep_id_number: normaliseNumber(f.legal_rep_id_number ?? ''),
  }
  const long = tooLong(f, { company_name: 60, uscc: 30, legal_rep_name: 30, legal_rep_id_number: 30 })
  if (Object.keys(long).length) {
    c.status(422)
    return enterprisePage(c, { values, errors: long })
  }
  try {
    const id = await c.get('services').identity.registerEnterprise(c.get('audit'), c.get('citizen').id, {
      companyName: values.company_name,
      uscc: values.uscc,
      legalRepName: values.legal_rep_name,
      legalRepIdNumber: values.legal_rep_id_number,
    })
    await c.get('services').identity.actAs(c.get('citizen').id, c.get('principal')!.session.id, id)
    return c.redirect('/me/enterprise?done=1', 303)
  } catch (e) {
    const err = formError(e)
    c.status((err.status === 409 ? 422 : err.status) as 422)
    return enterprisePage(c, { values, errors: err.fields, message: err.message })
  }
})

/** Operators are invited (issue 16 item 8): the same answer whoever the number belongs to. */
identityRoutes.post('/me/enterprise/:id/operators', async (c) => {
  const f = await formBody(c)
  const phone = normaliseNumber(f.operator_phone ?? '')
  try {
    await c.get('services').operators.invite(c.get('audit'), c.get('citizen').id, idParam(c.req.param('id')), phone)
    return c.redirect('/me/enterprise?done=invited', 303)
  } catch (e) {
    const err = formError(e)
    if (err.status === 404) throw err
    c.status(err.status === 429 ? 429 : 422)
    return enterprisePage(c, { values: { operator_phone: phone }, errors: err.fields, message: err.message })
  }
})
for (const [action, label] of [
  ['accept', 'accepted'],
  ['decline', 'declined'],
] as const)
  identityRoutes.post(`/me/enterprise/invitations/:id/${action}`, async (c) => {
    const svc = c.get('services').operators
    try {
      await svc[action](c.get('audit'), c.get('citizen').id, idParam(c.req.param('id')))
      return c.redirect(`/me/enterprise?done=${label}`, 303)
    } catch (e) {
      const err = formError(e)
      if (err.status === 404) throw err
      c.status(409)
      return enterprisePage(c, { message: err.message })
    }
  })
identityRoutes.post('/me/enterprise/:id/leave', async (c) => {
  try {
    await c.get('services').operators.leave(c.get('audit'), c.get('citizen').id, idParam(c.req.param('id')))
    return c.redirect('/me/enterprise?done=left', 303)
  } catch (e) {
    const err = formError(e)
    if (err.status === 404) throw err
    c.status(409)
    return enterprisePage(c, { message: err.message })
  }
})

identityRoutes.post('/me/acting-as', async (c) => {
  const f = await formBody(c)
  const id = f.enterprise_id ? Number(f.enterprise_id) : null
  await c.get('services').identity.actAs(c.get('citizen').id, c.get('principal')!.session.id, id && Number.isInteger(id) ? id : null)
  return c.redirect(safeNext(f.return_to, '/me/enterprise'), 303)
})

identityRoutes.get('/me/step-up', (c) => {
  const u = c.get('citizen')
  const sent = c.req.query('sent') === '1'
  return c.render(
    <StepUpPage
      phone={u.phone ?? ''}
      returnTo={safeNext(c.req.query('return_to'), '/me')}
      notice={sent ? '验证码已发送，请查收短信' : undefined}
    />,
    { title: '二次验证' },
  )
})

identityRoutes.post('/me/step-up', async (c) => {
  const f = await formBody(c)
  const u = c.get('citizen')
  const returnTo = safeNext(f.return_to, '/me')
  try {
    await c.get('services').identity.stepUp(c.get('audit'), u, c.get('principal')!.session.id, normaliseNumber(f.sms_code ?? ''))
    return c.redirect(returnTo === '/me' ? '/me?verified=1' : returnTo, 303)
  } catch (e) {
    const err = formError(e)
    c.status(err.status as 422)
    return c.render(<StepUpPage phone={u.phone ?? ''} returnTo={returnTo} errors={err.fields} message={err.message} />, {
      title: '二次验证',
    })
  }
})

// --- staff sign-in and workbench landing
export const staffAuthRoutes = new Hono<AppEnv>()

staffAuthRoutes.get('/staff/login', (c) => {
  if (c.get('principal')?.kind === 'staff') return c.redirect(safeNext(c.req.query('next'), '/staff'), 303)
  return c.render(<StaffLoginPage next={c.req.query('next')} />, { title: '工作人员登录', area: 'staff' })
})

staffAuthRoutes.post('/staff/login', async (c) => {
  const f = await formBody(c)
  const next = c.req.query('next')
  const values = { username: (f.username ?? '').trim() }
  const errors: Record<string, string> = { ...tooLong(f, { username: 64, password: 64, totp: 10 }) }
  if (!values.username) errors.username = '请输入用户名'
  if (!f.password) errors.password = '请输入密码'
  const render = (errs: Record<string, string>, message: string | undefined, status: number) => {
    c.status(status as 422)
    return c.render(<StaffLoginPage values={values} errors={errs} message={message} next={next} />, {
      title: '工作人员登录',
      area: 'staff',
    })
  }
  if (Object.keys(errors).length) return render(errors, undefined, 422)
  try {
    const r = await c
      .get('services')
      .identity.staffLogin(meta(c), { username: values.username, password: f.password, totp: normaliseNumber(f.totp ?? '') || undefined })
    startSession(c, r.token)
    return c.redirect(safeNext(next, '/staff'), 303)
  } catch (e) {
    const err = formError(e)
    return render(err.fields, err.message, err.status)
  }
})

staffAuthRoutes.post('/staff/logout', async (c) => {
  const p = c.get('principal')
  if (p?.kind === 'staff') await c.get('services').identity.logout(c.get('audit'), p.session.id, 'staff', p.staff.id)
  clearAppCookie(c, COOKIE.session)
  return c.redirect('/staff/login', 303)
})

staffAuthRoutes.get('/staff/password', requireStaff(), (c) =>
  c.render(<StaffPasswordPage forced={c.get('staff').mustChangePassword === 1} />, { title: '修改密码', area: 'staff' }),
)
staffAuthRoutes.post('/staff/password', requireStaff(), async (c) => {
  const f = await formBody(c)
  try {
    await c
      .get('services')
      .identity.changeStaffPassword(
        c.get('audit'),
        c.get('staff').id,
        c.get('principal')!.session.id,
        f.old_password ?? '',
        f.new_password ?? '',
      )
    return c.redirect('/staff', 303)
  } catch (e) {
    const err = formError(e)
    c.status(422)
    return c.render(<StaffPasswordPage forced={c.get('staff').mustChangePassword === 1} errors={err.fields} message={err.message} />, {
      title: '修改密码',
      area: 'staff',
    })
  }
})

staffAuthRoutes.get('/staff', requireStaff(), (c) => {
  const s = c.get('staff')
  const roles = c.get('staffRoles')
  const has = (...r: string[]) => r.some((x) => roles.includes(x))
  const links = [
    ...(has('clerk', 'reviewer', 'supervisor') ? [{ href: '/staff/cases', label: '办件队列', desc: '受理、审核、一次性告知、办结' }] : []),
    ...(has('clerk', 'supervisor') ? [{ href: '/staff/counter', label: '窗口办理', desc: '按身份证查询、帮办代办、受理注销' }] : []),
    ...(has('reviewer', 'supervisor') ? [{ href: '/staff/corrections', label: '更正申请', desc: '审核实名信息更正' }] : []),
    ...(has('supervisor')
      ? [
          { href: '/staff/rectifications', label: '差评整改', desc: '回访与整改，15个工作日' },
          { href: '/staff/stats', label: '统计分析', desc: '收件、办结、超期、评价' },
          { href: '/staff/calendar', label: '工作日历', desc: '节假日与调休' },
        ]
      : []),
    ...(has('complaints', 'supervisor') ? [{ href: '/admin/complaints', label: '来电工单', desc: '登记来电、核验身份、回访' }] : []),
    ...(has('sysadmin', 'secadmin') ? [{ href: '/admin', label: '系统管理', desc: '人员、角色、安全策略、隐私政策、安全事件' }] : []),
    ...(has('auditor') ? [{ href: '/admin/audit', label: '审计日志', desc: '查阅、导出、校验审计链' }] : []),
  ]
  return c.render(
    <StaffHomePage
      name={s.displayName}
      staffNo={s.staffNo}
      department={s.department}
      roles={roles.map((r) => ROLE_LABELS[r as StaffRole] ?? r)}
      links={links}
    />,
    { title: '工作台', area: 'staff' },
  )
})
