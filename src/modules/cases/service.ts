import { t } from '../../lib/i18n/index.js'
import { toTimestamp } from '../../db/time.js'
import { addDays, beijingDate, beijingDayStart, today as todayIn } from '../../lib/time.js'
import { AppError } from '../../lib/errors.js'
import type { AuditContext } from '../audit/service.js'
import { canonical } from '../catalog/localise.js'
import type { CalendarService } from '../calendar/service.js'
import { clockState, type ApplicationStatus } from '../applications/lifecycle.js'
import * as repo from './repository.js'
import { payable } from './payment.js'
import { caseStats, type InstantFigures } from './stats.js'

import { createDecisions, type DecisionDeps } from './decisions.js'
import { createTemplateService } from './templates.js'
export { DECISIONS, DECISION_ROLES, type Decision } from './decisions.js'
import { REVEAL_PURPOSES } from './labels.js'
export { REVEAL_PURPOSES }
export { COUNTER_CHECKS } from './counter.js'
import { staffLabel } from './staff-label.js'
export { staffLabel }

/** Staff side of cases: queue, claim, review and decisions, payment (the counter is counter.ts). */
export function createCaseService(
  deps: DecisionDeps & {
    calendar: CalendarService
    /** The rules module's count of instant approvals and their revocations (decisions.stats), for the statistics. */
    instantStats?: (range: { from: string; to: string }) => Promise<{
      weeks: InstantFigures[]
      services: Record<string, Omit<InstantFigures, 'week' | 'service'>>
    }>
  },
) {
  const { db, clock, audit, applications, catalog, identity, calendar, staff } = deps
  const today = () => todayIn(clock)
  const decisions = createDecisions(deps)
  const templates = createTemplateService(deps)

  async function load(ref: string) {
    const app = await applications.byRef(ref)
    if (!app) throw new AppError('not_found', t('未找到该办件'))
    return app
  }

  return {
    // The queue, search, saved filters and bulk actions: queue.ts.

    async claim(ctx: AuditContext, staffId: number, ref: string) {
      const app = await load(ref)
      if (!(await applications.claim(app.id, staffId))) {
        const holder = app.assigneeStaffId ? await staff.byId(app.assigneeStaffId) : null
        throw new AppError('conflict', t('该办件已由 {who} 认领，请选择其他办件', { who: staffLabel(holder) }))
      }
      await audit.record(null, ctx, { action: 'case.claimed', subjectType: 'case', subjectId: ref })
    },

    async assign(ctx: AuditContext, ref: string, toStaffId: number | null) {
      const app = await load(ref)
      if (toStaffId !== null) {
        const s = await staff.byId(toStaffId)
        if (!s || s.status !== 'active') throw new AppError('invalid', t('工作人员不存在'), { assignee: t('工作人员不存在') })
      }
      await applications.setAssignee(app.id, toStaffId)
      await audit.record(null, ctx, { action: 'case.assigned', subjectType: 'case', subjectId: ref, detail: { to: toStaffId } })
    },

    /** Case detail for staff; the view is an audit event the citizen sees in their access log. */
    async detail(ctx: AuditContext, ref: string) {
      const app = await load(ref)
      const applicant = app.applicantUserId ? await identity.userById(app.applicantUserId) : null
      await audit.record(null, ctx, {
        action: 'case.viewed',
        subjectType: 'citizen',
        subjectId: app.applicantUserId,
        purpose: `办件审查 ${ref}`,
      })
      const service = await catalog.get(app.serviceCode)
      const near = await calendar.addWorkingDays(today(), 2)
      const holder = app.assigneeStaffId ? await staff.byId(app.assigneeStaffId) : null
      const attachments = await applications.attachmentsOf(app.id)
      // Who supplied each version (the counter uploads on the citizen's behalf): by name and number.
      const staffNames: Record<number, string> = {}
      for (const id of new Set(attachments.map((a) => a.uploadedByStaffId).filter((x): x is number => x !== null)))
        staffNames[id] = staffLabel(await staff.byId(id))
      // j/k on the workbench: the neighbouring open cases in the queue's order (newest first).
      const [next] = await applications.queuePage({ afterId: app.id }, 1)
      const [prev] = await applications.queuePage({ beforeId: app.id }, 1)
      return {
        app,
        service,
        events: await applications.events(app.id),
        attachments,
        staffNames,
        neighbours: { next: next?.ref ?? null, prev: prev?.ref ?? null },
        templates: await templates.list(app.serviceCode),
        rating: await applications.ratingOf(app.id),
        applicant: applicant
          ? {
              name: applicant.realName,
              phoneMasked: applicant.phone ? `${applicant.phone.slice(0, 3)}****${applicant.phone.slice(-4)}` : null,
              idNumberMasked: applicant.idNumberMasked,
              bankName: applicant.bankName,
              bankAccountMasked: applicant.bankAccountMasked,
            }
          : null,
        holder: holder ? staffLabel(holder) : null,
        facts: await applications.factsOf(app),
        flag: flagOf(app.deadlineDate, app.status, today(), near),
        // Where a subsidy is paid: the account confirmed at submission (masked), and what may be paid.
        payee: app.payeeAccountMasked ? { bankName: app.payeeBankName, accountMasked: app.payeeAccountMasked } : null,
        payable: service?.isSubsidy ? payable(app, service) : null,
      }
    },

    /** Unmasked ID and bank numbers, only with a stated purpose; audited with subject = the citizen. */
    async reveal(ctx: AuditContext, ref: string, purpose: string, note: string) {
      if (!REVEAL_PURPOSES.includes(purpose)) throw new AppError('invalid', t('请选择查看目的'), { purpose: t('请选择查看目的') })
      if (purpose.startsWith('其他') && note.trim().length < 4)
        throw new AppError('invalid', t('请说明查看目的'), { note: t('选择“其他”时须说明目的（至少4个字）') })
      const app = await load(ref)
      const u = app.applicantUserId ? await identity.userById(app.applicantUserId) : null
      if (!u?.idNumberEnc) throw new AppError('not_found', t('申请人信息已删除'))
      await audit.record(null, ctx, {
        action: 'case.personal_data_viewed',
        subjectType: 'citizen',
        subjectId: u.id,
        purpose: `${purpose}${note.trim() ? `：${note.trim().slice(0, 100)}` : ''}（${ref}）`,
      })
      return { idNumber: identity.decrypt(u.idNumberEnc), bankAccount: u.bankAccountEnc ? identity.decrypt(u.bankAccountEnc) : null }
    },

    ...decisions,
    templates,

    /**
     * A material to preview inline on the case page (PDF or image only, by the type verified from its bytes
     * at upload), audited like a download: the citizen sees in their access log that staff looked at it and why.
     */
    async preview(ctx: AuditContext, ref: string, attachmentId: number) {
      const app = await load(ref)
      const a = await applications.attachmentForStaff(ref, attachmentId)
      if (!PREVIEWABLE.includes(a.meta.mime)) throw new AppError('not_found', t('该材料不能预览'))
      const service = await catalog.get(app.serviceCode)
      const label = (service && canonical(service))?.form.materials.find((m) => m.key === a.meta.itemKey)?.label ?? a.meta.itemKey
      await audit.record(null, ctx, {
        action: 'case.viewed',
        subjectType: 'citizen',
        subjectId: app.applicantUserId,
        purpose: `预览材料 ${label}（${ref}）`,
      })
      return a
    },

    rectifications: (status: 'open' | 'closed' | null) => repo.rectifications(db, status),

    /** Close a rectification item: needs the callback (time is now, by me, result) and a rectification note. */
    async closeRectification(ctx: AuditContext, staffId: number, id: number, input: { callbackResult: string; note: string }) {
      const r = await repo.rectificationById(db, id)
      if (!r) throw new AppError('not_found', t('未找到'))
      const errors: Record<string, string> = {}
      if (input.callbackResult.trim().length < 2) errors.callback_result = t('请记录回访结果')
      if (input.note.trim().length < 4) errors.note = t('请填写整改情况')
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
      if (r.status !== 'open') throw new AppError('conflict', t('该整改事项已办结'))
      const now = toTimestamp(clock.now())
      await repo.updateRectification(db, id, {
        status: 'closed',
        callbackAt: now,
        callbackBy: staffId,
        callbackResult: input.callbackResult.trim().slice(0, 300),
        note: input.note.trim(),
        closedAt: now,
      })
      await audit.record(null, ctx, {
        action: 'case.decision',
        subjectType: 'case',
        subjectId: r.applicationRef,
        detail: { rectification: 'closed' },
      })
    },

    /**
     * Supervisor statistics between two China-local dates: per service and week, and per service over the period
     * (stats.ts), with the instant approvals and revocations as the rules module counts them (`instantStats`).
     */
    async stats(from: string, to: string) {
      const cases = await applications.statsRows(beijingDayStart(from), beijingDayStart(addDays(to, 1)))
      // The working days of every decided case from one read of the calendar, 受理 of the earliest to the last decision.
      const days = cases.flatMap((x) => (x.acceptedAt && x.decidedAt ? [beijingDate(x.acceptedAt), beijingDate(x.decidedAt)] : []))
      const cal = days.length
        ? await calendar.period(
            days.reduce((a, b) => (a < b ? a : b)),
            days.reduce((a, b) => (a > b ? a : b)),
          )
        : calendar
      const rules = deps.instantStats ? await deps.instantStats({ from, to }) : { weeks: [], services: {} }
      const totals = Object.entries(rules.services).map(([service, s]) => ({ ...s, week: '', service }))
      return {
        weeks: await caseStats(cases, from, to, cal, true, rules.weeks),
        totals: await caseStats(cases, from, to, cal, false, totals),
      }
    },

    // The counter (look-ups, 帮办代办) is counter.ts.

    /** Daily job: an alert to the assignee (or to supervisors) for every open case past or near its deadline, and overdue rectifications. */
    async deadlineAlerts() {
      const t = toTimestamp(clock.now())
      const near = await calendar.addWorkingDays(today(), 2)
      let n = 0
      for (const a of await applications.overdueOpen(near)) {
        const overdue = a.deadlineDate! < today()
        await repo.addAlert(db, {
          staffId: a.assigneeStaffId,
          kind: overdue ? 'case_overdue' : 'case_near',
          ref: a.ref,
          text: `${a.ref} ${overdue ? '已超过' : '即将到达'}办结期限 ${a.deadlineDate}`,
          day: today(),
          createdAt: t,
        })
        n++
      }
      for (const r of await repo.rectifications(db, 'open')) {
        if (r.dueDate < today()) {
          await repo.addAlert(db, {
            staffId: null,
            kind: 'rect_overdue',
            ref: r.applicationRef,
            text: `差评整改 ${r.applicationRef} 已超期（${r.dueDate}）`,
            day: today(),
            createdAt: t,
          })
          n++
        }
      }
      return n
    },
    alertsFor: (staffId: number, supervisor: boolean) => repo.alertsFor(db, staffId, supervisor, today()),
  }
}

/** Types shown inline (never HTML or anything else a browser could run). */
export const PREVIEWABLE: string[] = ['application/pdf', 'image/jpeg', 'image/png']

/** Only a running clock can be near or past its deadline (a paused or stopped one cannot). */
export function flagOf(deadline: string | null, status: string, today: string, near: string): 'overdue' | 'near' | null {
  if (
    !deadline ||
    clockState({ status: status as ApplicationStatus, acceptedAt: deadline /* a deadline exists only after 受理 */ }) !== 'running'
  )
    return null
  if (deadline < today) return 'overdue'
  if (deadline <= near) return 'near'
  return null
}

export type CaseService = ReturnType<typeof createCaseService>
