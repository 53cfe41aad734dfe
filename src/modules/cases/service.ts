import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { cstDate, toTimestamp } from '../../db/time.js'
import { AppError } from '../../lib/errors.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { NotificationService } from '../notifications/service.js'
import type { ApplicationService } from '../applications/service.js'
import type { CatalogServiceApi } from '../catalog/service.js'
import type { IdentityService } from '../identity/service.js'
import type { CalendarService } from '../calendar/service.js'
import type { StaffService } from '../identity/staff.js'
import { STATUS_LABELS, type ApplicationStatus } from '../applications/lifecycle.js'
import type { QueueFilter } from '../applications/service.js'
import * as repo from './repository.js'

export const DECISIONS = ['accept', 'supplement', 'approve', 'reject'] as const
export type Decision = (typeof DECISIONS)[number]
/** Who may take each decision (DESIGN §8; docs/roles.md). */
export const DECISION_ROLES: Record<Decision, string[]> = {
  accept: ['clerk', 'supervisor'],
  supplement: ['clerk', 'supervisor'],
  approve: ['reviewer', 'supervisor'],
  reject: ['reviewer', 'supervisor'],
}
import { REVEAL_PURPOSES, COUNTER_CHECKS } from './labels.js'
export { REVEAL_PURPOSES, COUNTER_CHECKS }
const PAGE = 20

