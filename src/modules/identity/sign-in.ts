import { currentLocale, parseLocale, t, tIn } from '../../lib/i18n/index.js'
import { DAY, MINUTE } from '../../lib/clock.js'
import { addMs, toTimestamp } from '../../db/time.js'
import { hashPassword, sixDigitCode, sha256Hex, randomToken } from '../../lib/crypto.js'
import { AppError } from '../../lib/errors.js'
import { isUniqueViolation } from '../../db/helpers.js'
import type { AuditContext } from '../audit/service.js'
import * as repo from './repository.js'
import { policyOf, type IdentityDeps, type Meta } from './common.js'
import { createLoginThrottle } from './throttle.js'
import { createCredentialChecks } from './credentials.js'
import { createPasswordReset } from './password-reset.js'

export const SMS_PURPOSES = ['register', 'login', 'verify', 'closure', 'phone', 'reset'] as const
export type SmsPurpose = (typeof SMS_PURPOSES)[number]
const PURPOSE_LABELS: Record<SmsPurpose, string> = {
  register: '注册',
  login: '登录',
  verify: '身份验证',
  closure: '注销账号',
  phone: '更换手机号',
  reset: '重置密码',
}

const CODE_TTL_MS = 5 * MINUTE
const CODE_MAX_TRIES = 5
const SMS_PER_PHONE_INTERVAL_MS = 60_000
const SMS_PER_PHONE_PER_DAY = 10
const SMS_PER_IP_PER_HOUR = 30

