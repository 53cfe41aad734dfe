import type { Kysely, Transaction, Updateable } from 'kysely'
import * as OTPAuth from 'otpauth'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { hashPassword, type FieldCrypto } from '../../lib/crypto.js'
import { toTimestamp } from '../../db/time.js'
import { AppError } from '../../lib/errors.js'
import { isUniqueViolation } from '../../db/helpers.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import * as repo from './repository.js'
import type { StaffTable } from './table.js'

type Conn = Kysely<Database> | Transaction<Database>
import { TOTP_ROLES, isStaffRole } from './roles.js'

export function totpFor(secretBase32: string) {
  return new OTPAuth.TOTP({
    issuer: '人才一站式网上办事大厅',
    label: 'staff',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  })
}

/** Staff accounts: creation (CLI, sysadmin) and the look-ups the staff login needs. */
export function createStaffService(deps: { db: Kysely<Database>; clock: Clock; crypto: FieldCrypto; audit: AuditService }) {
  const { db, clock, crypto, audit } = deps
  return {
    async create(
      ctx: AuditContext,
      input: { username: string; password: string; role: string; name: string; department?: string; staffNo?: string; totpSecret?: string },
    ) {
      if (!isStaffRole(input.role)) throw new AppError('invalid', `角色无效：${input.role}`, { role: '角色无效' })
      if (!/^[a-zA-Z0-9._-]{3,64}$/.test(input.username))
        throw new AppError('invalid', '用户名须为3–64位字母、数字、点、下划线或连字符', { username: '用户名格式不正确' })
      if (input.password.length < 8 || !/[A-Za-z]/.test(input.password) || !/\d/.test(input.password)) {
        throw new AppError('invalid', '密码至少8位，且须同时包含字母和数字', { password: '密码强度不足' })
      }
      const role = input.role
      const needsTotp = TOTP_ROLES.includes(role)
      const totpSecret = needsTotp ? (input.totpSecret ?? new OTPAuth.Secret({ size: 20 }).base32) : null
      const now = toTimestamp(clock.now())
      try {
        return await db.transaction().execute(async (trx) => {
          const id = await repo.insertStaff(trx, {
            username: input.username,
            passwordHash: hashPassword(input.password),
            displayName: input.name,
            staffNo: input.staffNo ?? `S${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1000)}`,
            department: input.department ?? '人才服务中心',
            totpSecretEnc: totpSecret ? crypto.encrypt(totpSecret) : null,
            status: 'active',
            mustChangePassword: 0,
            failedLogins: 0,
            lockedUntil: null,
            createdAt: now,
          })
          await repo.grantRole(trx, id, role, null, now)
          await audit.record(trx, ctx, { action: 'staff.created', subjectType: 'staff', subjectId: id, detail: { role } })
          return { id, totpSecret }
        })
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('conflict', `用户名已存在：${input.username}`, { username: '用户名已存在' })
        throw e
      }
    },
    byUsername: (u: string) => repo.staffByUsername(db, u),
    byId: (id: number) => repo.staffById(db, id),
    roles: (id: number) => repo.rolesOf(db, id),
    /** Staff numbers and departments by id (the audit viewer names the actors). */
    numbers: (ids: number[]) => repo.staffNumbers(db, ids),
    count: () => repo.countStaff(db),
    /** Every staff member with their roles (the admin console). */
    async list() {
      const [staff, roles] = await Promise.all([repo.allStaff(db), repo.allRoles(db)])
      return staff.map((s) => ({ ...s, roles: roles.filter((r) => r.staffId === s.id).map((r) => r.role) }))
    },
    update: (conn: Conn, id: number, set: Updateable<StaffTable>) => repo.updateStaff(conn, id, set),
    grantRole: (conn: Conn, id: number, role: string, grantedBy: number | null, now: string) =>
      repo.grantRole(conn, id, role, grantedBy, now),
    revokeRole: (conn: Conn, id: number, role: string) => repo.revokeRole(conn, id, role),
    totpSecret: (encrypted: string) => crypto.decrypt(encrypted),
  }
}
export type StaffService = ReturnType<typeof createStaffService>