/** Staff side of cases: queue, claim, review and decisions, payment, counter look-up. */
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
}) {
  const { db, clock, audit, notifications, applications, catalog, identity, calendar, staff } = deps
  const today = () => cstDate(clock.now())
  let countsCache: { at: number; counts: Record<string, number> } | null = null

  async function load(ref: string) {
    const app = await applications.byRef(ref)
    if (!app) throw new AppError('not_found', '未找到该办件')
    return app
  }

  return {
    async queue(
      f: {
        status?: string
        service?: string
        assignee?: string
        channel?: string
        overdue?: boolean
        near?: boolean
        q?: string
        after?: number
      },
      me: number,
    ) {
      const filter: QueueFilter = {
        status: f.status || undefined,
        service: f.service || undefined,
        assignee:
          f.assignee === 'me'
            ? me
            : f.assignee === 'none'
              ? 'none'
              : f.assignee && /^\d+$/.test(f.assignee)
                ? Number(f.assignee)
                : undefined,
        channel: f.channel === 'online' || f.channel === 'counter' ? f.channel : undefined,
        overdueBefore: f.overdue ? today() : undefined,
        dueBy: f.near ? await calendar.addWorkingDays(today(), 2) : undefined,
        q: f.q?.trim().toUpperCase() || undefined,
        afterId: f.after,
      }
      const rows = await applications.queuePage(filter, PAGE + 1)
      const near = await calendar.addWorkingDays(today(), 2)
      const items = rows.slice(0, PAGE).map((r) => ({ ...r, flag: flagOf(r.deadlineDate, r.status, today(), near) }))
      // Counting a million rows by status takes ~75 ms (docs/quality.md): the counts are cached for 10 s.
      if (!countsCache || Date.now() - countsCache.at > 10_000)
        countsCache = { at: Date.now(), counts: await applications.countsByStatus() }
      return { items, next: rows.length > PAGE ? items[items.length - 1].id : null, counts: countsCache.counts }
    },

    async claim(ctx: AuditContext, staffId: number, ref: string) {
      const app = await load(ref)
      if (!(await applications.claim(app.id, staffId))) {
        const holder = app.assigneeStaffId ? await staff.byId(app.assigneeStaffId) : null
        throw new AppError('conflict', `该办件已由 ${holder?.staffNo ?? '其他工作人员'} 认领，请选择其他办件`)
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
        holder: holder ? holder.staffNo : null,
        flag: flagOf(app.deadlineDate, app.status, today(), near),
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
          decision === 'approve' || decision === 'reject' ? '审核决定须由审核岗作出' : '受理和一次性告知须由受理岗作出',
        )
      const errors: Record<string, string> = {}
      const reason = input.reason.trim()
      if ((decision === 'supplement' || decision === 'reject') && !reason)
        errors.reason = decision === 'reject' ? '不予通过须说明理由' : '请填写一次性告知说明'
      if (reason.length > 1000) errors.reason = '说明最多1000字'
      if (decision === 'supplement' && input.items.length === 0) errors.items = '请勾选需要补正的全部材料或信息（一次性告知）'
      if (Object.keys(errors).length) throw new AppError('invalid', '提交的信息有误，请按提示修改', errors)
      let app = await load(ref)
      if (app.assigneeStaffId && app.assigneeStaffId !== me.id) {
        const holder = await staff.byId(app.assigneeStaffId)
        throw new AppError('conflict', `该办件由 ${holder?.staffNo ?? '其他工作人员'} 办理中，不能处理`)
      }
      if (!app.assigneeStaffId) {
        if (!(await applications.claim(app.id, me.id))) throw new AppError('conflict', '该办件刚被其他工作人员认领')
        app = await load(ref)
      }
      const service = await catalog.get(app.serviceCode)
      const status = app.status as ApplicationStatus
      const t = toTimestamp(clock.now())
      let to: ApplicationStatus
      let extra: Record<string, unknown> = {}
      switch (decision) {
        case 'accept':
          to = status === 'submitted' ? 'accepted' : 'in_review'
          if (status === 'submitted')
            extra = { acceptedAt: t, deadlineDate: await calendar.addWorkingDays(today(), service?.timeLimitDays ?? 10) }
          // 受理 hands the case over to review: the clerk's claim is released.
          extra.assigneeStaffId = null
          break
        case 'supplement':
          to = 'supplement'
          extra = { pausedAt: t }
          break
        case 'approve':
          to = 'approved'
          extra = { decidedAt: t, decisionReason: reason || '符合条件，予以通过', retainUntil: null }
          break
        case 'reject':
          to = 'rejected'
          extra = { decidedAt: t, decisionReason: reason }
          break
      }
      if (decision === 'accept' && status !== 'submitted' && status !== 'resubmitted')
        throw new AppError('conflict', `当前状态为“${STATUS_LABELS[status] ?? status}”，不能受理`)
      const messages: Record<Decision, [string, string]> = {
        accept: ['您的申请已受理', `办件 ${ref} 已受理，承诺时限 ${service?.timeLimitDays ?? ''} 个工作日。`],
        supplement: ['请补正材料', `办件 ${ref} 需要补正：${input.items.map((i) => i.label).join('、')}。${reason}`],
        approve: ['您的申请已通过', `办件 ${ref} 审核通过。${service?.isSubsidy ? '补贴将按规定发放至您的收款账户。' : ''}`],
        reject: ['您的申请未通过', `办件 ${ref} 未通过，理由：${reason}。如有异议可申请行政复议。`],
      }
      await db.transaction().execute(async (trx) => {
        await applications.transition(
          trx,
          app,
          to,
          { type: 'staff', id: me.id },
          reason || null,
          decision === 'supplement' ? { items: input.items } : null,
          extra,
        )
        await audit.record(trx, ctx, { action: 'case.decision', subjectType: 'case', subjectId: ref, detail: { decision, to } })
        if (app.applicantUserId)
          await notifications.notifyUser(trx, app.applicantUserId, {
            title: messages[decision][0],
            body: messages[decision][1],
            link: `/applications/${ref}`,
          })
      })
      return to
    },

    async recordPayment(ctx: AuditContext, me: { id: number }, ref: string, input: { amount: string; date: string; voucher: string }) {
      const errors: Record<string, string> = {}
      if (!/^\d+(\.\d{1,2})?$/.test(input.amount) || Number(input.amount) <= 0) errors.amount = '请填写发放金额（元）'
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date) || input.date > today()) errors.date = '请填写发放日期（不晚于今天）'
      if (!/^[A-Za-z0-9-]{4,40}$/.test(input.voucher)) errors.voucher = '请填写凭证号（4–40位字母数字）'
      if (Object.keys(errors).length) throw new AppError('invalid', '提交的信息有误，请按提示修改', errors)
      const app = await load(ref)
      const service = await catalog.get(app.serviceCode)
      if (!service?.isSubsidy) throw new AppError('conflict', '该事项不涉及补贴发放')
      const payee = app.applicantUserId ? await identity.userById(app.applicantUserId) : null
      await db.transaction().execute(async (trx) => {
        await applications.transition(
          trx,
          app,
          'paid',
          { type: 'staff', id: me.id },
          `补贴已发放 ${input.amount} 元`,
          { amount: input.amount, date: input.date, voucher: input.voucher, payee: payee?.bankAccountMasked ?? null },
          { retainUntil: toTimestamp(new Date(clock.now().getTime() + 10 * 365 * 86_400_000)) },
        )
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
      })
    },

    /** Counter: find a citizen by ID number (blind index), audited with the purpose 窗口办理. */
    async counterLookup(ctx: AuditContext, idNumber: string, method: string) {
      if (!COUNTER_CHECKS.includes(method))
        throw new AppError('invalid', '请选择身份核验方式', { verification_method: '请选择身份核验方式' })
      if (!/^\d{17}[\dX]$/.test(idNumber)) throw new AppError('invalid', '身份证号码格式不正确', { id_number: '身份证号码应为18位' })
      const u = await identity.userByIdNumber(idNumber)
      await audit.record(null, ctx, {
        action: 'counter.lookup',
        subjectType: 'citizen',
        subjectId: u?.id ?? null,
        purpose: '窗口办理',
        detail: { method, found: !!u },
      })
      if (!u) return null
      return {
        id: u.id,
        name: u.realName,
        phoneMasked: u.phone ? `${u.phone.slice(0, 3)}****${u.phone.slice(-4)}` : null,
        status: u.status,
        idNumberMasked: u.idNumberMasked,
        applications: await applications.listForApplicant(u.id),
      }
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

    /** Supervisor statistics per service and month (received, accepted, completed, overdue, avg working days, ratings). */
    async stats(year: number) {
      const rows = await applications.statsRows(`${year}-01-01T00:00:00.000Z`, `${year + 1}-01-01T00:00:00.000Z`)
      const out = new Map<
        string,
        {
          service: string
          month: string
          received: number
          accepted: number
          completed: number
          overdue: number
          days: number[]
          ratings: number[]
        }
      >()
      for (const r of rows) {
        const month = cstDate(new Date(r.submittedAt!)).slice(0, 7)
        const k = `${r.serviceCode}|${month}`
        if (!out.has(k))
          out.set(k, { service: r.serviceCode, month, received: 0, accepted: 0, completed: 0, overdue: 0, days: [], ratings: [] })
        const o = out.get(k)!
        o.received++
        if (r.acceptedAt) o.accepted++
        if (r.decidedAt) {
          o.completed++
          if (r.acceptedAt) o.days.push(await calendar.workingDaysBetween(cstDate(new Date(r.acceptedAt)), cstDate(new Date(r.decidedAt))))
        }
        const end = r.decidedAt ? cstDate(new Date(r.decidedAt)) : today()
        if (r.deadlineDate && end > r.deadlineDate) o.overdue++
        if (r.score) o.ratings.push(r.score)
      }
      return [...out.values()]
        .sort((a, b) => (a.month === b.month ? a.service.localeCompare(b.service) : a.month.localeCompare(b.month)))
        .map((o) => ({
          service: o.service,
          month: o.month,
          received: o.received,
          accepted: o.accepted,
          completed: o.completed,
          overdue: o.overdue,
          avgDays: o.days.length ? o.days.reduce((a, b) => a + b, 0) / o.days.length : null,
          ratings: [1, 2, 3, 4, 5].map((s) => o.ratings.filter((x) => x === s).length),
        }))
    },

    /** Counter (帮办代办): the clerk submits on behalf of a citizen present at the window; channel counter, clerk recorded. */
    async counterApply(
      ctx: AuditContext,
      staffId: number,
      input: {
        userId: number
        serviceCode: string
        formToken: string
        method: string
        values: Record<string, string>
        uploads: { key: string; filename: string; bytes: Uint8Array }[]
      },
    ) {
      if (!COUNTER_CHECKS.includes(input.method))
        throw new AppError('invalid', '请记录身份核验方式', { verification_method: '请选择身份核验方式' })
      const user = Number.isSafeInteger(input.userId) ? await identity.userById(input.userId) : undefined
      if (!user || user.status !== 'active') throw new AppError('not_found', '未找到该申请人')
      return applications.submit(ctx, {
        user,
        actingEnterpriseId: null,
        serviceCode: input.serviceCode,
        formToken: input.formToken,
        values: input.values,
        uploads: input.uploads,
        channel: 'counter',
        staffId,
      })
    },
    counterDraft: (userId: number, serviceCode: string) => applications.openDraft(userId, serviceCode, null),

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

export function flagOf(deadline: string | null, status: string, today: string, near: string): 'overdue' | 'near' | null {
  if (!deadline || !['submitted', 'accepted', 'in_review', 'resubmitted'].includes(status)) return null
  if (deadline < today) return 'overdue'
  if (deadline <= near) return 'near'
  return null
}

export type CaseService = ReturnType<typeof createCaseService>
