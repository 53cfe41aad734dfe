import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import { today as todayIn } from '../../lib/time.js'
import { AppError } from '../../lib/errors.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { NotificationService } from '../notifications/service.js'
import type { ApplicationService } from '../applications/service.js'
import type { CatalogServiceApi } from '../catalog/service.js'
import type { IdentityService } from '../identity/service.js'
import type { CalendarService } from '../calendar/service.js'
import type { StaffService } from '../identity/staff.js'
import { STATUS_LABELS, refusal, clockState, type ApplicationStatus } from '../applications/lifecycle.js'
import type { ApplicationRow } from '../applications/table.js'
import * as repo from './repository.js'
import { paymentErrors, payable } from './payment.js'
import { caseStats, type StatsEvaluation } from './stats.js'

export const DECISIONS = ['accept', 'supplement', 'approve', 'reject', 'revoke'] as const
export type Decision = (typeof DECISIONS)[number]
/** Who may take each decision (DESIGN §8; docs/roles.md). */
export const DECISION_ROLES: Record<Decision, string[]> = {
  accept: ['clerk', 'supervisor'],
  supplement: ['clerk', 'supervisor'],
  approve: ['reviewer', 'supervisor'],
  reject: ['reviewer', 'supervisor'],
  revoke: ['supervisor'],
}
import { REVEAL_PURPOSES } from './labels.js'
export { REVEAL_PURPOSES }
export { COUNTER_CHECKS } from './counter.js'
/** Staff are shown to each other by name and number. */
export const staffLabel = (s: { displayName: string | null; staffNo: string } | null | undefined) =>
  s ? (s.displayName ? `${s.displayName}（${s.staffNo}）` : s.staffNo) : '其他工作人员'

