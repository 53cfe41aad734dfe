import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import { today as todayIn } from '../../lib/time.js'
import { AppError } from '../../lib/errors.js'
import { t } from '../../lib/i18n/index.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { NotificationService } from '../notifications/service.js'
import type { ApplicationService } from '../applications/service.js'
import type { CatalogServiceApi } from '../catalog/service.js'
import { localised } from '../catalog/localise.js'
import type { IdentityService } from '../identity/service.js'
import type { StaffService } from '../identity/staff.js'
import { statusLabel, refusal, type ApplicationStatus } from '../applications/lifecycle.js'
import type { ApplicationRow } from '../applications/table.js'
import { paymentErrors } from './payment.js'
import { staffLabel } from './staff-label.js'

export const DECISIONS = ['accept', 'supplement', 'refuse', 'approve', 'reject', 'revoke'] as const
export type Decision = (typeof DECISIONS)[number]
/** Who may take each decision (DESIGN §8; docs/roles.md). */
export const DECISION_ROLES: Record<Decision, string[]> = {
  accept: ['clerk', 'supervisor'],
  supplement: ['clerk', 'supervisor'],
  refuse: ['clerk', 'supervisor'],
  approve: ['reviewer', 'supervisor'],
  reject: ['reviewer', 'supervisor'],
  revoke: ['supervisor'],
}

/** The statuses in which each role has something to decide (the next case after a decision is one of these). */
export const ACTIONABLE: Record<string, ApplicationStatus> = { clerk: 'submitted', reviewer: 'accepted' }

export interface DecisionDeps {
  db: Kysely<Database>
  clock: Clock
  audit: AuditService
  notifications: NotificationService
  applications: ApplicationService
  catalog: CatalogServiceApi
  identity: IdentityService
  staff: StaffService
  /** Called inside the transaction of every approval, manual or instant (the certificate is issued there). */
  onApproved?: (trx: Transaction<Database>, ctx: AuditContext, ref: string) => Promise<void>
  /** Called inside the transaction of a revocation (the certificate is revoked there). */
  onRevoked?: (trx: Transaction<Database>, ctx: AuditContext, ref: string, reason: string) => Promise<void>
}

