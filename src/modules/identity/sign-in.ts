import { DAY, MINUTE } from '../../lib/clock.js'
import { hashPassword, verifyPassword, sixDigitCode, sha256Hex } from '../../lib/crypto.js'
import { addMs, toTimestamp, formatCst } from '../../db/time.js'
import { AppError } from '../../lib/errors.js'
import { isUniqueViolation } from '../../db/helpers.js'
import type { AuditContext } from '../audit/service.js'
import * as repo from './repository.js'
import { policyOf, type IdentityDeps, type Meta } from './common.js'

export const SMS_PURPOSES = ['register', 'login', 'verify', 'closure', 'phone'] as const
export type SmsPurpose = (typeof SMS_PURPOSES)[number]
export const PURPOSE_LABELS: Record<SmsPurpose, string> = {
  register: '注册',
  login: '登录',
  verify: '身份验证',
  closure: '注销账号',
  phone: '更换手机号',
}

export const CODE_TTL_MS = 5 * MINUTE
export const CODE_MAX_TRIES = 5
export const SMS_PER_PHONE_INTERVAL_MS = 60_000
export const SMS_PER_PHONE_PER_DAY = 10
export const SMS_PER_IP_PER_HOUR = 30
export const LOCK_MS = 15 * MINUTE

/** Citizen sign-in: SMS codes (limits, single use), registration, login and lockout, logout. */
export function createSignInService(deps: IdentityDeps) {
  const { db, clock, crypto, audit, notifications, rateLimiter, sessions, consents, privacyPolicy } = deps
  const now = () => toTimestamp(clock.now())
  const { policy, passwordError } = policyOf(deps)
  const codeHash = (phone: string, purpose: string, code: string) => sha256Hex(crypto.hmac('sms', `${phone}:${purpose}:${code}`))

  async function sendSmsCode(ctx: AuditContext, phone: string, purpose: SmsPurpose): Promise<{ sent: boolean }> {
    const last = await repo.lastSmsCodeFor(db, phone)
    const t = clock.now().getTime()
    if (last && t - new Date(last.createdAt).getTime() < SMS_PER_PHONE_INTERVAL_MS) {
      const wait = Math.ceil((SMS_PER_PHONE_INTERVAL_MS - (t - new Date(last.createdAt).getTime())) / 1000)
      throw new AppError('rate_limited', `验证码发送过于频繁，请${wait}秒后再试`, { phone: `请${wait}秒后再获取验证码` })
    }
    if ((await repo.countSmsCodesSince(db, phone, toTimestamp(new Date(t - DAY)))) >= SMS_PER_PHONE_PER_DAY) {
      throw new AppError('rate_limited', '该手机号今日获取验证码次数已达上限（10次），请明天再试或拨打12333', {
        phone: '今日获取次数已达上限',
      })
    }
    if (ctx.ip) {
      const r = await rateLimiter.hit(`sms-ip:${ctx.ip}`, 3_600_000, SMS_PER_IP_PER_HOUR)
      if (!r.allowed)
        throw new AppError('rate_limited', `操作过于频繁，请${Math.ceil(r.retryAfterSeconds / 60)}分钟后再试`, { phone: '操作过于频繁' })
    }
    const user = await repo.userByPhone(db, phone)
    if ((purpose === 'register' || purpose === 'phone') && user)
      throw new AppError('conflict', '该手机号已注册，请直接登录；如忘记密码可使用短信验证码登录', { phone: '该手机号已注册，请直接登录' })
    // Login codes to unknown numbers are silently not sent (no account enumeration).
    if (purpose === 'login' && (!user || user.status !== 'active')) return { sent: false }
    const code = sixDigitCode()
    await repo.insertSmsCode(db, {
      phone,
      purpose,
      codeHash: codeHash(phone, purpose, code),
      createdAt: now(),
      expiresAt: addMs(now(), CODE_TTL_MS),
      ip: ctx.ip,
    })
    await notifications.sendCode(phone, code, PURPOSE_LABELS[purpose])
    return { sent: true }
  }

  /** Checks a code: 5 minutes, single use, 5 wrong tries invalidate it. Returns an error message or null. */
  async function verifySmsCode(phone: string, purpose: SmsPurpose, code: string): Promise<string | null> {
    const row = await repo.liveSmsCode(db, phone, purpose)
    if (!row || row.attempts >= CODE_MAX_TRIES) return '验证码无效，请重新获取'
    if (row.expiresAt <= now()) return '验证码已过期（有效期5分钟），请重新获取'
    if (row.codeHash !== codeHash(phone, purpose, code)) {
      await repo.updateSmsCode(db, row.id, { attempts: row.attempts + 1 })
      return row.attempts + 1 >= CODE_MAX_TRIES ? '验证码错误次数过多，已失效，请重新获取' : '验证码不正确'
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
        const t = now()
        const id = await repo.insertUser(trx, {
          phone: input.phone,
          passwordHash: hashPassword(input.password),
          status: 'active',
          failedLogins: 0,
          lockedUntil: null,
          email: null,
          emailVerifiedAt: null,
          realName: null,
          idNumberEnc: null,
          idNumberBidx: null,
          idNumberMasked: null,
          birthDate: null,
          sex: null,
          bankName: null,
          bankAccountEnc: null,
          bankAccountMasked: null,
          verifiedAt: null,
          verificationMethod: null,
          createdAt: t,
          updatedAt: t,
          closedAt: null,
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
      if (isUniqueViolation(e)) throw new AppError('conflict', '该手机号已注册，请直接登录', { phone: '该手机号已注册，请直接登录' })
      throw e
    }
  }

  async function login(ctx: AuditContext & Meta, input: { phone: string; password?: string; smsCode?: string }) {
    const user = await repo.userByPhone(db, input.phone)
    const generic = '手机号或密码不正确'
    if (user && user.status !== 'active') {
      throw new AppError(
        'forbidden',
        user.status === 'closing' ? '该账号已申请注销，正在办理中，无法登录。如需撤销注销，请携带身份证到服务窗口办理。' : '该账号已注销',
        { phone: '账号已注销或正在注销' },
      )
    }
    if (user?.lockedUntil && user.lockedUntil > now()) {
      throw new AppError(
        'locked',
        `连续登录失败次数过多，账号已锁定至 ${formatCst(user.lockedUntil)}（北京时间），请稍后再试或使用短信验证码找回密码`,
      )
    }
    let ok = false
    let error = generic
    if (user && input.smsCode) {
      const e = await verifySmsCode(input.phone, 'login', input.smsCode)
      ok = !e
      error = e ?? ''
    } else if (user && input.password && user.passwordHash) {
      ok = verifyPassword(input.password, user.passwordHash)
    } else if (!user && input.smsCode) {
      error = '验证码无效，请重新获取'
    }
    if (!user) throw new AppError('invalid', error, input.smsCode ? { sms_code: error } : { password: error })
    const actor = { ...ctx, actorType: 'citizen' as const, actorId: String(user.id), actorRole: 'citizen' }
    const lockAfter = (await policy()).lockoutThreshold
    if (!ok) {
      const failed = user.failedLogins + 1
      const lock = failed >= lockAfter
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, user.id, {
          failedLogins: lock ? 0 : failed,
          lockedUntil: lock ? addMs(now(), LOCK_MS) : null,
          updatedAt: now(),
        })
        await audit.record(trx, actor, { action: lock ? 'user.locked' : 'user.login_failed', subjectType: 'citizen', subjectId: user.id })
      })
      if (lock)
        throw new AppError('locked', `连续${lockAfter}次登录失败，账号已锁定15分钟，至 ${formatCst(addMs(now(), LOCK_MS))}（北京时间）解锁`)
      const left = lockAfter - failed
      const msg = `${error}${left <= 2 ? `（再错${left}次账号将被锁定15分钟）` : ''}`
      throw new AppError('invalid', msg, input.smsCode ? { sms_code: msg } : { password: msg })
    }
    return db.transaction().execute(async (trx) => {
      await repo.updateUser(trx, user.id, { failedLogins: 0, lockedUntil: null, updatedAt: now() })
      await audit.record(trx, actor, {
        action: 'user.login',
        subjectType: 'citizen',
        subjectId: user.id,
        detail: { method: input.smsCode ? 'sms' : 'password' },
      })
      const s = await sessions.create(trx, 'citizen', user.id, ctx)
      return { userId: user.id, token: s.token }
    })
  }

  return {
    sendSmsCode,
    verifySmsCode,
    register,
    login,

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
