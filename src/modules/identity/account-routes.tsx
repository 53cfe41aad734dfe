import { t } from '../../lib/i18n/index.js'
import { Hono } from 'hono'
import { StepUpRequired } from './bank.js'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { COOKIE, setAppCookie } from '../../middleware/cookies.js'
import { formBody, formError, safeNext, tooLong } from '../../lib/forms.js'
import { idParam } from '../../lib/forms.js'
import { AppError } from '../../lib/errors.js'
import { normaliseNumber, normalisePhone, normaliseText } from './validators.js'
import { MessagePage } from '../../../views/identity/auth.js'
import { AccountPage, StepUpPage, type AccountView } from '../../../views/identity/account.js'
import { IdentityPage } from '../../../views/identity/identity.js'
import { EnterprisePage } from '../../../views/identity/enterprise.js'

/** The citizen's account settings (/me/account; /me is the dashboard): profile, password, bank, phone, email, devices, real-name and enterprise verification, step-up. */
export const accountRoutes = new Hono<AppEnv>()
/** A rotated session id (step-up, acting for an enterprise) replaces the cookie. */
const startSession = (c: Context<AppEnv>, token: string) => setAppCookie(c, COOKIE.session, token)

async function accountView(c: Context<AppEnv>, showUnmasked: boolean): Promise<AccountView> {
  const svc = c.get('services')
  const p = c.get('principal')!
  if (p.kind !== 'citizen') throw new AppError('forbidden', t('仅限个人用户'))
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

accountRoutes.get('/account', async (c) => {
  const done: Record<string, string> = {
    password: t('密码已修改，其他设备已退出登录'),
    bank: t('银行账户已更新'),
    phone: t('手机号已更换'),
    email: t('验证邮件已发送，请在24小时内点击邮件中的链接'),
    email_verified: t('邮箱已验证'),
  }
  const notice =
    done[c.req.query('done') ?? ''] ??
    (c.req.query('verified') === '1'
      ? t('二次验证成功，10分钟内可查看完整号码')
      : c.req.query('sent') === 'phone'
        ? t('验证码已发送到新手机号')
        : undefined)
  return c.render(<AccountPage a={await accountView(c, true)} notice={notice} values={{ new_phone: c.req.query('new_phone') }} />, {
    title: t('个人中心'),
  })
})

accountRoutes.post('/password', async (c) => {
  const f = await formBody(c)
  const p = c.get('principal')!
  try {
    await c
      .get('services')
      .identity.changePassword(c.get('audit'), c.get('citizen').id, p.session.id, f.old_password ?? '', f.new_password ?? '')
    return c.redirect('/me/account?done=password', 303)
  } catch (e) {
    const err = formError(e)
    c.status(err.status as 422)
    return c.render(<AccountPage a={await accountView(c, false)} errors={err.fields} message={err.message} />, { title: t('个人中心') })
  }
})

accountRoutes.post('/bank', async (c) => {
  const f = await formBody(c)
  const p = c.get('principal')!
  if (p.kind !== 'citizen' || !c.get('services').sessions.isSteppedUp(p.session))
    return c.redirect('/me/step-up?return_to=/me/account', 303)
  const values = { bank_name: f.bank_name, bank_account: normaliseNumber(f.bank_account ?? '') }
  try {
    await c.get('services').bank.changeOwn(c.get('audit'), p.session, { bankName: values.bank_name ?? '', account: values.bank_account })
    return c.redirect('/me/account?done=bank', 303)
  } catch (e) {
    if (e instanceof StepUpRequired) return c.redirect('/me/step-up?return_to=/me/account', 303)
    const err = formError(e)
    c.status(err.status as 422)
    return c.render(<AccountPage a={await accountView(c, false)} values={values} errors={err.fields} message={err.message} />, {
      title: t('个人中心'),
    })
  }
})

accountRoutes.post('/phone', async (c) => {
  const f = await formBody(c)
  const values = { new_phone: normalisePhone(f.new_phone ?? '') }
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
    return c.redirect('/me/account?done=phone', 303)
  } catch (e) {
    const err = formError(e)
    c.status(422)
    return c.render(<AccountPage a={await accountView(c, false)} values={values} errors={err.fields} message={err.message} />, {
      title: t('个人中心'),
    })
  }
})
accountRoutes.post('/email', async (c) => {
  const f = await formBody(c)
  const email = (f.email ?? '').trim()
  try {
    await c.get('services').identity.requestEmail(c.get('audit'), c.get('citizen').id, email)
    return c.redirect('/me/account?done=email', 303)
  } catch (e) {
    const err = formError(e)
    c.status(err.status === 429 ? 429 : 422)
    return c.render(<AccountPage a={await accountView(c, false)} values={{ email }} errors={err.fields} message={err.message} />, {
      title: t('个人中心'),
    })
  }
})
accountRoutes.get('/email/verify', async (c) => {
  try {
    await c.get('services').identity.confirmEmail(c.get('audit'), c.get('citizen').id, c.req.query('token') ?? '')
    return c.redirect('/me/account?done=email_verified', 303)
  } catch (e) {
    const err = formError(e)
    c.status(422)
    return c.render(<MessagePage title={t('邮箱验证失败')} message={err.message} back="/me/account" />, { title: t('邮箱验证失败') })
  }
})

