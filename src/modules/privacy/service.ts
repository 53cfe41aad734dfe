import { DAY } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import { today } from '../../lib/time.js'
import { AppError } from '../../lib/errors.js'
import type { AuditContext } from '../audit/service.js'
import { auditActionLabel } from '../audit/events.js'
import { t } from '../../lib/i18n/index.js'
import type { UserRow } from '../identity/table.js'
import * as repo from './repository.js'
import type { PrivacyDeps } from './deps.js'
import { createClosureService } from './closure.js'
import { createCorrectionService } from './corrections.js'
import { OPTIONAL_CONSENTS } from './catalog.js'
import { dateMessage, parseLocalDateTime } from '../../lib/dates.js'

export { CLOSURE_COOLING_OFF_DAYS, CLOSURE_LIMIT_WORKING_DAYS } from './closure.js'

/**
 * The privacy policy's promises: see, export, correct, consent, access log, closure, retention.
 * Closure lives in closure.ts, corrections in corrections.ts; this file composes them with consents,
 * the data center, the access log, the disclosure ledger and the daily purge.
 */
export function createPrivacyService(deps: PrivacyDeps) {
  const { db, clock, crypto, audit, notifications, applications, identity, files, directory, retention } = deps
  const now = () => toTimestamp(clock.now())

  const closure = createClosureService(deps)
  const corrections = createCorrectionService(deps)

  return {
    ...closure,
    ...corrections,

    async setConsent(ctx: AuditContext, userId: number, consent: string, granted: boolean, channel: 'web' | 'counter' | 'phone' = 'web') {
      if (!OPTIONAL_CONSENTS.some((c) => c.key === consent))
        throw new AppError('invalid', t('未知的授权项'), { consent: t('未知的授权项') })
      await db.transaction().execute(async (trx) => {
        await repo.insertConsent(trx, { userId, consent, granted, policyVersion: null, channel, ip: ctx.ip, createdAt: now() })
        await audit.record(trx, ctx, {
          action: 'privacy.consent_changed',
          subjectType: 'citizen',
          subjectId: userId,
          detail: { consent, granted },
        })
      })
    },
    currentConsents: (userId: number) => repo.currentConsents(db, userId),
    consentHistory: (userId: number) => repo.consentHistory(db, userId),

    /** Staff accesses to my data: when, staff number and department (not names), what, why. */
    async accessLog(userId: number) {
      const rows = await audit.accessesToSubject('citizen', String(userId))
      const staff = await directory.staffNumbers([...new Set(rows.map((r) => Number(r.actorId)).filter(Boolean))])
      const byId = new Map(staff.map((s) => [String(s.id), s]))
      return rows.map((r) => ({
        at: r.at,
        staffNo: byId.get(r.actorId ?? '')?.staffNo ?? '—',
        department: byId.get(r.actorId ?? '')?.department ?? '—',
        action: auditActionLabel(r.action),
        purpose: r.purpose,
      }))
    },

    /** Everything we hold about the person, decrypted (after step-up); the export is audited. */
    async exportData(ctx: AuditContext, user: UserRow) {
      const apps = await applications.allForApplicant(user.id)
      const full = await Promise.all(
        apps.map(async (a) => ({
          ref: a.ref,
          service: a.serviceCode,
          status: a.status,
          submittedAt: a.submittedAt,
          answers: JSON.parse(a.data) as Record<string, unknown>,
          events: (await applications.events(a.id)).map((e) => ({ at: e.createdAt, to: e.toStatus, reason: e.reason })),
          attachments: (await applications.attachmentsOf(a.id)).map((x) => ({ filename: x.filename, sha256: x.sha256, size: x.size })),
          rating: (await applications.ratingOf(a.id)) ?? null,
        })),
      )
      const data = {
        exportedAt: now(),
        account: { phone: user.phone, email: user.email, createdAt: user.createdAt, status: user.status },
        identity: user.verifiedAt
          ? {
              realName: user.realName,
              idNumber: user.idNumberEnc ? crypto.decrypt(user.idNumberEnc) : null,
              sex: user.sex,
              birthDate: user.birthDate,
              bankName: user.bankName,
              bankAccount: user.bankAccountEnc ? crypto.decrypt(user.bankAccountEnc) : null,
              verifiedAt: user.verifiedAt,
              verificationMethod: user.verificationMethod,
              guardian: user.guardianName ? { name: user.guardianName, relation: user.guardianRelation, phone: user.guardianPhone } : null,
            }
          : null,
        enterprises: (await identity.enterprisesOf(user.id)).map((e) => ({ name: e.name, uscc: e.uscc, legalRepName: e.legalRepName })),
        applications: full,
        drafts: (await applications.drafts(user.id)).map((d) => ({
          service: d.serviceCode,
          updatedAt: d.updatedAt,
          answers: JSON.parse(d.data) as Record<string, unknown>,
        })),
        messages: (await notifications.messages(user.id)).map((m) => ({ at: m.createdAt, title: m.title, body: m.body })),
        consents: (await repo.consentHistory(db, user.id)).map((c) => ({
          consent: c.consent,
          granted: c.granted === 1,
          policyVersion: c.policyVersion,
          channel: c.channel,
          at: c.createdAt,
        })),
        corrections: (await repo.correctionsOf(db, user.id)).map((c) => ({ field: c.field, status: c.status, at: c.createdAt })),
        disclosures: (await repo.disclosuresOf(db, user.id, false)).map((d) => ({
          recipient: d.recipient,
          data: d.dataCategories,
          legalBasis: d.legalBasis,
          at: d.disclosedAt,
        })),
        accessLog: await this.accessLog(user.id),
        loginHistory: await directory.sessionsOf(user.id),
      }
      await audit.record(null, ctx, { action: 'privacy.export', subjectType: 'citizen', subjectId: user.id })
      return data
    },

    async summary(user: UserRow) {
      return {
        applications: (await applications.listForApplicant(user.id)).length,
        drafts: (await applications.drafts(user.id)).length,
        messages: (await notifications.messages(user.id)).length,
        enterprises: (await identity.enterprisesOf(user.id)).length,
        consents: await repo.currentConsents(db, user.id),
        corrections: await repo.correctionsOf(db, user.id),
        sessions: (await directory.sessionsOf(user.id)).length,
        disclosures: await repo.disclosuresOf(db, user.id, false),
      }
    },

    /** Sharing ledger: a secadmin records a disclosure; the user is told unless a legal basis forbids it (the flag is audited). */
    async recordDisclosure(
      ctx: AuditContext,
      staffId: number,
      v: {
        phone: string
        recipient: string
        dataCategories: string
        legalBasis: string
        disclosedAt: string
        noNotify: boolean
        noNotifyBasis: string
      },
    ) {
      const errors: Record<string, string> = {}
      const u = /^1[3-9]\d{9}$/.test(v.phone) ? await directory.userByPhone(v.phone) : null
      if (!u) errors.phone = t('未找到该手机号对应的用户')
      if (!v.recipient.trim()) errors.recipient = t('请填写接收方')
      if (!v.dataCategories.trim()) errors.data_categories = t('请填写提供的数据类别')
      if (v.legalBasis.trim().length < 4) errors.legal_basis = t('请填写法律依据（如调取证据通知书文号）')
      const atBounds = { min: '2000-01-01', max: today(clock) }
      const parsed = parseLocalDateTime(v.disclosedAt, atBounds)
      const at = 'at' in parsed ? parsed.at : new Date(NaN)
      if ('problem' in parsed)
        errors.disclosed_at = parsed.problem === 'format' ? t('请填写提供时间') : dateMessage(t('提供时间'), parsed.problem, atBounds)
      if (v.noNotify && v.noNotifyBasis.trim().length < 4) errors.no_notify_basis = t('不告知用户须写明法律依据')
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
      await db.transaction().execute(async (trx) => {
        await repo.insertDisclosure(trx, {
          userId: u!.id,
          recipient: v.recipient.trim(),
          dataCategories: v.dataCategories.trim(),
          legalBasis: v.legalBasis.trim(),
          disclosedAt: toTimestamp(at),
          notifyUser: v.noNotify ? 0 : 1,
          noNotifyBasis: v.noNotify ? v.noNotifyBasis.trim() : null,
          recordedBy: staffId,
          createdAt: now(),
        })
        await audit.record(trx, ctx, {
          action: 'privacy.disclosure_recorded',
          subjectType: 'citizen',
          subjectId: u!.id,
          purpose: v.legalBasis.trim().slice(0, 200),
          detail: {
            recipient: v.recipient.trim().slice(0, 60),
            notify: !v.noNotify,
            noNotifyBasis: v.noNotify ? v.noNotifyBasis.trim().slice(0, 100) : null,
          },
        })
        if (!v.noNotify)
          await notifications.notifyUser(trx, u!.id, {
            title: () => t('您的个人信息被依法提供给第三方'),
            body: () =>
              t('接收方：{x}；数据：{x2}；依据：{x3}。详情见个人数据中心。', {
                x: v.recipient.trim(),
                x2: v.dataCategories.trim(),
                x3: v.legalBasis.trim(),
              }),
            link: '/me/data',
            category: 'privacy',
          })
      })
    },
    disclosuresOf: (userId: number) => repo.disclosuresOf(db, userId, false),
    recentDisclosures: () => repo.recentDisclosures(db),

    /** Daily retention purge (docs/retention.md). */
    async purge(at: Date) {
      const ms = at.getTime()
      const iso = (days: number) => toTimestamp(new Date(ms - days * DAY))
      await directory.purgeExpired(iso(30), iso(1))
      await db.transaction().execute(async (trx) => files.remove(trx, await retention.purgeDrafts(trx, iso(180))))
      await notifications.purgeSent(iso(30))
      await deps.rateLimiter.purgeBefore(new Date(ms - 2 * DAY))
      const auditDays = Math.max(183, deps.auditRetentionDays)
      const purgedAudit = await audit.purgeBefore(iso(auditDays))
      return { purgedAudit }
    },
  }
}

export type PrivacyService = ReturnType<typeof createPrivacyService>
