import { t } from '../../lib/i18n/index.js'
import type { Kysely, Transaction, Updateable } from 'kysely'
import crypto from 'node:crypto'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { HOUR } from '../../lib/clock.js'
import { hashPassword, maskPhone, sha256Hex, type FieldCrypto } from '../../lib/crypto.js'
import { validatePassword as validatePasswordStrength } from './validators.js'
import { addMs, toTimestamp } from '../../db/time.js'
import { AppError } from '../../lib/errors.js'
import { isUniqueViolation } from '../../db/helpers.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { NotificationService } from '../notifications/service.js'
import type { RateLimiter } from '../ratelimit/service.js'
import type { SessionService } from './sessions.js'
import { needsTotp } from './sessions.js'
import * as repo from './repository.js'
import { ROLE_LABELS, isStaffRole, roleConflict, type StaffRole } from './roles.js'
import { newTotpSecret, totpFor, totpStep } from './totp.js'
import type { StaffRow, StaffTable } from './table.js'

export { totpFor } from './totp.js'

/** How long an activation / reset / TOTP-enrolment link stays usable. */
const ACTIVATION_TTL_MS = 72 * HOUR
type Purpose = 'activate' | 'reset' | 'totp'
type Conn = Kysely<Database> | Transaction<Database>

const maskEmail = (e: string) => {
  const [user, domain] = e.split('@')
  return `${user.slice(0, 1)}***@${domain}`
}
/** Where a holder's links go, masked for the admin page. */
const maskedContact = (s: { phone: string | null; email: string | null }) =>
  s.phone ? maskPhone(s.phone) : s.email ? maskEmail(s.email) : null

/**
 * Staff accounts and roles (三权分立, docs/roles.md).
 * - `create`: the operator CLI's bootstrap (`staff:create`): password given, TOTP secret printed.
 * - `invite` (sysadmin, web): an account with no password anyone knows and no role; a one-time link to
 *   the holder's own phone or mail lets the holder set the password and enrol the TOTP (`activate`).
 * - `grantRole` / `revokeRole` (secadmin only, never on oneself, admin roles held alone): each change
 *   ends the holder's sessions; a role needing TOTP sends the holder an enrolment link.
 */
