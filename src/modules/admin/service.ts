import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import { AppError } from '../../lib/errors.js'
import { hashPassword, randomToken } from '../../lib/crypto.js'
import { isUniqueViolation } from '../../db/helpers.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { NotificationService } from '../notifications/service.js'
import type { SessionService } from '../identity/sessions.js'
import type { JobService } from '../jobs/service.js'
import * as repo from './repository.js'
import * as identityRepo from '../identity/repository.js'
import * as policyRepo from '../policy/repository.js'
import * as privacyRepo from '../privacy/repository.js'
import { isStaffRole } from '../identity/roles.js'
import type { SecurityPolicy } from '../identity/sessions.js'
import { checkDate, dateMessage, parseLocalDateTime } from '../../lib/dates.js'

/** Security policy values secadmin may set, with safe bounds. */
export const SETTINGS: Record<string, { label: string; min: number; max: number; def: number }> = {
  lockout_threshold: { label: '连续登录失败锁定次数', min: 3, max: 10, def: 5 },
  citizen_idle_minutes: { label: '群众会话空闲超时（分钟）', min: 5, max: 30, def: 30 },
  staff_idle_minutes: { label: '工作人员会话空闲超时（分钟）', min: 5, max: 15, def: 15 },
  password_min_length: { label: '密码最小长度', min: 8, max: 32, def: 8 },
}

