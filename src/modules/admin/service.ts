import { t } from '../../lib/i18n/index.js'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import { AppError } from '../../lib/errors.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { NotificationService } from '../notifications/service.js'
import type { SessionService } from '../identity/sessions.js'
import * as repo from './repository.js'
import type { StaffService } from '../identity/staff.js'
import type { UserDirectory } from '../identity/directory.js'
import { dateMessage, parseLocalDateTime } from '../../lib/dates.js'
import { storedText } from '../../lib/i18n/stored.js'
import type { IncidentEnglish, IncidentRow } from './table.js'

/** The incident's English fields and the form names they come from (`en_` + the Chinese field's name). */
const INCIDENT_EN: [keyof IncidentEnglish, string][] = [
  ['title', 'en_title'],
  ['whatHappened', 'en_what_happened'],
  ['dataCategories', 'en_data_categories'],
  ['impact', 'en_impact'],
  ['measures', 'en_measures'],
  ['advice', 'en_advice'],
  ['remedies', 'en_remedies'],
]

/** A security notice as a page shows it: in English where it was published with English, else the Chinese (`lang`). */
export function shownIncident(row: IncidentRow) {
  const zh: IncidentEnglish = {
    title: row.title,
    whatHappened: row.whatHappened,
    dataCategories: row.dataCategories,
    impact: row.impact,
    measures: row.measures,
    advice: row.advice,
    remedies: row.remedies,
  }
  const s = storedText(zh, row.en)
  return { ...row, ...s.text, lang: s.lang, fallback: s.fallback }
}
export type ShownIncident = ReturnType<typeof shownIncident>

/** Staff and roles (三权分立), incidents, announcements. */
export function createAdminService(deps: {
  db: Kysely<Database>
  clock: Clock
  audit: AuditService
  notifications: NotificationService
  sessions: SessionService
  staff: StaffService
  directory: UserDirectory
}) {
  const { db, clock, audit, notifications, sessions, staff, directory } = deps
  const now = () => toTimestamp(clock.now())

  return {
    staffList: () => staff.list(),
    async setStaffStatus(ctx: AuditContext, actorId: number, staffId: number, status: 'active' | 'disabled') {
      if (actorId === staffId) throw new AppError('forbidden', t('不能停用自己的账号'))
      if (!(await staff.byId(staffId))) throw new AppError('not_found', t('未找到'))
      await db.transaction().execute(async (trx) => {
        await staff.update(trx, staffId, { status })
        if (status === 'disabled') await sessions.revokeAll(trx, 'staff', staffId)
        await audit.record(trx, ctx, {
          action: status === 'disabled' ? 'admin.staff_disabled' : 'admin.staff_enabled',
          subjectType: 'staff',
          subjectId: staffId,
        })
      })
    },
    // Password resets and role changes are identity's (src/modules/identity/staff.ts: links to the
    // holder, secadmin only, admin roles held alone, sessions ended); kept here as names the admin pages call.
    resetPassword: (ctx: AuditContext, actorId: number, staffId: number) => staff.resetPassword(ctx, actorId, staffId),
    grantRole: (ctx: AuditContext, actorId: number, staffId: number, role: string) => staff.grantRole(ctx, actorId, staffId, role),
    revokeRole: (ctx: AuditContext, actorId: number, staffId: number, role: string) => staff.revokeRole(ctx, actorId, staffId, role),
    // incidents
    incidents: () => repo.incidents(db),
    publishedIncidents: () => repo.publishedIncidents(db),
    incident: (id: number) => repo.incidentById(db, id),
    async recordIncident(ctx: AuditContext, actorId: number, v: Record<string, string>) {
      const req = {
        title: t('标题'),
        what_happened: t('发生了什么'),
        data_categories: t('涉及的数据类别'),
        occurred_at: t('发生时间'),
        impact: t('可能的影响'),
        measures: t('已采取的措施'),
        advice: t('给用户的建议'),
        remedies: t('补救措施'),
        affected: t('受影响用户'),
      }
      const errors: Record<string, string> = {}
      for (const [k, label] of Object.entries(req)) if (!(v[k] ?? '').trim()) errors[k] = t('请填写{label}', { label })
      if (v.occurred_at && Number.isNaN(new Date(v.occurred_at).getTime())) errors.occurred_at = t('时间格式如 2026-11-20T10:00')
      // the English is optional, but all of it or none: a notice is never half in one language
      const en = Object.fromEntries(INCIDENT_EN.map(([k, name]) => [k, (v[name] ?? '').trim()])) as unknown as IncidentEnglish
      const anyEn = INCIDENT_EN.some(([k]) => en[k])
      if (anyEn) for (const [k, name] of INCIDENT_EN) if (!en[k]) errors[name] = t('请同时填写此项的英文（或清空全部英文内容）')
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
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
          en: anyEn ? JSON.stringify(en) : null,
        })
        await audit.record(trx, ctx, { action: 'incident.recorded', subjectType: 'incident', subjectId: id })
        return id
      })
    },
    /** Email, SMS and in-site message to every affected user (outbox), and a public notice. */
    async notifyIncident(ctx: AuditContext, id: number) {
      const i = await repo.incidentById(db, id)
      if (!i) throw new AppError('not_found', t('未找到'))
      if (i.status !== 'recorded') throw new AppError('conflict', t('已告知'))
      const phones = i.affected.trim() === 'all' ? null : i.affected.split(/[\s,，]+/).filter(Boolean)
      const users = await directory.activeUserIds(phones)
      // composed in each recipient's language; the incident's own words in English where it was recorded with them
      const text = () => shownIncident(i)
      const title = () => t('安全事件告知：{title}', { title: text().title })
      const body = () => {
        const x = text()
        return t(
          '{whatHappened} 可能影响：{impact} 我们已：{measures} 建议您：{advice} 补救措施：{remedies} 个人信息保护负责人：privacy@talent.gov.example，12333。',
          { whatHappened: x.whatHappened, impact: x.impact, measures: x.measures, advice: x.advice, remedies: x.remedies },
        )
      }
      await db.transaction().execute(async (trx) => {
        for (const u of users)
          await notifications.notifyUser(trx, u.id, {
            title,
            body,
            link: `/notices/${id}`,
            category: 'security',
            english: !!i.en,
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
      if (!v.title.trim() || v.title.length > 120) errors.title = t('请填写标题（120字以内）')
      if (!v.body.trim() || v.body.length > 1000) errors.body = t('请填写内容（1000字以内）')
      const ps = parseLocalDateTime(v.startsAt, { min: '2000-01-01' })
      const pe = parseLocalDateTime(v.endsAt, { min: '2000-01-01' })
      const s = 'at' in ps ? ps.at : new Date(NaN)
      const e = 'at' in pe ? pe.at : new Date(NaN)
      if ('problem' in ps)
        errors.starts_at = ps.problem === 'format' ? t('请填写开始时间') : dateMessage(t('开始时间'), ps.problem, { min: '2000-01-01' })
      if ('problem' in pe || e <= s) errors.ends_at = t('结束时间须晚于开始时间')
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
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
