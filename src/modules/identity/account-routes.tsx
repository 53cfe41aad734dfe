import { t } from '../../lib/i18n/index.js'
import { Hono } from 'hono'
import { StepUpRequired } from './bank.js'
import { conflictAtField } from './form-answers.js'
import type { Context } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { COOKIE, setAppCookie } from '../../middleware/cookies.js'
import { formAction, formBody, formError, idParam, safeNext, tooLong, type FormFailure } from '../../lib/forms.js'
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

/** The account page again after a refusal: masked numbers only, the input kept (never a password or a code). */
const accountAgain =
  (c: Context<AppEnv>) =>
  async ({ values, errors, message }: FormFailure) =>
    c.render(<AccountPage a={await accountView(c, false)} values={values} errors={errors} message={message} />, { title: t('个人中心') })

accountRoutes.post('/password', (c) =>
  formAction(c, {
    values: () => ({}),
    run: (_, f) =>
      c
        .get('services')
        .identity.changePassword(
          c.get('audit'),
          c.get('citizen').id,
          c.get('principal')!.session.id,
          f.old_password ?? '',
          f.new_password ?? '',
        ),
    done: () => '/me/account?done=password',
    again: accountAgain(c),
  }),
)

const STEP_UP_FIRST = '/me/step-up?return_to=/me/account'

accountRoutes.post('/bank', (c) => {
  const p = c.get('principal')!
  if (p.kind !== 'citizen' || !c.get('services').sessions.isSteppedUp(p.session)) return c.redirect(STEP_UP_FIRST, 303)
  return formAction(c, {
    values: (f) => ({ bank_name: f.bank_name ?? '', bank_account: normaliseNumber(f.bank_account ?? '') }),
    run: async (values) => {
      try {
        await c.get('services').bank.changeOwn(c.get('audit'), p.session, { bankName: values.bank_name, account: values.bank_account })
        return '/me/account?done=bank'
      } catch (e) {
        // the step-up ran out between the page and the submit: do it again first
        if (e instanceof StepUpRequired) return STEP_UP_FIRST
        throw e
      }
    },
    done: (next) => next,
    again: accountAgain(c),
  })
})

accountRoutes.post('/phone', (c) =>
  formAction(c, {
    values: (f) => ({ new_phone: normalisePhone(f.new_phone ?? '') }),
    run: (values, f) =>
      c
        .get('services')
        .identity.changePhone(
          c.get('audit'),
          c.get('citizen'),
          values.new_phone,
          normaliseNumber(f.old_code ?? ''),
          normaliseNumber(f.new_code ?? ''),
        ),
    done: () => '/me/account?done=phone',
    again: accountAgain(c),
  }),
)
accountRoutes.post('/email', (c) =>
  formAction(c, {
    values: (f) => ({ email: (f.email ?? '').trim() }),
    run: (values) => c.get('services').identity.requestEmail(c.get('audit'), c.get('citizen').id, values.email),
    done: () => '/me/account?done=email',
    again: accountAgain(c),
  }),
)
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

accountRoutes.post('/identity', (c) =>
  formAction(c, {
    values: (f) => ({
      real_name: normaliseText(f.real_name ?? ''),
      id_number: normaliseNumber(f.id_number ?? ''),
      bank_name: f.bank_name ?? '',
      bank_account: normaliseNumber(f.bank_account ?? ''),
      guardian_name: normaliseText(f.guardian_name ?? ''),
      guardian_relation: f.guardian_relation ?? '',
      guardian_phone: normalisePhone(f.guardian_phone ?? ''),
    }),
    run: async (values, f) => {
      const long = tooLong(f, { real_name: 30, id_number: 30, bank_account: 30, bank_name: 30, guardian_name: 30, guardian_phone: 20 })
      if (Object.keys(long).length) throw new AppError('invalid', '', long)
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
      } catch (e) {
        throw conflictAtField(e)
      }
    },
    done: () => '/me?verified_identity=1',
    again: ({ values, errors, message }) =>
      c.render(<IdentityPage values={values} errors={errors} message={message || undefined} />, { title: t('实名认证') }),
  }),
)

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

accountRoutes.post('/enterprise', (c) =>
  formAction(c, {
    values: (f) => ({
      company_name: normaliseText(f.company_name ?? ''),
      uscc: normaliseNumber(f.uscc ?? ''),
      legal_rep_name: normaliseText(f.legal_rep_name ?? ''),
      legal_rep_id_number: normaliseNumber(f.legal_rep_id_number ?? ''),
    }),
    run: async (values, f) => {
      const long = tooLong(f, { company_name: 60, uscc: 30, legal_rep_name: 30, legal_rep_id_number: 30 })
      if (Object.keys(long).length) throw new AppError('invalid', '', long)
      const svc = c.get('services').identity
      try {
        const id = await svc.registerEnterprise(c.get('audit'), c.get('citizen').id, {
          companyName: values.company_name,
          uscc: values.uscc,
          legalRepName: values.legal_rep_name,
          legalRepIdNumber: values.legal_rep_id_number,
        })
        const r = await svc.actAs(c.get('citizen').id, c.get('principal')!.session, id)
        if (r.token) startSession(c, r.token)
      } catch (e) {
        throw conflictAtField(e)
      }
    },
    done: () => '/me/enterprise?done=1',
    again: ({ values, errors, message }) => enterprisePage(c, { values, errors, message: message || undefined }),
  }),
)

/** Operators are invited (issue 16 item 8): the same answer whoever the number belongs to. */
accountRoutes.post('/enterprise/:id/operators', (c) =>
  formAction(c, {
    values: (f) => ({ operator_phone: normalisePhone(f.operator_phone ?? '') }),
    run: (values) =>
      c.get('services').operators.invite(c.get('audit'), c.get('citizen').id, idParam(c.req.param('id')), values.operator_phone),
    done: () => '/me/enterprise?done=invited',
    again: (failure) => enterprisePage(c, failure),
  }),
)
/** Answering an invitation or leaving: a refusal (already answered, the last operator) is told on the page, 409. */
for (const [path, done, act] of [
  ['/enterprise/invitations/:id/accept', 'accepted', 'accept'],
  ['/enterprise/invitations/:id/decline', 'declined', 'decline'],
  ['/enterprise/:id/leave', 'left', 'leave'],
] as const)
  accountRoutes.post(path, (c) =>
    formAction(c, {
      values: () => ({}),
      run: async () => {
        await c.get('services').operators[act](c.get('audit'), c.get('citizen').id, idParam(c.req.param('id')))
      },
      done: () => `/me/enterprise?done=${done}`,
      again: ({ message }) => enterprisePage(c, { message }),
    }),
  )

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

accountRoutes.post('/step-up', (c) => {
  const u = c.get('citizen')
  return formAction(c, {
    // the code is never sent back; where to go after is kept
    values: (f) => ({ return_to: safeNext(f.return_to, '/me') }),
    run: async (values, f) => {
      const r = await c.get('services').identity.stepUp(c.get('audit'), u, c.get('principal')!.session, normaliseNumber(f.sms_code ?? ''))
      startSession(c, r.token)
      return values.return_to
    },
    done: (to) => (to === '/me' || to === '/me/account' ? '/me/account?verified=1' : to),
    again: ({ values, errors, message }) =>
      c.render(<StepUpPage phone={u.phone ?? ''} returnTo={values.return_to} errors={errors} message={message} />, {
        title: t('二次验证'),
      }),
  })
})
