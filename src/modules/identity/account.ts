import { t, type Locale } from '../../lib/i18n/index.js'
import type { Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import { hashPassword, verifyPassword, maskIdNumber, maskBankAccount, sha256Hex } from '../../lib/crypto.js'
import { DAY, HOUR } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import { today } from '../../lib/time.js'
import { AppError } from '../../lib/errors.js'
import { isUniqueViolation } from '../../db/helpers.js'
import type { AuditContext } from '../audit/service.js'
import type { SessionRow, UserRow } from './table.js'
import * as repo from './repository.js'
import * as v from './validators.js'
import { policyOf, type IdentityDeps } from './common.js'
import type { SmsPurpose } from './sign-in.js'

const MAIL_VERIFY_PER_ACCOUNT_PER_HOUR = 3
const MAIL_VERIFY_PER_ACCOUNT_PER_DAY = 10
const MAIL_VERIFY_PER_ADDRESS_PER_DAY = 3

/**
 * The citizen's own account: real-name and enterprise verification, password, bank, phone, email,
 * devices, step-up. Every personal number is encrypted + blind-indexed + masked here and nowhere else.
 */
export function createAccountService(
  deps: IdentityDeps & { verifySmsCode: (phone: string, purpose: SmsPurpose, code: string) => Promise<string | null> },
) {
  const { db, clock, crypto, audit, notifications, sessions, verifier, verifySmsCode, rateLimiter } = deps
  const now = () => toTimestamp(clock.now())
  const { passwordError } = policyOf(deps)
  const accountChanged = (trx: Transaction<Database>, userId: number, what: string) =>
    deps.accountChanged ? deps.accountChanged(trx, userId, what) : Promise.resolve()

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
    if (!user) throw new AppError('not_found', t('账号不存在'))
    if (user.verifiedAt)
      throw new AppError('conflict', t('您已完成实名认证。姓名和身份证号不可自行修改，如需更正请在个人数据中心提交更正申请。'))
    const errors: Record<string, string> = {}
    const nameErr = v.validateName(input.realName)
    if (nameErr) errors.real_name = nameErr
    const parsed = v.parseIdNumber(input.idNumber, today(clock))
    if ('error' in parsed) errors.id_number = parsed.error
    else if (parsed.info.age < 16) errors.id_number = t('未满16周岁不能在线注册认证，请由监护人携带户口簿到服务窗口办理')
    if (!v.BANKS.includes(input.bankName as (typeof v.BANKS)[number])) errors.bank_name = t('请选择开户银行')
    const bankErr = v.validateBankAccount(input.bankAccount)
    if (bankErr) errors.bank_account = bankErr
    const minor = 'info' in parsed && parsed.info.age >= 16 && parsed.info.age < 18
    if (minor) {
      if (!input.guardianName || v.validateName(input.guardianName)) errors.guardian_name = t('未满18周岁须填写监护人姓名')
      if (!input.guardianRelation) errors.guardian_relation = t('请选择与监护人的关系')
      if (!input.guardianPhone || v.validatePhone(input.guardianPhone)) errors.guardian_phone = t('请填写监护人的11位手机号码')
    }
    if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
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
        t('该身份证号已绑定其他账号。一个身份证号只能认证一个账号：请用原账号登录（可用短信验证码），或先注销原账号。'),
        {
          id_number: t('该身份证号已绑定其他账号，请用原账号登录或先注销原账号'),
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
      throw new AppError('invalid', result.reason ?? t('身份核验未通过'), {
        id_number: result.reason ?? t('身份核验未通过，请核对姓名和身份证号'),
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
        throw new AppError('conflict', t('该身份证号已绑定其他账号'), {
          id_number: t('该身份证号已绑定其他账号，请用原账号登录或先注销原账号'),
        })
      throw e
    }
  }

  return {
    verifyIdentity,

    /** The citizen's language for SMS and mail (decision 0220): kept when they switch language signed in. */
    async setLocale(userId: number, locale: Locale) {
      await repo.updateUser(db, userId, { locale })
    },

    async revokeDevice(ctx: AuditContext, userId: number, sessionId: string) {
      const s = await repo.sessionById(db, sessionId)
      if (!s || s.subjectType !== 'citizen' || s.subjectId !== userId) throw new AppError('not_found', t('未找到该登录设备'))
      await db.transaction().execute(async (trx) => {
        await sessions.revoke(trx, sessionId)
        await audit.record(trx, ctx, { action: 'user.session_revoked', subjectType: 'citizen', subjectId: userId })
      })
    },

    async changePassword(ctx: AuditContext, userId: number, currentSessionId: string, oldPassword: string, newPassword: string) {
      const user = await repo.userById(db, userId)
      if (!user?.passwordHash || !verifyPassword(oldPassword, user.passwordHash))
        throw new AppError('invalid', t('原密码不正确'), { old_password: t('原密码不正确') })
      const err = await passwordError(newPassword)
      if (err) throw new AppError('invalid', err, { new_password: err })
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, userId, { passwordHash: hashPassword(newPassword), updatedAt: now() })
        // Every other device is signed out; this one stays.
        await repo.revokeOtherSessions(trx, 'citizen', userId, currentSessionId, now())
        await audit.record(trx, ctx, { action: 'user.password_changed', subjectType: 'citizen', subjectId: userId })
        await accountChanged(trx, userId, '登录密码')
      })
    },

    /**
     * Step-up: the code proves the phone again, and the session id is rotated (the old id is revoked
     * and a new cookie returned), so an id seen before the step-up cannot ride on its privileges.
     */
    async stepUp(ctx: AuditContext, user: { id: number; phone: string | null }, session: SessionRow, code: string) {
      const err = v.validateSmsCode(code) ?? (user.phone ? await verifySmsCode(user.phone, 'verify', code) : t('账号未绑定手机号'))
      if (err) throw new AppError('invalid', err, { sms_code: err })
      return db.transaction().execute(async (trx) => {
        const rotated = await sessions.rotate(trx, session, { stepUpUntil: sessions.stepUpDeadline() })
        await audit.record(trx, ctx, { action: 'user.step_up', subjectType: 'citizen', subjectId: user.id })
        return { token: rotated.token }
      })
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
      if (!user?.verifiedAt) throw new AppError('forbidden', t('请先完成个人实名认证，再办理企业认证'))
      const errors: Record<string, string> = {}
      const a = v.validateCompanyName(input.companyName)
      if (a) errors.company_name = a
      const b = v.validateUscc(input.uscc)
      if (b) errors.uscc = b
      const c = v.validateName(input.legalRepName)
      if (c) errors.legal_rep_name = c
      const p = v.parseIdNumber(input.legalRepIdNumber, today(clock))
      if ('error' in p) errors.legal_rep_id_number = p.error
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
      if (await repo.enterpriseByUscc(db, input.uscc)) {
        throw new AppError('conflict', t('该企业已完成认证。如需作为经办人办理，请联系企业现有经办人在“企业信息”中添加您。'), {
          uscc: t('该统一社会信用代码已认证，请联系企业现有经办人添加您'),
        })
      }
      const result = await verifier.verifyEnterprise(input)
      if (!result.ok) throw new AppError('invalid', result.reason ?? t('企业核验未通过'), { uscc: result.reason ?? t('企业核验未通过') })
      try {
        return await db.transaction().execute(async (trx) => {
          const at = now()
          const id = await repo.insertEnterprise(trx, {
            name: input.companyName,
            uscc: input.uscc,
            legalRepName: input.legalRepName,
            legalRepIdEnc: crypto.encrypt(input.legalRepIdNumber),
            legalRepIdBidx: crypto.blindIndex('id_number', input.legalRepIdNumber),
            legalRepIdMasked: maskIdNumber(input.legalRepIdNumber),
            verifiedAt: at,
            verificationMethod: result.method,
            createdAt: at,
          })
          await repo.addOperator(trx, id, userId, userId, at)
          await audit.record(trx, ctx, {
            action: 'enterprise.registered',
            subjectType: 'enterprise',
            subjectId: id,
            detail: { method: result.method },
          })
          return id
        })
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('conflict', t('该企业已完成认证'), { uscc: t('该统一社会信用代码已认证') })
        throw e
      }
    },

    /** Acting for an enterprise (or back as oneself) changes what the session may do: a new session id. */
    async actAs(userId: number, session: SessionRow, enterpriseId: number | null) {
      if (enterpriseId !== null && !(await repo.isOperator(db, enterpriseId, userId))) throw new AppError('not_found', t('未找到该企业'))
      if (session.actingEnterpriseId === enterpriseId) return { token: null }
      const rotated = await db.transaction().execute((trx) => sessions.rotate(trx, session, { actingEnterpriseId: enterpriseId }))
      return { token: rotated.token }
    },

    /** Change phone: a code to the old number (purpose verify) and one to the new number (purpose phone). */
    async changePhone(ctx: AuditContext, user: UserRow, newPhone: string, oldCode: string, newCode: string) {
      const errors: Record<string, string> = {}
      const pe = v.validatePhone(newPhone)
      if (pe) errors.new_phone = pe
      else if (newPhone === user.phone) errors.new_phone = t('新手机号与原手机号相同')
      if (!errors.new_phone) {
        const e1 = v.validateSmsCode(oldCode) ?? (await verifySmsCode(user.phone ?? '', 'verify', oldCode))
        if (e1) errors.old_code = t('原手机号验证码：{e}', { e: e1 })
        const e2 = v.validateSmsCode(newCode) ?? (await verifySmsCode(newPhone, 'phone', newCode))
        if (e2) errors.new_code = t('新手机号验证码：{e}', { e: e2 })
      }
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
      try {
        await db.transaction().execute(async (trx) => {
          await repo.updateUser(trx, user.id, { phone: newPhone, updatedAt: now() })
          await audit.record(trx, ctx, { action: 'user.phone_changed', subjectType: 'citizen', subjectId: user.id })
        })
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('invalid', t('该手机号已注册其他账号'), { new_phone: t('该手机号已注册其他账号') })
        throw e
      }
      if (user.phone)
        await notifications.enqueue(db, {
          channel: 'sms',
          recipient: user.phone,
          body: t('【人才一站式网上办事大厅】您的账号已更换绑定手机号。如非本人操作，请立即拨打12333。'),
          userId: user.id,
        })
    },

    /** Contact email: a signed link (24 h) sent by mail; the address counts only once verified. */
    async requestEmail(ctx: AuditContext, userId: number, email: string) {
      if (!/^[^\s@]{1,64}@[^\s@]{1,190}\.[a-zA-Z]{2,}$/.test(email) || email.length > 254)
        throw new AppError('invalid', t('邮箱格式不正确'), { email: t('邮箱格式不正确') })
      // Verification mail is limited per account and per address, so the portal cannot be used to
      // flood someone's mailbox (decision 0155).
      for (const [bucket, windowMs, max, msg] of [
        [`mail-verify-user:${userId}`, HOUR, MAIL_VERIFY_PER_ACCOUNT_PER_HOUR, t('验证邮件发送过于频繁')],
        [`mail-verify-user-day:${userId}`, DAY, MAIL_VERIFY_PER_ACCOUNT_PER_DAY, t('今日发送验证邮件次数已达上限')],
        [
          `mail-verify-addr:${sha256Hex(crypto.hmac('mail', email.toLowerCase()))}`,
          DAY,
          MAIL_VERIFY_PER_ADDRESS_PER_DAY,
          t('该邮箱今日收到的验证邮件已达上限'),
        ],
      ] as const) {
        const r = await rateLimiter.hit(bucket, windowMs, max)
        if (!r.allowed) {
          const wait =
            r.retryAfterSeconds >= 3600
              ? t('{n}小时', { n: Math.ceil(r.retryAfterSeconds / 3600) })
              : t('{n}分钟', { n: Math.ceil(r.retryAfterSeconds / 60) })
          const text = t('{msg}，请{wait}后再试', { msg, wait })
          throw new AppError('rate_limited', text, { email: text })
        }
      }
      const baseUrl = deps.publicUrl
      const payload = Buffer.from(JSON.stringify({ u: userId, e: email, x: clock.now().getTime() + 86_400_000 })).toString('base64url')
      const token = `${payload}.${crypto.hmac('email', payload)}`
      await db.transaction().execute(async (trx) => {
        await notifications.enqueue(trx, {
          channel: 'mail',
          recipient: email,
          subject: t('请验证您的联系邮箱'),
          body: t('请在24小时内打开以下链接完成邮箱验证：\n{url}\n\n如非本人操作，请忽略本邮件。', {
            url: `${baseUrl}/me/email/verify?token=${token}`,
          }),
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
      if (!payload || !mac || crypto.hmac('email', payload) !== mac) throw new AppError('invalid', t('验证链接无效'))
      const p = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { u: number; e: string; x: number }
      if (p.u !== userId) throw new AppError('invalid', t('验证链接不属于当前账号'))
      if (p.x < clock.now().getTime()) throw new AppError('invalid', t('验证链接已过期，请重新发送'))
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

    enterprisesOf: (userId: number) => repo.enterprisesOfUser(db, userId),
    operatorsOf: (enterpriseId: number) => repo.operatorsOf(db, enterpriseId),
    userById: (id: number) => repo.userById(db, id),
    /** The same, inside the caller's transaction (e.g. issuing a certificate as a case is approved). */
    userByIdIn: (trx: Transaction<Database>, id: number) => repo.userById(trx, id),
    userByPhone: (phone: string) => repo.userByPhone(db, phone),
    userByIdNumber: (idNumber: string) => repo.userByIdBidx(db, crypto.blindIndex('id_number', idNumber)),
    enterpriseById: (id: number) => repo.enterpriseById(db, id),
    isOperator: (enterpriseId: number, userId: number) => repo.isOperator(db, enterpriseId, userId),
    decrypt: (box: string) => crypto.decrypt(box),
  }
}
export type AccountService = ReturnType<typeof createAccountService>