/** Decisions on a case (受理, 一次性告知, approval, rejection, revocation), 秒批 and the subsidy payment. */
export function createDecisions(deps: DecisionDeps) {
  const { clock, audit, notifications, applications, catalog, identity, staff } = deps
  const today = () => todayIn(clock)
  async function load(ref: string) {
    const app = await applications.byRef(ref)
    if (!app) throw new AppError('not_found', t('未找到该办件'))
    return app
  }
  return {
    async decide(
      ctx: AuditContext,
      me: { id: number; roles: string[] },
      ref: string,
      input: { decision: string; reason: string; basis?: string; items: { key: string; label: string; note?: string }[] },
    ) {
      const decision = input.decision as Decision
      if (!DECISIONS.includes(decision)) throw new AppError('invalid', t('请选择处理决定'), { decision: t('请选择处理决定') })
      if (!DECISION_ROLES[decision].some((r) => me.roles.includes(r)))
        throw new AppError(
          'forbidden',
          decision === 'revoke'
            ? t('撤销审核通过决定须由主管作出')
            : decision === 'approve' || decision === 'reject'
              ? t('审核决定须由审核岗作出')
              : t('受理、一次性告知和不予受理须由受理岗作出'),
        )
      const errors: Record<string, string> = {}
      const reason = input.reason.trim()
      if ((decision === 'supplement' || decision === 'reject' || decision === 'revoke') && !reason)
        errors.reason =
          decision === 'reject' ? t('不予通过须说明理由') : decision === 'revoke' ? t('撤销须说明理由') : t('请填写一次性告知说明')
      if (reason.length > 1000) errors.reason = t('说明最多1000字')
      // 不予受理 is a written decision with its reason and the legal basis (行政许可法第32条; decision 0205).
      const basis = (input.basis ?? '').trim()
      if (decision === 'refuse') {
        if (!reason) errors.reason = t('不予受理须说明理由')
        if (basis.length < 4) errors.basis = t('请填写不予受理的法律依据（如：《中华人民共和国行政许可法》第三十二条）')
        else if (basis.length > 200) errors.basis = t('法律依据最多200字')
      }
      if (decision === 'supplement' && input.items.length === 0) errors.items = t('请勾选需要补正的全部材料或信息（一次性告知）')
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
      let app = await load(ref)
      // A revocation reopens nothing and is the supervisor's own act: whoever held the case does not matter.
      if (decision !== 'revoke' && app.assigneeStaffId && app.assigneeStaffId !== me.id) {
        const holder = await staff.byId(app.assigneeStaffId)
        throw new AppError('conflict', t('该办件由 {who} 办理中，不能处理', { who: staffLabel(holder) }))
      }
      // An impossible step is refused before anything changes (a refused decision does not claim the case).
      const why = refusal(await applications.factsOf(app), decision)
      if (why) throw new AppError('conflict', t('{why}（当前状态：{status}）', { why, status: statusLabel(app.status) }))
      if (decision !== 'revoke' && !app.assigneeStaffId) {
        if (!(await applications.claim(app.id, me.id))) throw new AppError('conflict', t('该办件刚被其他工作人员认领'))
        app = await load(ref)
      }
      const service = await catalog.get(app.serviceCode)
      const set: Partial<ApplicationRow> =
        // 受理 hands the case over to review, a notice over to the citizen: either way the clerk's claim is released.
        decision === 'accept' || decision === 'supplement'
          ? { assigneeStaffId: null }
          : decision === 'refuse'
            ? { decisionReason: `${reason}（依据：${basis}）`, assigneeStaffId: null }
            : decision === 'approve'
              ? { decisionReason: reason || '符合条件，予以通过', retainUntil: null }
              : decision === 'reject'
                ? { decisionReason: reason }
                : {}
      // Composed in each language at send time (the citizen reads it in theirs, not the clerk's; decision 0255).
      // Item labels by key from the service in that language; an item the clerk typed stays as typed.
      const itemLabel = (i: { key: string; label: string }) => {
        const s = service && localised(service)
        return s?.form.fields.find((f) => f.name === i.key)?.label ?? s?.form.materials.find((m) => m.key === i.key)?.label ?? i.label
      }
      const limit = service?.timeLimitDays ?? ''
      const messages: Record<Decision, [() => string, () => string]> = {
        accept: [() => t('您的申请已受理'), () => t('办件 {ref} 已受理，承诺时限 {limit} 个工作日。', { ref, limit })],
        supplement: [
          () => t('请补正材料'),
          () => t('办件 {ref} 需要补正：{items}。{reason}', { ref, items: input.items.map(itemLabel).join(t('、')), reason }),
        ],
        approve: [
          () => t('您的申请已通过'),
          () => t('办件 {ref} 审核通过。', { ref }) + (service?.isSubsidy ? t('补贴将按规定发放至您的收款账户。') : ''),
        ],
        refuse: [
          () => t('您的申请不予受理'),
          () => t('办件 {ref} 不予受理，理由：{reason}；依据：{basis}。如有异议可申请行政复议或提起行政诉讼。', { ref, reason, basis }),
        ],
        reject: [() => t('您的申请未通过'), () => t('办件 {ref} 未通过，理由：{reason}。如有异议可申请行政复议。', { ref, reason })],
        revoke: [
          () => t('审核通过决定已撤销'),
          () => t('办件 {ref} 的审核通过决定已撤销，理由：{reason}。如有异议可申请行政复议。', { ref, reason }),
        ],
      }
      return applications.act(
        app,
        decision,
        { type: 'staff', id: me.id },
        {
          reason: reason || null,
          detail: decision === 'supplement' ? { items: input.items } : decision === 'refuse' ? { basis } : null,
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
      if (!app) throw new AppError('not_found', t('未找到该办件'))
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
          title: () => t('您的申请已通过'),
          body: () => t('办件 {ref} 经系统核验符合全部条件，已即时受理并审核通过（秒批）。', { ref }),
          link: `/applications/${ref}`,
        })
    },

    /** The payment goes to the account confirmed at submission, bounded by what was claimed (payment.ts). */
    async recordPayment(ctx: AuditContext, me: { id: number }, ref: string, input: { amount: string; date: string; voucher: string }) {
      const app = await load(ref)
      const service = await catalog.get(app.serviceCode)
      if (!service?.isSubsidy) throw new AppError('conflict', t('该事项不涉及补贴发放'))
      const errors = paymentErrors(input, app, service, today())
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
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
                title: () => t('补贴已发放'),
                body: () =>
                  t('办件 {ref} 的补贴 {amount} 元已于 {date} 发放至 {account}。', {
                    ref,
                    amount: input.amount,
                    date: input.date,
                    account: payee?.bankAccountMasked ?? t('您的账户'),
                  }),
                link: `/applications/${ref}`,
              })
          },
        },
      )
    },

    /**
     * The case to open after a decision: the person's own claimed cases first, then unclaimed ones, in the
     * status their role decides in (clerk: 待受理, reviewer: 审核中; a supervisor both), never `except`.
     */
    async nextFor(me: { id: number; roles: string[] }, except: string): Promise<string | null> {
      const statuses = [
        ...new Set(me.roles.flatMap((r) => (r === 'supervisor' ? ['submitted', 'accepted'] : ACTIONABLE[r] ? [ACTIONABLE[r]] : []))),
      ]
      for (const assignee of [me.id, 'none'] as const)
        for (const status of statuses) {
          const rows = await applications.queuePage({ status, assignee }, 2)
          const hit = rows.find((r) => r.ref !== except)
          if (hit) return hit.ref
        }
      return null
    },
  }
}