/** Staff and roles (三权分立), security settings, policy versions, incidents, announcements. */
export function createAdminService(deps: {
  db: Kysely<Database>
  clock: Clock
  audit: AuditService
  notifications: NotificationService
  sessions: SessionService
  jobs: JobService
}) {
  const { db, clock, audit, notifications, sessions, jobs } = deps
  const now = () => toTimestamp(clock.now())

  let noticeCache: { at: number; row: { version: string; publishedAt: string; effectiveAt: string } | null } | null = null
  let settingsCache: { at: number; value: SecurityPolicy } | null = null
  let policyCache: { at: number; row: Awaited<ReturnType<typeof policyRepo.currentPolicy>> } | null = null
  /** userId:version pairs known to have accepted (see needsReconsent). */
  const accepted = new Set<string>()

  /** Notify many users in batches through a resumable job. */
  jobs.register(
    'notify-users',
    async (p: { userIds: number[]; title: string; body: string; link: string | null; category: string }, job) => {
      const start = (job.progress as { next?: number } | null)?.next ?? 0
      for (let i = start; i < p.userIds.length; i += 200) {
        await db.transaction().execute(async (trx) => {
          for (const id of p.userIds.slice(i, i + 200))
            await notifications.notifyUser(trx, id, { title: p.title, body: p.body, link: p.link, category: p.category })
        })
        await job.saveProgress({ next: i + 200 })
      }
    },
  )

  return {
    staffList: async () => {
      const [staff, roles] = await Promise.all([repo.allStaff(db), repo.allRoles(db)])
      return staff.map((s) => ({ ...s, roles: roles.filter((r) => r.staffId === s.id).map((r) => r.role) }))
    },
    async setStaffStatus(ctx: AuditContext, actorId: number, staffId: number, status: 'active' | 'disabled') {
      if (actorId === staffId) throw new AppError('forbidden', '不能停用自己的账号')
      if (!(await identityRepo.staffById(db, staffId))) throw new AppError('not_found', '未找到')
      await db.transaction().execute(async (trx) => {
        await identityRepo.updateStaff(trx, staffId, { status })
        if (status === 'disabled') await sessions.revokeAll(trx, 'staff', staffId)
        await audit.record(trx, ctx, {
          action: status === 'disabled' ? 'admin.staff_disabled' : 'admin.staff_enabled',
          subjectType: 'staff',
          subjectId: staffId,
        })
      })
    },
    async resetPassword(ctx: AuditContext, staffId: number) {
      if (!(await identityRepo.staffById(db, staffId))) throw new AppError('not_found', '未找到')
      const temp = `Tmp${randomToken(6)}9`
      await db.transaction().execute(async (trx) => {
        await identityRepo.updateStaff(trx, staffId, {
          passwordHash: hashPassword(temp),
          mustChangePassword: 1,
          failedLogins: 0,
          lockedUntil: null,
        })
        await sessions.revokeAll(trx, 'staff', staffId)
        await audit.record(trx, ctx, { action: 'admin.password_reset', subjectType: 'staff', subjectId: staffId })
      })
      return temp
    },
    async grantRole(ctx: AuditContext, actorId: number, staffId: number, role: string) {
      if (actorId === staffId) throw new AppError('forbidden', '不能给自己授予或撤销角色')
      if (!isStaffRole(role)) throw new AppError('invalid', '角色无效', { role: '角色无效' })
      if (!(await identityRepo.staffById(db, staffId))) throw new AppError('not_found', '未找到')
      try {
        await db.transaction().execute(async (trx) => {
          await identityRepo.grantRole(trx, staffId, role, actorId, now())
          await audit.record(trx, ctx, { action: 'admin.role_granted', subjectType: 'staff', subjectId: staffId, detail: { role } })
        })
      } catch (e) {
        if (!isUniqueViolation(e)) throw e
      }
    },
    async revokeRole(ctx: AuditContext, actorId: number, staffId: number, role: string) {
      if (actorId === staffId) throw new AppError('forbidden', '不能给自己授予或撤销角色')
      await db.transaction().execute(async (trx) => {
        await repo.revokeRole(trx, staffId, role)
        await sessions.revokeAll(trx, 'staff', staffId)
        await audit.record(trx, ctx, { action: 'admin.role_revoked', subjectType: 'staff', subjectId: staffId, detail: { role } })
      })
    },
    async settings() {
      const stored = Object.fromEntries((await repo.settings(db)).map((r) => [r.key, Number(r.value)]))
      return Object.fromEntries(Object.entries(SETTINGS).map(([k, d]) => [k, stored[k] ?? d.def]))
    },
    /** The settings as identity applies them; cached 5 s of clock time per node, dropped on change. */
    async securityPolicy(): Promise<SecurityPolicy> {
      const t = clock.now().getTime()
      if (!settingsCache || t - settingsCache.at > 5_000 || t < settingsCache.at) {
        const v = await this.settings()
        settingsCache = {
          at: t,
          value: {
            lockoutThreshold: v.lockout_threshold,
            citizenIdleMinutes: v.citizen_idle_minutes,
            staffIdleMinutes: v.staff_idle_minutes,
            passwordMinLength: v.password_min_length,
          },
        }
      }
      return settingsCache.value
    },
    async setSettings(ctx: AuditContext, actorId: number, values: Record<string, string>) {
      const errors: Record<string, string> = {}
      for (const [k, d] of Object.entries(SETTINGS)) {
        const n = Number(values[k])
        if (!Number.isInteger(n) || n < d.min || n > d.max) errors[k] = `${d.label}须在 ${d.min}–${d.max} 之间`
      }
      if (Object.keys(errors).length) throw new AppError('invalid', '提交的信息有误，请按提示修改', errors)
      await db.transaction().execute(async (trx) => {
        for (const k of Object.keys(SETTINGS)) await repo.setSetting(trx, k, String(Number(values[k])), actorId, now())
        settingsCache = null
        await audit.record(trx, ctx, {
          action: 'admin.settings_changed',
          subjectType: 'system',
          detail: Object.fromEntries(Object.keys(SETTINGS).map((k) => [k, Number(values[k])])),
        })
      })
    },

    // privacy-policy versions
    policies: () => policyRepo.allPolicies(db),
    currentPolicy: () => policyRepo.currentPolicy(db, now()),
    /** The upcoming material version for the site-wide notice (cached 5 s of clock time per node). */
    async upcomingNotice() {
      const t = clock.now().getTime()
      if (!noticeCache || t - noticeCache.at > 5_000 || t < noticeCache.at) {
        const all = await policyRepo.allPolicies(db)
        const u = all.find((p) => p.material === 1 && p.effectiveAt > now()) ?? null
        noticeCache = { at: t, row: u ? { version: u.version, publishedAt: u.publishedAt, effectiveAt: u.effectiveAt } : null }
      }
      return noticeCache.row
    },
    async upcomingMaterial() {
      const all = await policyRepo.allPolicies(db)
      return all.find((p) => p.material === 1 && p.effectiveAt > now()) ?? null
    },
    async publishPolicy(
      ctx: AuditContext,
      actorId: number,
      input: { version: string; title: string; body: string; summary: string; effectiveDate: string; material: boolean },
    ) {
      const errors: Record<string, string> = {}
      if (!/^[0-9A-Za-z.\-]{1,20}$/.test(input.version)) errors.version = '版本号如 2026.2'
      if (!input.title.trim()) errors.title = '请填写标题'
      if (input.body.trim().length < 20) errors.body = '请填写政策全文'
      if (input.summary.trim().length < 5) errors.summary = '请填写变更摘要'
      const effProblem = checkDate(input.effectiveDate, { min: '2000-01-01' })
      const eff = effProblem ? null : new Date(`${input.effectiveDate}T00:00:00+08:00`)
      if (!eff)
        errors.effective_date = effProblem === 'format' ? '请填写生效日期' : dateMessage('生效日期', effProblem!, { min: '2000-01-01' })
      else if (input.material && eff.getTime() <= clock.now().getTime()) errors.effective_date = '重大变更须提前公告：生效日期须晚于今天'
      if (Object.keys(errors).length) throw new AppError('invalid', '提交的信息有误，请按提示修改', errors)
      const userIds = input.material ? (await repo.activeUserIds(db, null)).map((u) => u.id) : []
      policyCache = null
      noticeCache = null
      try {
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('policyVersions')
            .values({
              version: input.version,
              title: input.title.trim(),
              body: input.body.trim(),
              summary: input.summary.trim(),
              material: input.material ? 1 : 0,
              publishedAt: now(),
              effectiveAt: toTimestamp(eff!),
              publishedBy: actorId,
            })
            .execute()
          await audit.record(trx, ctx, {
            action: 'policy.published',
            subjectType: 'policy',
            subjectId: input.version,
            detail: { material: input.material },
          })
          if (userIds.length)
            await jobs.enqueue(
              trx,
              'notify-users',
              {
                userIds,
                title: '隐私政策将更新',
                body: `隐私政策 ${input.version} 将于 ${input.effectiveDate} 生效。变更摘要：${input.summary.trim()}。生效后须您确认同意；如不同意，可在生效前导出数据并注销账号。`,
                link: '/privacy-policy',
                category: 'policy',
              },
              { uniqueKey: `policy:${input.version}` },
            )
        })
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('invalid', '该版本号已存在', { version: '该版本号已存在' })
        throw e
      }
    },
    /** Has the citizen accepted the policy version in force? (The version in force is cached 5 s of clock time.) */
    async needsReconsent(userId: number) {
      const t = clock.now().getTime()
      if (!policyCache || t - policyCache.at > 5_000 || t < policyCache.at)
        policyCache = { at: t, row: await policyRepo.currentPolicy(db, now()) }
      const current = policyCache.row
      if (!current) return null
      // Acceptance of a version is never taken back (closing the account ends its sessions), so a
      // positive answer can be remembered per node; a new version in force misses the memo by key.
      const key = `${userId}:${current.version}`
      if (accepted.has(key)) return null
      const c = (await privacyRepo.currentConsents(db, userId)).privacy_policy
      if (c?.granted && c.policyVersion === current.version) {
        if (accepted.size >= 50_000) accepted.delete(accepted.values().next().value!)
        accepted.add(key)
        return null
      }
      return current
    },
    async acceptPolicy(ctx: AuditContext, userId: number, version: string) {
      await db.transaction().execute(async (trx) => {
        await privacyRepo.insertConsent(trx, {
          userId,
          consent: 'privacy_policy',
          granted: true,
          policyVersion: version,
          channel: 'web',
          ip: ctx.ip,
          createdAt: now(),
        })
        await audit.record(trx, ctx, { action: 'policy.accepted', subjectType: 'citizen', subjectId: userId, detail: { version } })
      })
    },

    // incidents
    incidents: () => repo.incidents(db),
    publishedIncidents: () => repo.publishedIncidents(db),
    incident: (id: number) => repo.incidentById(db, id),
    async recordIncident(ctx: AuditContext, actorId: number, v: Record<string, string>) {
      const req = {
        title: '标题',
        what_happened: '发生了什么',
        data_categories: '涉及的数据类别',
        occurred_at: '发生时间',
        impact: '可能的影响',
        measures: '已采取的措施',
        advice: '给用户的建议',
        remedies: '补救措施',
        affected: '受影响用户',
      }
      const errors: Record<string, string> = {}
      for (const [k, label] of Object.entries(req)) if (!(v[k] ?? '').trim()) errors[k] = `请填写${label}`
      if (v.occurred_at && Number.isNaN(new Date(v.occurred_at).getTime())) errors.occurred_at = '时间格式如 2026-11-20T10:00'
      if (Object.keys(errors).length) throw new AppError('invalid', '提交的信息有误，请按提示修改', errors)
      return db.transaction().execute(async (trx) => {
        const id = await repo.insertIncident(trx, {
          title: v.title.trim(),
          whatHappened: v.what_happened.trim(),
          dataCategories: v.data_categories.trim(),
          occurredAt: toTimestamp(new Date(v.occurred_at)),
          impact: v.impact.trim(),
          measures: v.measures.trim(),
          advice: v.advice.trim(),
          remedies: v.remedies.trim(),
          affected: v.affected.trim(),
          status: 'recorded',
          recordedBy: actorId,
          createdAt: now(),
          notifiedAt: null,
          publishedAt: null,
          notifiedCount: null,
          closedAt: null,
        })
        await audit.record(trx, ctx, { action: 'incident.recorded', subjectType: 'incident', subjectId: id })
        return id
      })
    },
    /** Email, SMS and in-site message to every affected user (outbox), and a public notice. */
    async notifyIncident(ctx: AuditContext, id: number) {
      const i = await repo.incidentById(db, id)
      if (!i) throw new AppError('not_found', '未找到')
      if (i.status !== 'recorded') throw new AppError('conflict', '已告知')
      const phones = i.affected.trim() === 'all' ? null : i.affected.split(/[\s,，]+/).filter(Boolean)
      const users = await repo.activeUserIds(db, phones)
      const body = `${i.whatHappened} 可能影响：${i.impact} 我们已：${i.measures} 建议您：${i.advice} 补救措施：${i.remedies} 个人信息保护负责人：privacy@talent.gov.example，12333。`
      await db.transaction().execute(async (trx) => {
        for (const u of users)
          await notifications.notifyUser(trx, u.id, {
            title: `安全事件告知：${i.title}`,
            body,
            link: `/notices/${id}`,
            category: 'security',
          })
        await repo.updateIncident(trx, id, { status: 'notified', notifiedAt: now(), publishedAt: now(), notifiedCount: users.length })
        await audit.record(trx, ctx, {
          action: 'incident.notified',
          subjectType: 'incident',
          subjectId: id,
          detail: { users: users.length },
        })
      })
      return users.length
    },
    async closeIncident(ctx: AuditContext, id: number) {
      await repo.updateIncident(db, id, { status: 'closed', closedAt: now() })
      await audit.record(null, ctx, { action: 'incident.recorded', subjectType: 'incident', subjectId: id, detail: { closed: true } })
    },

    // announcements
    activeAnnouncements: () => repo.activeAnnouncements(db, now()),
    announcements: () => repo.announcements(db),
    async addAnnouncement(ctx: AuditContext, actorId: number, v: { title: string; body: string; startsAt: string; endsAt: string }) {
      const errors: Record<string, string> = {}
      if (!v.title.trim() || v.title.length > 120) errors.title = '请填写标题（120字以内）'
      if (!v.body.trim() || v.body.length > 1000) errors.body = '请填写内容（1000字以内）'
      const ps = parseLocalDateTime(v.startsAt, { min: '2000-01-01' })
      const pe = parseLocalDateTime(v.endsAt, { min: '2000-01-01' })
      const s = 'at' in ps ? ps.at : new Date(NaN)
      const e = 'at' in pe ? pe.at : new Date(NaN)
      if ('problem' in ps)
        errors.starts_at = ps.problem === 'format' ? '请填写开始时间' : dateMessage('开始时间', ps.problem, { min: '2000-01-01' })
      if ('problem' in pe || e <= s) errors.ends_at = '结束时间须晚于开始时间'
      if (Object.keys(errors).length) throw new AppError('invalid', '提交的信息有误，请按提示修改', errors)
      await repo.insertAnnouncement(db, {
        title: v.title.trim(),
        body: v.body.trim(),
        startsAt: toTimestamp(s),
        endsAt: toTimestamp(e),
        createdBy: actorId,
        createdAt: now(),
      })
      await audit.record(null, ctx, {
        action: 'admin.settings_changed',
        subjectType: 'system',
        detail: { announcement: v.title.slice(0, 40) },
      })
    },
  }
}
export type AdminService = ReturnType<typeof createAdminService>