export function createStaffService(deps: {
  db: Kysely<Database>
  clock: Clock
  crypto: FieldCrypto
  audit: AuditService
  notifications: NotificationService
  sessions: SessionService
  rateLimiter: RateLimiter
  publicUrl: string
}) {
  const { db, clock, crypto: fields, audit, notifications, sessions, rateLimiter, publicUrl } = deps
  const now = () => toTimestamp(clock.now())
  const tokenHash = (token: string) => sha256Hex(fields.hmac('staff-activation', token))

  function checkContact(phone: string | null, email: string | null): Record<string, string> {
    const errors: Record<string, string> = {}
    if (!phone && !email) errors.phone = t('请填写本人手机号或邮箱：激活链接只发给本人')
    if (phone && !/^1[3-9]\d{9}$/.test(phone)) errors.phone = t('请填写11位手机号码')
    if (email && (!/^[^\s@]{1,64}@[^\s@]{1,190}\.[a-zA-Z]{2,}$/.test(email) || email.length > 254)) errors.email = t('邮箱格式不正确')
    return errors
  }

  async function actorRoles(actorId: number) {
    return repo.rolesOf(db, actorId)
  }

  /** Issues a one-time link in `trx`; the caller sends it (sendLink) after commit. */
  async function issueLink(trx: Conn, staff: StaffRow, purpose: Purpose, createdBy: number | null) {
    const channel: 'sms' | 'mail' | null = staff.phone ? 'sms' : staff.email ? 'mail' : null
    if (!channel) throw new AppError('conflict', t('该账号未登记本人手机号或邮箱，无法发送链接。请由运维人员在服务器上用命令行处理。'))
    const token = crypto.randomBytes(32).toString('hex')
    // one live link per holder: a new one replaces the old
    await repo.endLiveActivations(trx, staff.id, now())
    await repo.insertActivation(trx, {
      staffId: staff.id,
      tokenHash: tokenHash(token),
      purpose,
      channel,
      totpSecretEnc: null,
      createdBy,
      createdAt: now(),
      expiresAt: addMs(now(), ACTIVATION_TTL_MS),
      usedAt: null,
    })
    return { token, channel, to: channel === 'sms' ? staff.phone! : staff.email!, sentTo: maskedContact(staff)! }
  }

  async function sendLink(staff: StaffRow, purpose: Purpose, link: { token: string; channel: 'sms' | 'mail'; to: string }) {
    const url = `${publicUrl}/staff/activate?token=${link.token}`
    const what = { activate: t('激活账号'), reset: t('重置密码'), totp: t('绑定动态口令') }[purpose]
    const text = t(
      '【{portal}】{name}，请在72小时内打开以下链接{what}（用户名 {username}）：{url} 链接仅供本人使用，请勿转发；如非本人操作，请联系安全管理员。',
      { portal: t('人才一站式网上办事大厅'), name: staff.displayName, what, username: staff.username, url },
    )
    await notifications.sendSecret(link.channel, link.to, t('工作人员账号：{what}', { what }), text)
  }

  async function liveActivation(token: string) {
    if (!/^[0-9a-f]{64}$/.test(token)) return null
    const a = await repo.activationByTokenHash(db, tokenHash(token))
    if (!a || a.usedAt || a.expiresAt <= now()) return null
    const staff = await repo.staffById(db, a.staffId)
    if (!staff || staff.status === 'disabled') return null
    return { a, staff }
  }

  return {
    /** Operator CLI bootstrap (the first accounts on a server): password given, TOTP secret returned. */
    async create(
      ctx: AuditContext,
      input: {
        username: string
        password: string
        role: string
        name: string
        department?: string
        staffNo?: string
        totpSecret?: string
        phone?: string
        email?: string
      },
    ) {
      if (!isStaffRole(input.role)) throw new AppError('invalid', `角色无效：${input.role}`, { role: t('角色无效') })
      if (!/^[a-zA-Z0-9._-]{3,64}$/.test(input.username))
        throw new AppError('invalid', t('用户名须为3–64位字母、数字、点、下划线或连字符'), { username: t('用户名格式不正确') })
      const pwErr = validatePasswordStrength(input.password)
      if (pwErr) throw new AppError('invalid', pwErr, { password: t('密码强度不足') })
      const role: StaffRole = input.role
      const totpSecret = needsTotp([role]) ? (input.totpSecret ?? newTotpSecret()) : null
      const at = now()
      try {
        return await db.transaction().execute(async (trx) => {
          const id = await repo.insertStaff(trx, {
            username: input.username,
            passwordHash: hashPassword(input.password),
            displayName: input.name,
            staffNo: input.staffNo ?? `S${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1000)}`,
            department: input.department ?? '人才服务中心',
            totpSecretEnc: totpSecret ? fields.encrypt(totpSecret) : null,
            status: 'active',
            mustChangePassword: 0,
            failedLogins: 0,
            lockedUntil: null,
            createdAt: at,
            phone: input.phone ?? null,
            email: input.email ?? null,
          })
          await repo.grantRole(trx, id, role, null, at)
          await audit.record(trx, ctx, { action: 'staff.created', subjectType: 'staff', subjectId: id, detail: { role, channel: 'cli' } })
          return { id, totpSecret }
        })
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('conflict', `用户名已存在：${input.username}`, { username: t('用户名已存在') })
        throw e
      }
    },

    /**
     * sysadmin creates an account for a colleague: no password, no role, status `pending`; the
     * activation link goes to the holder's own phone or mail. Returns where it went (masked).
     */
    async invite(
      ctx: AuditContext,
      actorId: number,
      input: { username: string; name: string; department?: string; staffNo?: string; phone?: string; email?: string },
    ) {
      if (!(await actorRoles(actorId)).includes('sysadmin')) throw new AppError('forbidden', t('仅系统管理员可创建工作人员账号'))
      const phone = input.phone?.trim() || null
      const email = input.email?.trim().toLowerCase() || null
      const errors = checkContact(phone, email)
      if (!/^[a-zA-Z0-9._-]{3,64}$/.test(input.username)) errors.username = t('用户名须为3–64位字母、数字、点、下划线或连字符')
      if (!input.name.trim() || input.name.length > 60) errors.name = t('请填写姓名')
      if (input.staffNo && !/^[A-Za-z0-9-]{1,20}$/.test(input.staffNo)) errors.staff_no = t('工号为1–20位字母、数字或连字符')
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
      const me = await repo.staffById(db, actorId)
      if (me && ((phone && me.phone === phone) || (email && me.email === email)))
        throw new AppError('invalid', t('不能填写您本人的联系方式：激活链接只发给账号持有人本人'), {
          [phone && me.phone === phone ? 'phone' : 'email']: t('这是您本人的联系方式'),
        })
      let created: { staff: StaffRow; link: Awaited<ReturnType<typeof issueLink>> }
      try {
        created = await db.transaction().execute(async (trx) => {
          const id = await repo.insertStaff(trx, {
            username: input.username,
            // nobody knows this password: the holder sets one through the link
            passwordHash: hashPassword(crypto.randomBytes(32).toString('base64url')),
            displayName: input.name.trim(),
            staffNo: input.staffNo || `S${Date.now().toString(36).toUpperCase()}${crypto.randomInt(1000)}`,
            department: input.department?.trim() || '人才服务中心',
            totpSecretEnc: null,
            status: 'pending',
            mustChangePassword: 0,
            failedLogins: 0,
            lockedUntil: null,
            createdAt: now(),
            phone,
            email,
          })
          const staff = (await repo.staffById(trx, id))!
          const link = await issueLink(trx, staff, 'activate', actorId)
          await audit.record(trx, ctx, {
            action: 'staff.created',
            subjectType: 'staff',
            subjectId: id,
            detail: { channel: link.channel, activation: 'holder' },
          })
          return { staff, link }
        })
      } catch (e) {
        if (isUniqueViolation(e))
          throw new AppError('conflict', t('用户名、工号或联系方式已被其他工作人员账号使用'), {
            username: t('用户名、工号或联系方式已被使用'),
          })
        throw e
      }
      await sendLink(created.staff, 'activate', created.link)
      return { id: created.staff.id, sentTo: created.link.sentTo }
    },

    /** sysadmin: a new link to the holder (forgotten password, lost authenticator). Never a password. */
    async resetPassword(ctx: AuditContext, actorId: number, staffId: number) {
      if (actorId === staffId) throw new AppError('forbidden', t('不能重置自己的账号，请使用“修改密码”'))
      const staff = await repo.staffById(db, staffId)
      if (!staff) throw new AppError('not_found', t('未找到'))
      const r = await rateLimiter.hit(`staff-link:${staffId}`, HOUR, 5)
      if (!r.allowed) throw new AppError('rate_limited', t('发送过于频繁，请1小时后再试'))
      const link = await db.transaction().execute(async (trx) => {
        const l = await issueLink(trx, staff, staff.status === 'pending' ? 'activate' : 'reset', actorId)
        await sessions.revokeAll(trx, 'staff', staffId)
        await audit.record(trx, ctx, {
          action: 'admin.password_reset',
          subjectType: 'staff',
          subjectId: staffId,
          detail: { channel: l.channel },
        })
        return l
      })
      await sendLink(staff, staff.status === 'pending' ? 'activate' : 'reset', link)
      return { sentTo: link.sentTo }
    },

    /** The activation page: who, what to do, and (for roles needing TOTP) the secret to enrol — shown only to the link holder. */
    async activation(token: string) {
      const found = await liveActivation(token)
      if (!found) return null
      const { a, staff } = found
      const roles = await repo.rolesOf(db, staff.id)
      let secret: string | null = null
      if (needsTotp(roles)) {
        if (a.totpSecretEnc) secret = fields.decrypt(a.totpSecretEnc)
        else {
          secret = newTotpSecret()
          await repo.setActivationTotpSecret(db, a.id, fields.encrypt(secret))
        }
      }
      return {
        username: staff.username,
        displayName: staff.displayName,
        purpose: a.purpose,
        roles: roles.map((r) => ROLE_LABELS[r as StaffRole] ?? r),
        totpSecret: secret,
        totpUri: secret ? totpFor(secret, staff.username).toString() : null,
      }
    },

    /** The holder sets the password and, where the roles need it, proves the authenticator works. */
    async activate(ctx: AuditContext, token: string, input: { password: string; confirm: string; totp: string }) {
      const found = await liveActivation(token)
      if (!found) throw new AppError('not_found', t('链接无效或已过期，请联系系统管理员重新发送'))
      const { a, staff } = found
      const roles = await repo.rolesOf(db, staff.id)
      const errors: Record<string, string> = {}
      const pw = validatePasswordStrength(input.password)
      if (pw) errors.password = pw
      else if (input.password !== input.confirm) errors.confirm = t('两次输入的密码不一致')
      let step: number | null = null
      const enrol = needsTotp(roles)
      if (enrol) {
        const secret = a.totpSecretEnc ? fields.decrypt(a.totpSecretEnc) : null
        step = secret ? totpStep(secret, input.totp, clock.now().getTime()) : null
        if (step === null) errors.totp = t('动态口令不正确：请用身份验证器扫描本页的密钥后输入显示的6位数字')
      }
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
      await db.transaction().execute(async (trx) => {
        const [claimed] = await repo.claimActivation(trx, a.id, now())
        if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('not_found', t('链接已使用'))
        await repo.updateStaff(trx, staff.id, {
          passwordHash: hashPassword(input.password),
          status: 'active',
          mustChangePassword: 0,
          failedLogins: 0,
          lockedUntil: null,
          ...(enrol ? { totpSecretEnc: a.totpSecretEnc, totpLastStep: step } : {}),
        })
        await sessions.revokeAll(trx, 'staff', staff.id)
        const actor = { ...ctx, actorType: 'staff' as const, actorId: String(staff.id), actorRole: roles.join(',') }
        await audit.record(trx, actor, {
          action: 'staff.activated',
          subjectType: 'staff',
          subjectId: staff.id,
          detail: { purpose: a.purpose, totp: enrol },
        })
      })
      return { username: staff.username }
    },

    /** secadmin grants a role: not to themself, admin roles held alone; the holder's sessions end. */
    async grantRole(ctx: AuditContext, actorId: number, staffId: number, role: string) {
      return changeRole(ctx, actorId, staffId, role, 'grant')
    },
    async revokeRole(ctx: AuditContext, actorId: number, staffId: number, role: string) {
      return changeRole(ctx, actorId, staffId, role, 'revoke')
    },

    byUsername: (u: string) => repo.staffByUsername(db, u),
    byId: (id: number) => repo.staffById(db, id),
    roles: (id: number) => repo.rolesOf(db, id),
    /** Staff numbers and departments by id (the audit viewer names the actors). */
    numbers: (ids: number[]) => repo.staffNumbers(db, ids),
    count: () => repo.countStaff(db),
    /** Every staff member with their roles (the admin console); the holder's contact only masked: secadmin checks it against HR records before granting an admin role. */
    async list() {
      const [staff, roles] = await Promise.all([repo.allStaff(db), repo.allRoles(db)])
      return staff.map(({ phone, email, ...s }) => ({
        ...s,
        contact: maskedContact({ phone, email }),
        roles: roles.filter((r) => r.staffId === s.id).map((r) => r.role),
      }))
    },
    /** Status and other plain fields, in the caller's transaction (admin: disable / enable). */
    update: (conn: Conn, id: number, set: Updateable<StaffTable>) => repo.updateStaff(conn, id, set),
    totpSecret: (encrypted: string) => fields.decrypt(encrypted),
  }

  async function changeRole(ctx: AuditContext, actorId: number, staffId: number, role: string, op: 'grant' | 'revoke') {
    if (!(await actorRoles(actorId)).includes('secadmin')) throw new AppError('forbidden', t('仅安全管理员可授予或撤销角色'))
    if (actorId === staffId) throw new AppError('forbidden', t('不能给自己授予或撤销角色'))
    if (!isStaffRole(role)) throw new AppError('invalid', t('角色无效'), { role: t('角色无效') })
    const result = await db.transaction().execute(async (trx) => {
      // Lock the holder's row first, so two grants racing on one person are decided one after the other.
      await repo.lockStaffRow(trx, staffId)
      const staff = await repo.staffById(trx, staffId)
      if (!staff) throw new AppError('not_found', t('未找到'))
      const current = await repo.rolesOf(trx, staffId)
      if (op === 'grant') {
        if (current.includes(role)) return { changed: false, link: null, staff }
        const conflict = roleConflict([...current, role])
        if (conflict) throw new AppError('conflict', conflict, { role: conflict })
        await repo.grantRole(trx, staffId, role, actorId, now())
      } else {
        if (!current.includes(role)) return { changed: false, link: null, staff }
        await repo.revokeRole(trx, staffId, role)
      }
      // Any change of roles ends every session of the holder: the next sign-in asks for what the new set needs.
      await sessions.revokeAll(trx, 'staff', staffId)
      await audit.record(trx, ctx, {
        action: op === 'grant' ? 'admin.role_granted' : 'admin.role_revoked',
        subjectType: 'staff',
        subjectId: staffId,
        detail: { role },
      })
      // A role needing TOTP on an account without one: the holder enrols through their own link.
      const link =
        op === 'grant' && needsTotp([role]) && !staff.totpSecretEnc && staff.status === 'active' && (staff.phone || staff.email)
          ? await issueLink(trx, staff, 'totp', actorId)
          : null
      return { changed: true, link, staff }
    })
    if (result.link) await sendLink(result.staff, 'totp', result.link)
    return { changed: result.changed, linkSentTo: result.link?.sentTo ?? null }
  }
}
export type StaffService = ReturnType<typeof createStaffService>