accountRoutes.post('/sessions/:id/revoke', async (c) => {
  await c.get('services').identity.revokeDevice(c.get('audit'), c.get('citizen').id, c.req.param('id'))
  return c.redirect('/me/account#devices', 303)
})

accountRoutes.get('/identity', (c) => {
  const u = c.get('citizen')
  if (u.verifiedAt) return c.redirect('/me', 303)
  const reason =
    c.req.query('welcome') === '1'
      ? t('注册成功！完成实名认证后即可在线办理业务。')
      : c.req.query('reason') === 'apply'
        ? t('办理该业务需要先完成实名认证。')
        : undefined
  return c.render(<IdentityPage reason={reason} />, { title: t('实名认证') })
})

accountRoutes.post('/identity', async (c) => {
  const f = await formBody(c)
  const values: Record<string, string> = {
    real_name: normaliseText(f.real_name ?? ''),
    id_number: normaliseNumber(f.id_number ?? ''),
    bank_name: f.bank_name ?? '',
    bank_account: normaliseNumber(f.bank_account ?? ''),
    guardian_name: normaliseText(f.guardian_name ?? ''),
    guardian_relation: f.guardian_relation ?? '',
    guardian_phone: normalisePhone(f.guardian_phone ?? ''),
  }
  const long = tooLong(f, { real_name: 30, id_number: 30, bank_account: 30, bank_name: 30, guardian_name: 30, guardian_phone: 20 })
  const render = (errors: Record<string, string>, message?: string, status = 422) => {
    c.status(status as 422)
    return c.render(<IdentityPage values={values} errors={errors} message={message} />, { title: t('实名认证') })
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
    { title: t('企业认证') },
  )
}

accountRoutes.get('/enterprise', (c) => {
  if (!c.get('citizen').verifiedAt) return c.redirect('/me/identity?reason=apply', 303)
  const done: Record<string, string> = {
    invited: t('邀请已发出。对方须已注册并完成实名认证，在“企业认证”页面接受后即成为经办人（7日内有效）。'),
    accepted: t('您已成为该企业的经办人'),
    declined: t('已拒绝邀请'),
    left: t('您已退出该企业，不再以该企业身份办理业务'),
  }
  const key = c.req.query('done') ?? ''
  return enterprisePage(c, { notice: done[key] ?? (key ? t('操作成功') : undefined) })
})

accountRoutes.post('/enterprise', async (c) => {
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
    const r = await c.get('services').identity.actAs(c.get('citizen').id, c.get('principal')!.session, id)
    if (r.token) startSession(c, r.token)
    return c.redirect('/me/enterprise?done=1', 303)
  } catch (e) {
    const err = formError(e)
    c.status((err.status === 409 ? 422 : err.status) as 422)
    return enterprisePage(c, { values, errors: err.fields, message: err.message })
  }
})

/** Operators are invited (issue 16 item 8): the same answer whoever the number belongs to. */
accountRoutes.post('/enterprise/:id/operators', async (c) => {
  const f = await formBody(c)
  const phone = normalisePhone(f.operator_phone ?? '')
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
  accountRoutes.post(`/enterprise/invitations/:id/${action}`, async (c) => {
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
accountRoutes.post('/enterprise/:id/leave', async (c) => {
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

accountRoutes.post('/acting-as', async (c) => {
  const f = await formBody(c)
  const id = f.enterprise_id ? Number(f.enterprise_id) : null
  const r = await c.get('services').identity.actAs(c.get('citizen').id, c.get('principal')!.session, id && Number.isInteger(id) ? id : null)
  if (r.token) startSession(c, r.token)
  return c.redirect(safeNext(f.return_to, '/me/enterprise'), 303)
})

accountRoutes.get('/step-up', (c) => {
  const u = c.get('citizen')
  const sent = c.req.query('sent') === '1'
  return c.render(
    <StepUpPage
      phone={u.phone ?? ''}
      returnTo={safeNext(c.req.query('return_to'), '/me')}
      notice={sent ? t('验证码已发送，请查收短信') : undefined}
    />,
    { title: t('二次验证') },
  )
})

accountRoutes.post('/step-up', async (c) => {
  const f = await formBody(c)
  const u = c.get('citizen')
  const returnTo = safeNext(f.return_to, '/me')
  try {
    const r = await c.get('services').identity.stepUp(c.get('audit'), u, c.get('principal')!.session, normaliseNumber(f.sms_code ?? ''))
    startSession(c, r.token)
    return c.redirect(returnTo === '/me' || returnTo === '/me/account' ? '/me/account?verified=1' : returnTo, 303)
  } catch (e) {
    const err = formError(e)
    c.status(err.status as 422)
    return c.render(<StepUpPage phone={u.phone ?? ''} returnTo={returnTo} errors={err.fields} message={err.message} />, {
      title: t('二次验证'),
    })
  }
})
