import { t } from '../../lib/i18n/index.js'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { hashPassword, verifyPassword, type FieldCrypto } from '../../lib/crypto.js'
import { formatCst } from '../../lib/time.js'
import { toTimestamp } from '../../db/time.js'
import { AppError } from '../../lib/errors.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { SessionService } from './sessions.js'
import type { SecurityPolicy } from '../security-settings/service.js'
import { needsTotp } from './sessions.js'
import type { LoginThrottle } from './throttle.js'
import { totpStep } from './totp.js'
import * as repo from './repository.js'

type Meta = { ip: string | null; userAgent: string | null }

/**
 * A real scrypt hash of a random password: verified against when the phone or username is unknown
 * (or has no password), so an unknown identifier costs the same time as a wrong password.
 */
const DUMMY_HASH = hashPassword(`dummy-${Math.random()}-${Date.now()}`)

const CITIZEN_LOGIN_FAILED = '手机号或密码不正确'
export const CITIZEN_CODE_FAILED = '验证码不正确或已失效，请重新获取'
/** One message for every staff sign-in failure: it never tells which factor was wrong. */
const STAFF_LOGIN_FAILED = '用户名、密码或动态口令不正确'

export const lockedMessage = (until: string) =>
  t('连续登录失败次数过多，已锁定至 {until}（北京时间）。请稍后再试，或使用短信验证码登录', { until: formatCst(until) })

/**
 * Citizen and staff sign-in. Both answer the same way — status, message, work done — whether the
 * identifier exists or not (decision 0153): the lock and the limits are keyed by the identifier as
 * typed (throttle.ts), unknown identifiers verify a dummy hash, and an account's state (closing) is
 * told only after the right credentials. Staff: TOTP for admin roles, each code once (totp.ts).
 */
export function createCredentialChecks(deps: {
  db: Kysely<Database>
  clock: Clock
  crypto: FieldCrypto
  audit: AuditService
  sessions: SessionService
  throttle: LoginThrottle
  verifySmsCode: (phone: string, purpose: 'login', code: string) => Promise<string | null>
  policy: () => Promise<SecurityPolicy>
}) {
  const { db, clock, crypto, audit, sessions, throttle } = deps
  const now = () => toTimestamp(clock.now())

  async function login(
    ctx: AuditContext & Meta,
    input: { phone: string; password?: string; smsCode?: string },
    opts: { replaces?: string } = {},
  ) {
    const key = throttle.keyOf('citizen', input.phone)
    const { lockedUntil } = await throttle.check(key, ctx.ip)
    if (lockedUntil) throw new AppError('locked', lockedMessage(lockedUntil))
    const user = await repo.userByPhone(db, input.phone)
    let ok: boolean
    if (input.smsCode) ok = !(await deps.verifySmsCode(input.phone, 'login', input.smsCode)) && !!user
    else ok = verifyPassword(input.password ?? '', user?.passwordHash ?? DUMMY_HASH) && !!user?.passwordHash
    const actor = user
      ? { ...ctx, actorType: 'citizen' as const, actorId: String(user.id), actorRole: 'citizen' }
      : { ...ctx, actorType: 'anonymous' as const, actorId: null, actorRole: null }
    const lockAfter = (await deps.policy()).lockoutThreshold
    if (!ok || !user) {
      const r = await throttle.fail(key, ctx.ip, lockAfter)
      await audit.record(null, actor, {
        action: r.lockedUntil ? 'user.locked' : 'user.login_failed',
        subjectType: 'citizen',
        subjectId: user?.id ?? null,
        detail: { method: input.smsCode ? 'sms' : 'password', known: !!user },
      })
      if (r.lockedUntil) throw new AppError('locked', lockedMessage(r.lockedUntil))
      const msg = input.smsCode
        ? t(CITIZEN_CODE_FAILED)
        : t('{msg}（连续{n}次错误将锁定15分钟）', { msg: t(CITIZEN_LOGIN_FAILED), n: lockAfter })
      throw new AppError('invalid', msg, input.smsCode ? { sms_code: msg } : { password: msg })
    }
    await throttle.succeed(key)
    if (user.status !== 'active') {
      throw new AppError(
        'forbidden',
        user.status === 'closing'
          ? t('该账号已申请注销，正在办理中，无法登录。如需撤销注销，请携带身份证到服务窗口办理。')
          : t('该账号已注销'),
        { phone: t('账号已注销或正在注销') },
      )
    }
    return db.transaction().execute(async (trx) => {
      await repo.updateUser(trx, user.id, { failedLogins: 0, lockedUntil: null, updatedAt: now() })
      await audit.record(trx, actor, {
        action: 'user.login',
        subjectType: 'citizen',
        subjectId: user.id,
        detail: { method: input.smsCode ? 'sms' : 'password' },
      })
      if (opts.replaces) await sessions.revoke(trx, opts.replaces)
      const s = await sessions.create(trx, 'citizen', user.id, ctx)
      return { userId: user.id, token: s.token }
    })
  }

  async function staffLogin(
    ctx: AuditContext & Meta,
    input: { username: string; password: string; totp?: string },
    opts: { replaces?: string } = {},
  ) {
    const key = throttle.keyOf('staff', input.username)
    const { lockedUntil } = await throttle.check(key, ctx.ip)
    if (lockedUntil) throw new AppError('locked', lockedMessage(lockedUntil))
    const s = await repo.staffByUsername(db, input.username)
    const passwordOk = verifyPassword(input.password, s?.passwordHash ?? DUMMY_HASH) && !!s && s.status === 'active'
    const roles = s ? await repo.rolesOf(db, s.id) : []
    const totpNeeded = needsTotp(roles)
    let failed: 'password' | 'totp' | 'replay' | null = passwordOk ? null : 'password'
    if (!failed && totpNeeded) {
      const step = s!.totpSecretEnc ? totpStep(crypto.decrypt(s!.totpSecretEnc), input.totp ?? '', clock.now().getTime()) : null
      if (step === null) failed = 'totp'
      else if (!(await repo.claimTotpStep(db, s!.id, step))) failed = 'replay'
    }
    const actor = { ...ctx, actorType: 'staff' as const, actorId: s ? String(s.id) : null, actorRole: roles.join(',') || null }
    if (failed || !s) {
      const r = await throttle.fail(key, ctx.ip, (await deps.policy()).lockoutThreshold)
      // which factor failed is for the auditor (detail), never for the page
      await audit.record(null, actor, {
        action: 'staff.login_failed',
        subjectType: 'staff',
        subjectId: s?.id ?? null,
        detail: { failed, known: !!s },
      })
      if (r.lockedUntil) throw new AppError('locked', lockedMessage(r.lockedUntil))
      throw new AppError('invalid', t(STAFF_LOGIN_FAILED), { password: t(STAFF_LOGIN_FAILED) })
    }
    await throttle.succeed(key)
    return db.transaction().execute(async (trx) => {
      await repo.updateStaff(trx, s.id, { failedLogins: 0, lockedUntil: null })
      await audit.record(trx, actor, { action: 'staff.login', subjectType: 'staff', subjectId: s.id, detail: { totp: totpNeeded } })
      if (opts.replaces) await sessions.revoke(trx, opts.replaces)
      const session = await sessions.create(trx, 'staff', s.id, ctx, { factors: totpNeeded ? 'password+totp' : 'password' })
      return { staffId: s.id, token: session.token, mustChangePassword: s.mustChangePassword === 1 }
    })
  }

  return { login, staffLogin }
}
