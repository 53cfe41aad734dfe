import { t } from '../../lib/i18n/index.js'
import type { Kysely } from 'kysely'
import nodeCrypto from 'node:crypto'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { DAY } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import { beijingDate, compactDate, today } from '../../lib/time.js'
import { AppError } from '../../lib/errors.js'
import type { FieldCrypto } from '../../lib/crypto.js'
import type { Logger } from '../../lib/logger.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import { auditActionLabel } from '../audit/events.js'
import type { NotificationService } from '../notifications/service.js'
import type { SmsGateway } from '../notifications/transports.js'
import type { ApplicationService } from '../applications/service.js'
import type { CatalogServiceApi } from '../catalog/service.js'
import type { IdentityService } from '../identity/service.js'
import type { CalendarService } from '../calendar/service.js'
import type { SessionService } from '../identity/sessions.js'
import type { JobService } from '../jobs/service.js'
import type { FileStore } from '../applications/storage.js'
import type { RateLimiter } from '../ratelimit/service.js'
import type { SessionRow, UserRow } from '../identity/table.js'
import { StepUpRequired, type BankAccountService } from '../identity/bank.js'
import { normaliseNumber } from '../identity/validators.js'
import * as repo from './repository.js'
import type { UserDirectory } from '../identity/directory.js'
import type { ApplicationRetention } from '../applications/retention.js'
import type { ComplaintService } from '../complaints/service.js'
import { OPTIONAL_CONSENTS } from './catalog.js'
import { dateMessage, parseLocalDateTime } from '../../lib/dates.js'

export const CLOSURE_COOLING_OFF_DAYS = 7
export const CLOSURE_LIMIT_WORKING_DAYS = 15

/**
 * The privacy policy's promises: see, export, correct, consent, access log, closure, retention.
 * Closure deletes through each module's own erase function (identity, applications, notifications).
 */