/** Citizen sign-in: SMS codes (limits, single use), registration, login and lockout, logout. */
export function createSignInService(deps: IdentityDeps) {
  const { db, clock, crypto, audit, notifications, rateLimiter, sessions, consents, privacyPolicy } = deps
  const now = () => toTimestamp(clock.now())
  const { policy, passwordError } = policyOf(deps)
  const codeHash = (phone: string, purpose: string, code: string) => sha256Hex(crypto.hmac('sms', `${phone}:${purpose}:${code}`))

  async function sendSmsCode(ctx: AuditContext, phone: string, purpose: SmsPurpose): Promise<{ sent: boolean }> {
    const last = await repo.lastSmsCodeFor(db, phone)
    const at = clock.now().getTime()
    if (last && at - new Date(last.createdAt).getTime() < SMS_PER_PHONE_INTERVAL_MS) {
      const wait = Math.ceil((SMS_PER_PHONE_INTERVAL_MS - (at - new Date(last.createdAt).getTime())) / 1000)
      throw new AppError('rate_limited', t('验证码发送过于频繁，请{n}秒后再试', { n: wait }), {
        phone: t('请{n}秒后再获取验证码', { n: wait }),
      })
    }
    if ((await repo.countSmsCodesSince(db, phone, toTimestamp(new Date(at - DAY)))) >= SMS_PER_PHONE_PER_DAY) {
      throw new AppError('rate_limited', t('该手机号今日获取验证码次数已达上限（10次），请明天再试或拨打12333'), {
        phone: t('今日获取次数已达上限'),
      })
    }
    if (ctx.ip) {
      const r = await rateLimiter.hit(`sms-ip:${ctx.ip}`, 3_600_000, SMS_PER_IP_PER_HOUR)
      if (!r.allowed)
        throw new AppError('rate_limited', t('操作过于频繁，请{n}分钟后再试', { n: Math.ceil(r.retryAfterSeconds / 60) }), {
          phone: t('操作过于频繁'),
        })
    }
    const user = await repo.userByPhone(db, phone)
    // The page answers the same whether the number is registered or not (no enumeration): a
    // registration code for a registered number, or a login code for an unknown one, is a row that
    // can never match (so the per-phone limits count alike) — and the owner of a registered number is
    // told by SMS instead of the page telling the asker (decision 0153).
    const taken = (purpose === 'register' || purpose === 'phone') && !!user
    const unknown = (purpose === 'login' || purpose === 'reset') && (!user || user.status !== 'active')
    const code = sixDigitCode()
    await repo.insertSmsCode(db, {
      phone,
      purpose,
      codeHash: taken || unknown ? sha256Hex(randomToken(24)) : codeHash(phone, purpose, code),
      createdAt: now(),
      expiresAt: addMs(now(), CODE_TTL_MS),
      ip: ctx.ip,
    })
    if (unknown) return { sent: true }
    if (taken) {
      await notifications.sendSecret(
        'sms',
        phone,
        '',
        // to the number's owner, in their language (not the asker's)
        tIn(
          parseLocale(user.locale) ?? 'zh-CN',
          purpose === 'register'
            ? '【人才一站式网上办事大厅】有人正在用您的手机号注册账号。您已注册，可直接登录；忘记密码可用短信验证码登录。如非本人操作，请忽略本短信。'
            : '【人才一站式网上办事大厅】有人尝试把您的手机号绑定到另一个账号，未成功。您的账号不受影响；如非本人操作，请忽略本短信。',
        ),
      )
      return { sent: true }
    }
    await notifications.sendCode(phone, code, PURPOSE_LABELS[purpose])
    return { sent: true }
  }

  /** Checks a code: 5 minutes, single use, 5 wrong tries invalidate it. Returns an error message or null. */
  async function verifySmsCode(phone: string, purpose: SmsPurpose, code: string): Promise<string | null> {
    const row = await repo.liveSmsCode(db, phone, purpose)
    if (!row || row.attempts >= CODE_MAX_TRIES) return t('验证码无效，请重新获取')
    if (row.expiresAt <= now()) return t('验证码已过期（有效期5分钟），请重新获取')
    if (row.codeHash !== codeHash(phone, purpose, code)) {
      await repo.updateSmsCode(db, row.id, { attempts: row.attempts + 1 })
      return row.attempts + 1 >= CODE_MAX_TRIES ? t('验证码错误次数过多，已失效，请重新获取') : t('验证码不正确')
    }
    await repo.updateSmsCode(db, row.id, { consumedAt: now() })
    return null
  }

  async function register(ctx: AuditContext & Meta, input: { phone: string; smsCode: string; password: string }) {
    const pwError = await passwordError(input.password)
    if (pwError) throw new AppError('invalid', pwError, { password: pwError })
    const codeError = await verifySmsCode(input.phone, 'register', input.smsCode)
    if (codeError) throw new AppError('invalid', codeError, { sms_code: codeError })
    const policy = await privacyPolicy.currentPolicy()
    try {
      return await db.transaction().execute(async (trx) => {
        const at = now()
        // the language they registered in is the language of their SMS and mail (decision 0220)
        const id = await repo.insertUser(trx, {
          ...repo.newUserRow(input.phone, hashPassword(input.password), at),
          locale: currentLocale(),
        })
        await consents.record(trx, {
          userId: id,
          consent: 'privacy_policy',
          granted: true,
          policyVersion: policy?.version ?? null,
          channel: 'web',
          ip: ctx.ip,
        })
        const actor = { ...ctx, actorType: 'citizen' as const, actorId: String(id), actorRole: 'citizen' }
        await audit.record(trx, actor, { action: 'user.register', subjectType: 'citizen', subjectId: id })
        const s = await sessions.create(trx, 'citizen', id, ctx)
        return { userId: id, token: s.token }
      })
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('conflict', t('该手机号已注册，请直接登录'), { phone: t('该手机号已注册，请直接登录') })
      throw e
    }
  }

  // Citizen and staff sign-in, alike for known and unknown identifiers (credentials.ts, decision 0153).
  const throttle = createLoginThrottle({ db, clock, crypto, rateLimiter })
  const credentials = createCredentialChecks({ db, clock, crypto, audit, sessions, throttle, verifySmsCode, policy })
  const login = credentials.login
  const resetPassword = createPasswordReset({ ...deps, throttle, verifySmsCode })

  return {
    sendSmsCode,
    verifySmsCode,
    register,
    login,
    staffLogin: credentials.staffLogin,
    resetPassword,

    async logout(ctx: AuditContext, sessionId: string, subjectType: 'citizen' | 'staff', subjectId: number) {
      await db.transaction().execute(async (trx) => {
        await sessions.revoke(trx, sessionId)
        await audit.record(trx, ctx, {
          action: subjectType === 'citizen' ? 'user.logout' : 'staff.logout',
          subjectType: subjectType === 'citizen' ? 'citizen' : 'staff',
          subjectId,
        })
      })
    },
  }
}
