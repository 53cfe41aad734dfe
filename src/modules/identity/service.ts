import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { DAY, MINUTE } from '../../lib/clock.js'
import { hashPassword, verifyPassword, sixDigitCode, sha256Hex, maskIdNumber, maskBankAccount, type FieldCrypto } from '../../lib/crypto.js'
import { addMs, toTimestamp, formatCst } from '../../db/time.js'
import { AppError } from '../../lib/errors.js'
import { isUniqueViolation } from '../../db/helpers.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { NotificationService } from '../notifications/service.js'
import type { RateLimiter } from '../ratelimit/service.js'
import type { SessionService, SecurityPolicy } from './sessions.js'
import { DEFAULT_POLICY } from './sessions.js'
import type { UserRow } from './table.js'
import * as repo from './repository.js'
import * as privacyRepo from '../privacy/repository.js'
import * as policyRepo from '../policy/repository.js'
import type { IdentityVerifier } from './verifier.js'
import { totpFor } from './staff.js'
import { TOTP_ROLES, type StaffRole } from './roles.js'
import * as v from './validators.js'

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
export const LOCK_AFTER = 5
export const LOCK_MS = 15 * MINUTE

type Meta = { ip: string | null; userAgent: string | null }

/**
 * Accounts, SMS codes, login and lockout, real-name and enterprise verification, step-up.
 * Every personal number is encrypted + blind-indexed + masked here and nowhere else.
 */