/** Staff side of cases: queue, claim, review and decisions, payment (the counter is counter.ts). */
export function createCaseService(deps: {
  db: Kysely<Database>
  clock: Clock
  audit: AuditService
  notifications: NotificationService
  applications: ApplicationService
  catalog: CatalogServiceApi
  identity: IdentityService
  calendar: CalendarService
  staff: StaffService
  /** Called inside the transaction of every approval, manual or instant (the certificate is issued there). */
  onApproved?: (trx: Transaction<Database>, ctx: AuditContext, ref: string) => Promise<void>
  /** Called inside the transaction of a revocation (the certificate is revoked there). */
  onRevoked?: (trx: Transaction<Database>, ctx: AuditContext, ref: string, reason: string) => Promise<void>
}) {
  const { db, clock, audit, notifications, applications, catalog, identity, calendar, staff } = deps
  const today = () => todayIn(clock)

  async function load(ref: string) {
    const app = await applications.byRef(ref)
    if (!app) throw new AppError('not_found', '未找到该办件')
    return app
  }

  return {
    // The queue, search, saved filters and bulk actions: queue.ts.

    async claim(ctx: AuditContext, staffId: number, ref: string) {
      const app = await load(ref)
      if (!(await applications.claim(app.id, staffId))) {
        const holder = app.assigneeStaffId ? await staff.byId(app.assigneeStaffId) : null
        throw new AppError('conflict', `该办件已由 ${staffLabel(holder)} 认领，请选择其他办件`)
      }
      await audit.record(null, ctx, { action: 'case.claimed', subjectType: 'case', subjectId: ref })
    },

    async assign(ctx: AuditContext, ref: string, toStaffId: number | null) {
      const app = await load(ref)
      if (toStaffId !== null) {
        const s = await staff.byId(toStaffId)
        if (!s || s.status !== 'active') throw new AppError('invalid', '工作人员不存在', { assignee: '工作人员不存在' })
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
      return {
        app,
        service,
        events: await applications.events(app.id),
        attachments: await applications.attachmentsOf(app.id),
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
      if (!REVEAL_PURPOSES.includes(purpose)) throw new AppError('invalid', '请选择查看目的', { purpose: '请选择查看目的' })
      if (purpose.startsWith('其他') && note.trim().length < 4)
        throw new AppError('invalid', '请说明查看目的', { note: '选择“其他”时须说明目的（至少4个字）' })
      const app = await load(ref)
      const u = app.applicantUserId ? await identity.userById(app.applicantUserId) : null
      if (!u?.idNumberEnc) throw new AppError('not_found', '申请人信息已删除')
      await audit.record(null, ctx, {
        action: 'case.personal_data_viewed',
        subjectType: 'citizen',
        subjectId: u.id,
        purpose: `${purpose}${note.trim() ? `：${note.trim().slice(0, 100)}` : ''}（${ref}）`,
      })
      return { idNumber: identity.decrypt(u.idNumberEnc), bankAccount: u.bankAccountEnc ? identity.decrypt(u.bankAccountEnc) : null }
    },

    async decide(
      ctx: AuditContext,
      me: { id: number; roles: string[] },
      ref: string,
      input: { decision: string; reason: string; items: { key: string; label: string; note?: string }[] },
    ) {
      const decision = input.decision as Decision
      if (!DECISIONS.includes(decision)) throw new AppError('invalid', '请选择处理决定', { decision: '请选择处理决定' })
      if (!DECISION_ROLES[decision].some((r) => me.roles.includes(r)))
        throw new AppError(
          'forbidden',
          decision === 'revoke'
            ? '撤销审核通过决定须由主管作出'
            : decision === 'approve' || decision === 'reject'
              ? '审核决定须由审核岗作出'
              : '受理和一次性告知须由受理岗作出',
        )
      const errors: Record<string, string> = {}
      const reason = input.reason.trim()
      if ((decision === 'supplement' || decision === 'reject' || decision === 'revoke') && !reason)
        errors.reason = decision === 'reject' ? '不予通过须说明理由' : decision === 'revoke' ? '撤销须说明理由' : '请填写一次性告知说明'
      if (reason.length > 1000) errors.reason = '说明最多1000字'
      if (decision === 'supplement' && input.items.length === 0) errors.items = '请勾选需要补正的全部材料或信息（一次性告知）'
      if (Object.keys(errors).length) throw new AppError('invalid', '提交的信息有误，请按提示修改', errors)
      let app = await load(ref)
      // A revocation reopens nothing and is the supervisor's own act: whoever held the case does not matter.
      if (decision !== 'revoke' && app.assigneeStaffId && app.assigneeStaffId !== me.id) {
        const holder = await staff.byId(app.assigneeStaffId)
        throw new AppError('conflict', `该办件由 ${staffLabel(holder)} 办理中，不能处理`)
      }
      // An impossible step is refused before anything changes (a refused decision does not claim the case).
      const why = refusal(await applications.factsOf(app), decision)
      if (why) throw new AppError('conflict', `${why}（当前状态：${STATUS_LABELS[app.status as ApplicationStatus] ?? app.status}）`)
      if (decision !== 'revoke' && !app.assigneeStaffId) {
        if (!(await applications.claim(app.id, me.id))) throw new AppError('conflict', '该办件刚被其他工作人员认领')
        app = await load(ref)
      }
      const service = await catalog.get(app.serviceCode)
      const set: Partial<ApplicationRow> =
        // 受理 hands the case over to review, a notice over to the citizen: either way the clerk's claim is released.
        decision === 'accept' || decision === 'supplement'
          ? { assigneeStaffId: null }
          : decision === 'approve'
            ? { decisionReason: reason || '符合条件，予以通过', retainUntil: null }
            : decision === 'reject'
              ? { decisionReason: reason }
              : {}
      const messages: Record<Decision, [string, string]> = {
        accept: ['您的申请已受理', `办件 ${ref} 已受理，承诺时限 ${service?.timeLimitDays ?? ''} 个工作日。`],
        supplement: ['请补正材料', `办件 ${ref} 需要补正：${input.items.map((i) => i.label).join('、')}。${reason}`],
        approve: ['您的申请已通过', `办件 ${ref} 审核通过。${service?.isSubsidy ? '补贴将按规定发放至您的收款账户。' : ''}`],
        reject: ['您的申请未通过', `办件 ${ref} 未通过，理由：${reason}。如有异议可申请行政复议。`],
        revoke: ['审核通过决定已撤销', `办件 ${ref} 的审核通过决定已撤销，理由：${reason}。如有异议可申请行政复议。`],
      }
      return applications.act(
        app,
        decision,
        { type: 'staff', id: me.id },
        {
          reason: reason || null,
          detail: decision === 'supplement' ? { items: input.items } : null,
          set,
          also: async (trx, to) => {
            await audit.record(trx, ctx, { action: 'case.decision', subjectType: 'case', subjectId: ref, detail: { decision, to } })
            if (decision === 'approve' && deps.onApproved) await deps.onApproved(trx, ctx, ref)
            if (decision === 'revoke' && deps.onRevoked) await deps.onRevoked(trx, ctx, ref, reason)
            if (app.applicantUserId)
              await notifications.notifyUser(trx, app.applicantUserId, {
                title: messages[decision][0],
                body: messages[decision][1],
                link: `/applications/${ref}`,
              })
          },
        },
      )
    },

    /**
     * 秒批: the system (actor type system) records 受理 and 审核通过 in the caller's transaction — two history
     * rows, accepted and decided at once (deadline as a clerk's 受理 would set it), audited, the citizen told,
     * `onApproved` called — exactly as a clerk's 受理 and a reviewer's approval. `limitDays`: the service's time
     * limit, read by the caller before its transaction (a catalog read inside would wait on SQLite).
     */
    async instantApprove(trx: Transaction<Database>, ctx: AuditContext, ref: string, reason: string, limitDays: number) {
      let app = await applications.byRefIn(trx, ref)
      if (!app) throw new AppError('not_found', '未找到该办件')
      const system = { type: 'system' as const, id: null }
      app = await applications.actIn(trx, app, 'accept', system, limitDays, { reason: '秒批：自动受理', detail: { instant: true } })
      await applications.actIn(trx, app, 'approve', system, limitDays, {
        reason,
        detail: { instant: true },
        set: { decisionReason: reason, retainUntil: null, assigneeStaffId: null },
      })
      await audit.record(trx, ctx, {
        action: 'case.decision',
        subjectType: 'case',
        subjectId: ref,
        detail: { decision: 'instant', to: 'approved' },
      })
      if (deps.onApproved) await deps.onApproved(trx, ctx, ref)
      if (app.applicantUserId)
        await notifications.notifyUser(trx, app.applicantUserId, {
          title: '您的申请已通过',
          body: `办件 ${ref} 经系统核验符合全部条件，已即时受理并审核通过（秒批）。`,
          link: `/applications/${ref}`,
        })
    },

    /** The payment goes to the account confirmed at submission, bounded by what was claimed (payment.ts). */
    async recordPayment(ctx: AuditContext, me: { id: number }, ref: string, input: { amount: string; date: string; voucher: string }) {
      const app = await load(ref)
      const service = await catalog.get(app.serviceCode)
      if (!service?.isSubsidy) throw new AppError('conflict', '该事项不涉及补贴发放')
      const errors = paymentErrors(input, app, service, today())
      if (Object.keys(errors).length) throw new AppError('invalid', '提交的信息有误，请按提示修改', errors)
      // Cases submitted before payees were recorded fall back to the applicant's current account.
      const current = app.applicantUserId && !app.payeeAccountMasked ? await identity.userById(app.applicantUserId) : null
      const payee = { bankAccountMasked: app.payeeAccountMasked ?? current?.bankAccountMasked ?? null }
      await applications.act(
        app,
        'pay',
        { type: 'staff', id: me.id },
        {
          reason: `补贴已发放 ${input.amount} 元`,
          detail: { amount: input.amount, date: input.date, voucher: input.voucher, payee: payee?.bankAccountMasked ?? null },
          set: { retainUntil: toTimestamp(new Date(clock.now().getTime() + 10 * 365 * 86_400_000)) },
          also: async (trx) => {
            await audit.record(trx, ctx, {
              action: 'case.payment_recorded',
              subjectType: 'case',
              subjectId: ref,
              detail: { amount: input.amount },
            })
            if (app.applicantUserId)
              await notifications.notifyUser(trx, app.applicantUserId, {
                title: '补贴已发放',
                body: `办件 ${ref} 的补贴 ${input.amount} 元已于 ${input.date} 发放至 ${payee?.bankAccountMasked ?? '您的账户'}。`,
                link: `/applications/${ref}`,
              })
          },
        },
      )
    },

    rectifications: (status: 'open' | 'closed' | null) => repo.rectifications(db, status),

    /** Close a rectification item: needs the callback (time is now, by me, result) and a rectification note. */
    async closeRectification(ctx: AuditContext, staffId: number, id: number, input: { callbackResult: string; note: string }) {
      const r = await repo.rectificationById(db, id)
      if (!r) throw new AppError('not_found', '未找到')
      const errors: Record<string, string> = {}
      if (input.callbackResult.trim().length < 2) errors.callback_result = '请记录回访结果'
      if (input.note.trim().length < 4) errors.note = '请填写整改情况'
      if (Object.keys(errors).length) throw new AppError('invalid', '提交的信息有误，请按提示修改', errors)
      if (r.status !== 'open') throw new AppError('conflict', '该整改事项已办结')
      const t = toTimestamp(clock.now())
      await repo.updateRectification(db, id, {
        status: 'closed',
        callbackAt: t,
        callbackBy: staffId,
        callbackResult: input.callbackResult.trim().slice(0, 300),
        note: input.note.trim(),
        closedAt: t,
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
     * (stats.ts). `evaluationsBetween` (the rules module's, passed by the caller) adds instant approvals and revocations.
     */
    async stats(from: string, to: string, evaluationsBetween?: (fromTs: string, toTs: string) => Promise<StatsEvaluation[]>) {
      const utc = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString()
      const next = new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10)
      const cases = await applications.statsRows(utc(from), utc(next))
      const evals = evaluationsBetween ? await evaluationsBetween(utc(from), utc(next)) : []
      return {
        weeks: await caseStats(cases, from, to, calendar, true, evals),
        totals: await caseStats(cases, from, to, calendar, false, evals),
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