export function createPrivacyService(deps: {
  db: Kysely<Database>
  clock: Clock
  crypto: FieldCrypto
  logger: Logger
  sms: SmsGateway
  audit: AuditService
  notifications: NotificationService
  applications: ApplicationService
  catalog: CatalogServiceApi
  identity: IdentityService
  bank: BankAccountService
  calendar: CalendarService
  sessions: SessionService
  jobs: JobService
  files: FileStore
  rateLimiter: RateLimiter
  directory: UserDirectory
  retention: ApplicationRetention
  complaints: Pick<ComplaintService, 'eraseForUser'>
  auditRetentionDays: number
}) {
  const { db, clock, crypto, audit, notifications, applications, catalog, identity, bank, calendar, sessions, jobs, files } = deps
  const { directory, retention, complaints } = deps
  const now = () => toTimestamp(clock.now())

  async function closureBlockers(user: UserRow): Promise<string[]> {
    const reasons: string[] = []
    const open = await applications.openApplicationsOf(user.id)
    if (open.length)
      reasons.push(
        t('您有 {n} 件正在办理的业务（{refs}），请等待办结或先撤回后再注销', {
          n: open.length,
          refs: open.map((a) => a.ref).join(t('、')),
        }),
      )
    const pending = await applications.pendingPaymentsOf(user.id)
    if (pending.length)
      reasons.push(t('您有补贴待发放（{refs}），发放完成后才能注销，以免影响您的权益', { refs: pending.map((a) => a.ref).join(t('、')) }))
    for (const e of await identity.enterprisesOf(user.id)) {
      const ops = await identity.operatorsOf(e.id)
      if (ops.length === 1 && (await applications.openApplicationsOfEnterprise(e.id)).length)
        reasons.push(t('您是“{name}”唯一的经办人且该企业有在办业务，请先添加其他经办人', { name: e.name }))
    }
    return reasons
  }

  async function requestClosure(
    ctx: AuditContext,
    user: UserRow,
    input: { reason: string; channel: 'online' | 'counter'; staffId?: number; verificationMethod?: string; note?: string },
  ) {
    if (user.status !== 'active') throw new AppError('conflict', t('该账号已在注销办理中'))
    const blockers = await closureBlockers(user)
    if (blockers.length) throw new AppError('conflict', blockers.join(t('；')))
    const at = clock.now()
    const executeAfter = new Date(at.getTime() + CLOSURE_COOLING_OFF_DAYS * DAY)
    const dueDate = await calendar.addWorkingDays(beijingDate(at), CLOSURE_LIMIT_WORKING_DAYS)
    const ref = `ZX${compactDate(beijingDate(at))}${nodeCrypto.randomBytes(4).toString('hex').toUpperCase()}`
    await db.transaction().execute(async (trx) => {
      await repo.insertClosure(trx, {
        ref,
        userId: user.id,
        status: 'requested',
        channel: input.channel,
        reason: input.reason.slice(0, 200) || null,
        staffId: input.staffId ?? null,
        verificationMethod: input.verificationMethod ?? null,
        note: input.note?.slice(0, 500) ?? null,
        contactEnc: user.phone ? crypto.encrypt(user.phone) : null,
        requestedAt: toTimestamp(at),
        executeAfter: toTimestamp(executeAfter),
        dueDate,
        completedAt: null,
        cancelledAt: null,
      })
      await directory.setUserStatus(trx, user.id, 'closing', toTimestamp(at))
      await sessions.revokeAll(trx, 'citizen', user.id)
      await audit.record(trx, ctx, {
        action: input.channel === 'counter' ? 'counter.closure' : 'privacy.closure_requested',
        subjectType: 'citizen',
        subjectId: user.id,
        detail: { ref, channel: input.channel, method: input.verificationMethod ?? 'sms-step-up' },
      })
      await notifications.notifyUser(trx, user.id, {
        title: t('注销申请已受理'),
        body: t(
          '注销编号 {ref}。{CLOSURE_COOLING_OFF_DAYS}天冷静期后开始删除您的个人信息，最迟 {dueDate} 前完成。冷静期内如需撤销，请携带身份证到服务窗口办理。',
          { ref, CLOSURE_COOLING_OFF_DAYS, dueDate },
        ),
        channels: ['sms', 'mail'],
        category: 'account',
      })
      await jobs.enqueue(trx, 'account-closure', { ref }, { runAt: executeAfter, uniqueKey: `closure:${ref}` })
    })
    return { ref, dueDate }
  }

  /** The closure job: resumable steps, each idempotent. */
  jobs.register('account-closure', async (payload: { ref: string }, job) => {
    const c = await repo.closureByRef(db, payload.ref)
    if (!c || c.status !== 'requested') return
    const step = (job.progress as { step?: number } | null)?.step ?? 0
    const contact = c.contactEnc ? crypto.decrypt(c.contactEnc) : null
    if (step < 1) {
      const keep = (await catalog.list()).filter((s) => s.isSubsidy).map((s) => s.code)
      const retainUntil = toTimestamp(new Date(clock.now().getTime() + 10 * 365 * DAY))
      // Erasing and recording that it happened commit together (one commit fewer per account).
      await db.transaction().execute(async (trx) => {
        await files.remove(trx, await retention.anonymiseForUser(trx, c.userId, keep, retainUntil))
        await notifications.eraseForUser(trx, c.userId, contact ? [contact] : [])
        await repo.deleteConsentsOf(trx, c.userId)
        await repo.deleteCorrectionsOf(trx, c.userId)
        await complaints.eraseForUser(trx, c.userId, contact)
        await directory.eraseUser(trx, c.userId, now())
        await job.saveProgress({ step: 1 }, trx)
      })
    }
    // Tell the person by the channel captured before deletion — directly, so the number is not stored
    // again — then complete. A crash between the two sends the SMS again on resume (at least once).
    if (contact)
      await deps.sms.send(
        contact,
        t('【人才一站式网上办事大厅】您的账号注销（编号{ref}）已完成，个人信息已删除。法律规定须保存的记录已匿名化保存。', { ref: c.ref }),
      )
    await db.transaction().execute(async (trx) => {
      await repo.updateClosure(trx, c.id, { status: 'completed', completedAt: now(), contactEnc: null })
      await audit.record(
        trx,
        { actorType: 'system', actorId: null, actorRole: null, ip: null, userAgent: null, requestId: null },
        { action: 'privacy.closure_completed', subjectType: 'citizen', subjectId: c.userId, detail: { ref: c.ref } },
      )
    })
  })

  return {
    closureBlockers,
    requestClosure,

    async counterClosure(
      ctx: AuditContext,
      staffId: number,
      input: { realName: string; idNumber: string; verificationMethod: string; note: string },
    ) {
      const errors: Record<string, string> = {}
      if (!input.verificationMethod) errors.verification_method = t('请选择并记录身份核验方式')
      if (!input.realName) errors.real_name = t('请填写姓名')
      if (!/^\d{17}[\dX]$/.test(input.idNumber)) errors.id_number = t('身份证号码应为18位')
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
      const u = await identity.userByIdNumber(input.idNumber)
      await audit.record(null, ctx, {
        action: 'counter.lookup',
        subjectType: 'citizen',
        subjectId: u?.id ?? null,
        purpose: '窗口办理注销',
        detail: { method: input.verificationMethod, found: !!u },
      })
      if (!u || u.realName !== input.realName)
        throw new AppError('invalid', t('未找到与该姓名和身份证号一致的账号'), {
          id_number: t('未找到与该姓名和身份证号一致的账号，请核对证件'),
        })
      return requestClosure(ctx, u, {
        reason: '窗口申请注销',
        channel: 'counter',
        staffId,
        verificationMethod: input.verificationMethod,
        note: input.note,
      })
    },

    async cancelClosure(ctx: AuditContext, ref: string) {
      const c = await repo.closureByRef(db, ref)
      if (!c) throw new AppError('not_found', t('未找到该注销申请'))
      if (c.status !== 'requested' || c.executeAfter <= now()) throw new AppError('conflict', t('冷静期已过或申请已处理，不能撤销'))
      await db.transaction().execute(async (trx) => {
        await repo.updateClosure(trx, c.id, { status: 'cancelled', cancelledAt: now(), contactEnc: null })
        await directory.setUserStatus(trx, c.userId, 'active', now())
        await audit.record(trx, ctx, {
          action: 'counter.closure',
          subjectType: 'citizen',
          subjectId: c.userId,
          detail: { ref, cancelled: true },
        })
      })
    },

    closureByRef: (ref: string) => repo.closureByRef(db, ref),

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

    /**
     * A correction request. A bank account is money: it is accepted only from the citizen's own
     * session with a live step-up (never by phone on their behalf) and only as a valid number
     * (docs/decisions/0160-bank-account-changes.md).
     */
    async requestCorrection(
      ctx: AuditContext,
      user: UserRow,
      input: { field: string; value: string; reason: string; session?: SessionRow },
    ) {
      const errors: Record<string, string> = {}
      if (!['real_name', 'id_number', 'bank_account'].includes(input.field)) errors.field = t('请选择要更正的信息')
      if (input.field === 'bank_account') {
        if (!input.session)
          throw new AppError('forbidden', t('银行账户只能由本人登录后经短信二次验证更改，不能代为申请'), {
            field: t('银行账户须本人在线更改'),
          })
        if (input.session.subjectId !== user.id || !sessions.isSteppedUp(input.session)) throw new StepUpRequired()
        input = { ...input, value: normaliseNumber(input.value) }
        const e = bank.validate({ account: input.value }).bank_account
        if (e) errors.value = e
      }
      if (!input.value.trim()) errors.value = t('请填写更正后的内容')
      if (input.value.length > 60) errors.value = t('内容过长')
      if (input.reason.trim().length < 4) errors.reason = t('请说明更正原因（至少4个字）')
      if (input.reason.length > 500) errors.reason = t('原因最多500字')
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
      await db.transaction().execute(async (trx) => {
        await repo.insertCorrection(trx, {
          userId: user.id,
          field: input.field,
          newValueEnc: crypto.encrypt(input.value.trim()),
          reason: input.reason.trim(),
          status: 'pending',
          decidedBy: null,
          decisionNote: null,
          createdAt: now(),
          decidedAt: null,
        })
        await audit.record(trx, ctx, {
          action: 'privacy.correction_requested',
          subjectType: 'citizen',
          subjectId: user.id,
          detail: { field: input.field },
        })
      })
    },
    pendingCorrections: () => repo.pendingCorrections(db),

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
            title: t('您的个人信息被依法提供给第三方'),
            body: t('接收方：{x}；数据：{x2}；依据：{x3}。详情见个人数据中心。', {
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

    /** Staff review of an identity correction: approve applies it (re-encrypted, re-indexed, re-masked). */
    async decideCorrection(ctx: AuditContext, staffId: number, id: number, approve: boolean, note: string) {
      const c = await repo.correctionById(db, id)
      if (!c) throw new AppError('not_found', t('未找到'))
      if (c.status !== 'pending') throw new AppError('conflict', t('该申请已处理'))
      if (!approve && note.trim().length < 4) throw new AppError('invalid', t('不予更正须说明理由'), { note: t('不予更正须说明理由') })
      const value = crypto.decrypt(c.newValueEnc)
      let set: Record<string, string> = {}
      if (approve) {
        if (c.field === 'real_name') set = { realName: value }
        else if (c.field === 'id_number') {
          const v = value.toUpperCase()
          if (!/^\d{17}[\dX]$/.test(v))
            throw new AppError('invalid', t('申请的身份证号格式不正确，请驳回'), { note: t('申请的身份证号格式不正确') })
          const other = await identity.userByIdNumber(v)
          if (other && other.id !== c.userId) throw new AppError('conflict', t('该身份证号已绑定其他账号'))
          set = {
            idNumberEnc: crypto.encrypt(v),
            idNumberBidx: crypto.blindIndex('id_number', v),
            idNumberMasked: `${v.slice(0, 4)}**********${v.slice(-4)}`,
            birthDate: `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`,
            sex: Number(v[16]) % 2 === 1 ? 'M' : 'F',
          }
        } else if (c.field === 'bank_account') {
          const e = bank.validate({ account: value }).bank_account
          if (e) throw new AppError('invalid', t('申请的银行账号无效（{e}），请驳回', { e }), { note: t('申请的银行账号无效') })
        }
      }
      await db.transaction().execute(async (trx) => {
        if (approve && c.field === 'bank_account') await bank.change(trx, ctx, c.userId, { account: value }, { correctionId: c.id })
        else if (approve) await directory.updateUser(trx, c.userId, { ...set, updatedAt: now() })
        await repo.updateCorrection(trx, id, {
          status: approve ? 'approved' : 'rejected',
          decidedBy: staffId,
          decisionNote: note.trim() || null,
          decidedAt: now(),
        })
        await audit.record(trx, ctx, {
          action: 'privacy.correction_decided',
          subjectType: 'citizen',
          subjectId: c.userId,
          purpose: '处理更正申请',
          detail: { field: c.field, approve },
        })
        await notifications.notifyUser(trx, c.userId, {
          title: approve ? t('您的更正申请已通过') : t('您的更正申请未通过'),
          body: approve ? t('您的信息已按申请更正。') : t('理由：{x}', { x: note.trim() }),
          link: '/me/data',
          category: 'account',
        })
      })
    },
    correctionValue: async (id: number) => {
      const c = await repo.correctionById(db, id)
      return c ? crypto.decrypt(c.newValueEnc) : null
    },

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