export function createIdentityService(deps: {
  db: Kysely<Database>
  clock: Clock
  crypto: FieldCrypto
  audit: AuditService
  notifications: NotificationService
  rateLimiter: RateLimiter
  sessions: SessionService
  verifier: IdentityVerifier
  /** secadmin's security settings (lockout threshold, password length); defaults when absent. */
  policy?: () => Promise<SecurityPolicy>
  /** Tells the registered phone that the account changed (bank.ts; issue 16 item 4). */
  accountChanged?: (trx: Transaction<Database>, userId: number, what: string) => Promise<void>
}) {
  const { db, clock, crypto, audit, notifications, rateLimiter, sessions, verifier } = deps
  const now = () => toTimestamp(clock.now())
  const accountChanged = (trx: Transaction<Database>, userId: number, what: string) =>
    deps.accountChanged ? deps.accountChanged(trx, userId, what) : Promise.resolve()
  const policy = () => (deps.policy ? deps.policy() : Promise.resolve(DEFAULT_POLICY))
  /** The password rule with secadmin's minimum length. */
  async function passwordError(pw: string): Promise<string | null> {
    const min = (await policy()).passwordMinLength
    return v.validatePassword(pw) ?? (pw.length < min ? `密码至少${min}位` : null)
  }
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
    const policy = await policyRepo.currentPolicy(db, now())
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
        await privacyRepo.insertConsent(trx, {
          userId: id,
          consent: 'privacy_policy',
          granted: true,
          policyVersion: policy?.version ?? null,
          channel: 'web',
          ip: ctx.ip,
          createdAt: t,
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

  async function verifyIdentity(
    ctx: AuditContext,
    userId: number,
    input: {
      realName: string
      idNumber: string
      bankName: string
      bankAccount: string
      guardianName?: string
      guardianRelation?: string
      guardianPhone?: string
    },
  ) {
    const user = await repo.userById(db, userId)
    if (!user) throw new AppError('not_found', '账号不存在')
    if (user.verifiedAt)
      throw new AppError('conflict', '您已完成实名认证。姓名和身份证号不可自行修改，如需更正请在个人数据中心提交更正申请。')
    const errors: Record<string, string> = {}
    const nameErr = v.validateName(input.realName)
    if (nameErr) errors.real_name = nameErr
    const parsed = v.parseIdNumber(input.idNumber, clock.now())
    if ('error' in parsed) errors.id_number = parsed.error
    else if (parsed.info.age < 16) errors.id_number = '未满16周岁不能在线注册认证，请由监护人携带户口簿到服务窗口办理'
    if (!v.BANKS.includes(input.bankName as (typeof v.BANKS)[number])) errors.bank_name = '请选择开户银行'
    const bankErr = v.validateBankAccount(input.bankAccount)
    if (bankErr) errors.bank_account = bankErr
    const minor = 'info' in parsed && parsed.info.age >= 16 && parsed.info.age < 18
    if (minor) {
      if (!input.guardianName || v.validateName(input.guardianName)) errors.guardian_name = '未满18周岁须填写监护人姓名'
      if (!input.guardianRelation) errors.guardian_relation = '请选择与监护人的关系'
      if (!input.guardianPhone || v.validatePhone(input.guardianPhone)) errors.guardian_phone = '请填写监护人的11位手机号码'
    }
    if (Object.keys(errors).length) throw new AppError('invalid', '提交的信息有误，请按提示修改', errors)
    const bidx = crypto.blindIndex('id_number', input.idNumber)
    const other = await repo.userByIdBidx(db, bidx)
    if (other && other.id !== userId) {
      await audit.record(null, ctx, {
        action: 'identity.verify_failed',
        subjectType: 'citizen',
        subjectId: userId,
        detail: { reason: 'duplicate_id' },
      })
      throw new AppError(
        'conflict',
        '该身份证号已绑定其他账号。一个身份证号只能认证一个账号：请用原账号登录（可用短信验证码），或先注销原账号。',
        {
          id_number: '该身份证号已绑定其他账号，请用原账号登录或先注销原账号',
        },
      )
    }
    const result = await verifier.verifyPerson({ realName: input.realName, idNumber: input.idNumber })
    if (!result.ok) {
      await audit.record(null, ctx, {
        action: 'identity.verify_failed',
        subjectType: 'citizen',
        subjectId: userId,
        detail: { reason: result.reason ?? 'verifier' },
      })
      throw new AppError('invalid', result.reason ?? '身份核验未通过', {
        id_number: result.reason ?? '身份核验未通过，请核对姓名和身份证号',
      })
    }
    const info = (parsed as { info: v.IdInfo }).info
    try {
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, userId, {
          realName: input.realName,
          idNumberEnc: crypto.encrypt(input.idNumber),
          idNumberBidx: bidx,
          idNumberMasked: maskIdNumber(input.idNumber),
          birthDate: info.birthDate,
          sex: info.sex,
          bankName: input.bankName,
          bankAccountEnc: crypto.encrypt(input.bankAccount),
          bankAccountMasked: maskBankAccount(input.bankAccount),
          verifiedAt: now(),
          verificationMethod: result.method,
          guardianName: minor ? input.guardianName! : null,
          guardianRelation: minor ? input.guardianRelation! : null,
          guardianPhone: minor ? input.guardianPhone! : null,
          updatedAt: now(),
        })
        await audit.record(trx, ctx, {
          action: 'identity.verified',
          subjectType: 'citizen',
          subjectId: userId,
          detail: { method: result.method, guardian: minor },
        })
      })
    } catch (e) {
      if (isUniqueViolation(e))
        throw new AppError('conflict', '该身份证号已绑定其他账号', { id_number: '该身份证号已绑定其他账号，请用原账号登录或先注销原账号' })
      throw e
    }
  }

  return {
    sendSmsCode,
    verifySmsCode,
    register,
    login,
    verifyIdentity,

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

    async revokeDevice(ctx: AuditContext, userId: number, sessionId: string) {
      const s = await repo.sessionById(db, sessionId)
      if (!s || s.subjectType !== 'citizen' || s.subjectId !== userId) throw new AppError('not_found', '未找到该登录设备')
      await db.transaction().execute(async (trx) => {
        await sessions.revoke(trx, sessionId)
        await audit.record(trx, ctx, { action: 'user.session_revoked', subjectType: 'citizen', subjectId: userId })
      })
    },

    async changePassword(ctx: AuditContext, userId: number, currentSessionId: string, oldPassword: string, newPassword: string) {
      const user = await repo.userById(db, userId)
      if (!user?.passwordHash || !verifyPassword(oldPassword, user.passwordHash))
        throw new AppError('invalid', '原密码不正确', { old_password: '原密码不正确' })
      const err = await passwordError(newPassword)
      if (err) throw new AppError('invalid', err, { new_password: err })
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, userId, { passwordHash: hashPassword(newPassword), updatedAt: now() })
        // Every other device is signed out; this one stays.
        await trx
          .updateTable('sessions')
          .set({ revokedAt: now() })
          .where('subjectType', '=', 'citizen')
          .where('subjectId', '=', userId)
          .where('id', '!=', currentSessionId)
          .where('revokedAt', 'is', null)
          .execute()
        await audit.record(trx, ctx, { action: 'user.password_changed', subjectType: 'citizen', subjectId: userId })
        await accountChanged(trx, userId, '登录密码')
      })
    },

    async stepUp(ctx: AuditContext, user: { id: number; phone: string | null }, sessionId: string, code: string) {
      const err = v.validateSmsCode(code) ?? (user.phone ? await verifySmsCode(user.phone, 'verify', code) : '账号未绑定手机号')
      if (err) throw new AppError('invalid', err, { sms_code: err })
      await sessions.markSteppedUp(sessionId)
      await audit.record(null, ctx, { action: 'user.step_up', subjectType: 'citizen', subjectId: user.id })
    },

    /** The owner's own full numbers, after step-up; audited. */
    async unmaskedForOwner(ctx: AuditContext, userId: number) {
      const u = await repo.userById(db, userId)
      if (!u?.idNumberEnc) return null
      await audit.record(null, ctx, { action: 'identity.unmasked_view', subjectType: 'citizen', subjectId: userId, purpose: '本人查看' })
      return { idNumber: crypto.decrypt(u.idNumberEnc), bankAccount: u.bankAccountEnc ? crypto.decrypt(u.bankAccountEnc) : null }
    },

    async registerEnterprise(
      ctx: AuditContext,
      userId: number,
      input: { companyName: string; uscc: string; legalRepName: string; legalRepIdNumber: string },
    ) {
      const user = await repo.userById(db, userId)
      if (!user?.verifiedAt) throw new AppError('forbidden', '请先完成个人实名认证，再办理企业认证')
      const errors: Record<string, string> = {}
      const a = v.validateCompanyName(input.companyName)
      if (a) errors.company_name = a
      const b = v.validateUscc(input.uscc)
      if (b) errors.uscc = b
      const c = v.validateName(input.legalRepName)
      if (c) errors.legal_rep_name = c
      const p = v.parseIdNumber(input.legalRepIdNumber, clock.now())
      if ('error' in p) errors.legal_rep_id_number = p.error
      if (Object.keys(errors).length) throw new AppError('invalid', '提交的信息有误，请按提示修改', errors)
      if (await repo.enterpriseByUscc(db, input.uscc)) {
        throw new AppError('conflict', '该企业已完成认证。如需作为经办人办理，请联系企业现有经办人在“企业信息”中添加您。', {
          uscc: '该统一社会信用代码已认证，请联系企业现有经办人添加您',
        })
      }
      const result = await verifier.verifyEnterprise(input)
      if (!result.ok) throw new AppError('invalid', result.reason ?? '企业核验未通过', { uscc: result.reason ?? '企业核验未通过' })
      try {
        return await db.transaction().execute(async (trx) => {
          const t = now()
          const id = await repo.insertEnterprise(trx, {
            name: input.companyName,
            uscc: input.uscc,
            legalRepName: input.legalRepName,
            legalRepIdEnc: crypto.encrypt(input.legalRepIdNumber),
            legalRepIdBidx: crypto.blindIndex('id_number', input.legalRepIdNumber),
            legalRepIdMasked: maskIdNumber(input.legalRepIdNumber),
            verifiedAt: t,
            verificationMethod: result.method,
            createdAt: t,
          })
          await repo.addOperator(trx, id, userId, userId, t)
          await audit.record(trx, ctx, {
            action: 'enterprise.registered',
            subjectType: 'enterprise',
            subjectId: id,
            detail: { method: result.method },
          })
          return id
        })
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('conflict', '该企业已完成认证', { uscc: '该统一社会信用代码已认证' })
        throw e
      }
    },

    async actAs(userId: number, sessionId: string, enterpriseId: number | null) {
      if (enterpriseId !== null && !(await repo.isOperator(db, enterpriseId, userId))) throw new AppError('not_found', '未找到该企业')
      await sessions.setActingEnterprise(sessionId, enterpriseId)
    },

    async staffLogin(ctx: AuditContext & Meta, input: { username: string; password: string; totp?: string }) {
      const s = await repo.staffByUsername(db, input.username)
      const generic = '用户名或密码不正确'
      if (s?.lockedUntil && s.lockedUntil > now())
        throw new AppError('locked', `登录失败次数过多，账号已锁定至 ${formatCst(s.lockedUntil)}（北京时间）`)
      if (!s || s.status !== 'active') throw new AppError('invalid', generic, { password: generic })
      const roles = await repo.rolesOf(db, s.id)
      const needsTotp = roles.some((r) => TOTP_ROLES.includes(r as StaffRole))
      let ok = verifyPassword(input.password, s.passwordHash)
      let field = 'password'
      let msg = generic
      if (ok && needsTotp) {
        field = 'totp'
        if (!input.totp || !/^\d{6}$/.test(input.totp)) {
          ok = false
          msg = '您的角色需要动态口令，请输入身份验证器中的6位动态口令'
        } else if (
          !s.totpSecretEnc ||
          totpFor(crypto.decrypt(s.totpSecretEnc)).validate({ token: input.totp, window: 1, timestamp: clock.now().getTime() }) === null
        ) {
          ok = false
          msg = '动态口令不正确'
        }
      }
      const actor = { ...ctx, actorType: 'staff' as const, actorId: String(s.id), actorRole: roles.join(',') }
      if (!ok) {
        const failed = s.failedLogins + 1
        const lock = failed >= (await policy()).lockoutThreshold
        await db.transaction().execute(async (trx) => {
          await repo.updateStaff(trx, s.id, { failedLogins: lock ? 0 : failed, lockedUntil: lock ? addMs(now(), LOCK_MS) : null })
          await audit.record(trx, actor, { action: 'staff.login_failed', subjectType: 'staff', subjectId: s.id })
        })
        if (lock) throw new AppError('locked', `连续${LOCK_AFTER}次登录失败，账号已锁定15分钟`)
        throw new AppError('invalid', msg, { [field]: msg })
      }
      return db.transaction().execute(async (trx) => {
        await repo.updateStaff(trx, s.id, { failedLogins: 0, lockedUntil: null })
        await audit.record(trx, actor, { action: 'staff.login', subjectType: 'staff', subjectId: s.id })
        const session = await sessions.create(trx, 'staff', s.id, ctx)
        return { staffId: s.id, token: session.token, mustChangePassword: s.mustChangePassword === 1 }
      })
    },

    async changeStaffPassword(ctx: AuditContext, staffId: number, currentSessionId: string, oldPassword: string, newPassword: string) {
      const s = await repo.staffById(db, staffId)
      if (!s || !verifyPassword(oldPassword, s.passwordHash))
        throw new AppError('invalid', '原密码不正确', { old_password: '原密码不正确' })
      const err = (await passwordError(newPassword)) ?? (newPassword === oldPassword ? '新密码不能与原密码相同' : null)
      if (err) throw new AppError('invalid', err, { new_password: err })
      await db.transaction().execute(async (trx) => {
        await repo.updateStaff(trx, staffId, { passwordHash: hashPassword(newPassword), mustChangePassword: 0 })
        await trx
          .updateTable('sessions')
          .set({ revokedAt: now() })
          .where('subjectType', '=', 'staff')
          .where('subjectId', '=', staffId)
          .where('id', '!=', currentSessionId)
          .where('revokedAt', 'is', null)
          .execute()
        await audit.record(trx, ctx, { action: 'user.password_changed', subjectType: 'staff', subjectId: staffId })
      })
    },

    /** Change phone: a code to the old number (purpose verify) and one to the new number (purpose phone). */
    async changePhone(ctx: AuditContext, user: UserRow, newPhone: string, oldCode: string, newCode: string) {
      const errors: Record<string, string> = {}
      const pe = v.validatePhone(newPhone)
      if (pe) errors.new_phone = pe
      else if (newPhone === user.phone) errors.new_phone = '新手机号与原手机号相同'
      if (!errors.new_phone) {
        const e1 = v.validateSmsCode(oldCode) ?? (await verifySmsCode(user.phone ?? '', 'verify', oldCode))
        if (e1) errors.old_code = `原手机号验证码：${e1}`
        const e2 = v.validateSmsCode(newCode) ?? (await verifySmsCode(newPhone, 'phone', newCode))
        if (e2) errors.new_code = `新手机号验证码：${e2}`
      }
      if (Object.keys(errors).length) throw new AppError('invalid', '提交的信息有误，请按提示修改', errors)
      try {
        await db.transaction().execute(async (trx) => {
          await repo.updateUser(trx, user.id, { phone: newPhone, updatedAt: now() })
          await audit.record(trx, ctx, { action: 'user.phone_changed', subjectType: 'citizen', subjectId: user.id })
        })
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('invalid', '该手机号已注册其他账号', { new_phone: '该手机号已注册其他账号' })
        throw e
      }
      if (user.phone)
        await notifications.enqueue(db, {
          channel: 'sms',
          recipient: user.phone,
          body: '【人才一站式网上办事大厅】您的账号已更换绑定手机号。如非本人操作，请立即拨打12333。',
          userId: user.id,
        })
    },

    /** Contact email: a signed link (24 h) sent by mail; the address counts only once verified. */
    async requestEmail(ctx: AuditContext, userId: number, email: string, baseUrl: string) {
      if (!/^[^\s@]{1,64}@[^\s@]{1,190}\.[a-zA-Z]{2,}$/.test(email) || email.length > 254)
        throw new AppError('invalid', '邮箱格式不正确', { email: '邮箱格式不正确' })
      const payload = Buffer.from(JSON.stringify({ u: userId, e: email, x: clock.now().getTime() + 86_400_000 })).toString('base64url')
      const token = `${payload}.${crypto.hmac('email', payload)}`
      await db.transaction().execute(async (trx) => {
        await notifications.enqueue(trx, {
          channel: 'mail',
          recipient: email,
          subject: '请验证您的联系邮箱',
          body: `请在24小时内打开以下链接完成邮箱验证：\n${baseUrl}/me/email/verify?token=${token}\n\n如非本人操作，请忽略本邮件。`,
          userId,
        })
        await audit.record(trx, ctx, {
          action: 'user.email_changed',
          subjectType: 'citizen',
          subjectId: userId,
          detail: { requested: true },
        })
      })
    },
    async confirmEmail(ctx: AuditContext, userId: number, token: string) {
      const [payload, mac] = token.split('.')
      if (!payload || !mac || crypto.hmac('email', payload) !== mac) throw new AppError('invalid', '验证链接无效')
      const p = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { u: number; e: string; x: number }
      if (p.u !== userId) throw new AppError('invalid', '验证链接不属于当前账号')
      if (p.x < clock.now().getTime()) throw new AppError('invalid', '验证链接已过期，请重新发送')
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, userId, { email: p.e, emailVerifiedAt: now(), updatedAt: now() })
        await audit.record(trx, ctx, {
          action: 'user.email_changed',
          subjectType: 'citizen',
          subjectId: userId,
          detail: { verified: true },
        })
        await accountChanged(trx, userId, '联系邮箱')
      })
    },

    /**
     * Walk-in at the counter: the clerk has seen the ID documents and creates a verified account.
     * No password: the citizen signs in with an SMS code to the phone given here.
     */
    async createAtCounter(
      ctx: AuditContext,
      input: { phone: string; realName: string; idNumber: string; bankName: string; bankAccount: string },
    ) {
      const pe = v.validatePhone(input.phone)
      if (pe) throw new AppError('invalid', pe, { phone: pe })
      if (await repo.userByPhone(db, input.phone))
        throw new AppError('invalid', '该手机号已注册', { phone: '该手机号已注册，请按身份证号查询' })
      const t = now()
      const id = await repo.insertUser(db, {
        phone: input.phone,
        passwordHash: null,
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
      try {
        await verifyIdentity(ctx, id, {
          realName: input.realName,
          idNumber: input.idNumber,
          bankName: input.bankName,
          bankAccount: input.bankAccount,
        })
      } catch (e) {
        await db.deleteFrom('users').where('id', '=', id).execute()
        throw e
      }
      const policy = await policyRepo.currentPolicy(db, now())
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, id, { verificationMethod: 'counter-document-check' })
        await privacyRepo.insertConsent(trx, {
          userId: id,
          consent: 'privacy_policy',
          granted: true,
          policyVersion: policy?.version ?? null,
          channel: 'counter',
          ip: ctx.ip,
          createdAt: now(),
        })
        await audit.record(trx, ctx, { action: 'user.register', subjectType: 'citizen', subjectId: id, detail: { channel: 'counter' } })
        await notifications.notifyUser(trx, id, {
          title: '已为您开通账号',
          body: '工作人员已在服务窗口为您开通人才一站式网上办事大厅账号，可使用本手机号和短信验证码登录。',
          channels: ['site', 'sms'],
          category: 'account',
        })
      })
      return id
    },

    enterprisesOf: (userId: number) => repo.enterprisesOfUser(db, userId),
    operatorsOf: (enterpriseId: number) => repo.operatorsOf(db, enterpriseId),
    userById: (id: number) => repo.userById(db, id),
    userByIdNumber: (idNumber: string) => repo.userByIdBidx(db, crypto.blindIndex('id_number', idNumber)),
    enterpriseById: (id: number) => repo.enterpriseById(db, id),
    isOperator: (enterpriseId: number, userId: number) => repo.isOperator(db, enterpriseId, userId),
    decrypt: (box: string) => crypto.decrypt(box),
  }
}

export type IdentityService = ReturnType<typeof createIdentityService>
