import { t } from '../../lib/i18n/index.js'
import nodeCrypto from 'node:crypto'
import { DAY } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import { beijingDate, compactDate, today } from '../../lib/time.js'
import { AppError } from '../../lib/errors.js'
import type { AuditContext } from '../audit/service.js'
import type { UserRow } from '../identity/table.js'
import { parseIdNumber } from '../identity/validators.js'
import * as repo from './repository.js'
import type { PrivacyDeps } from './deps.js'

export const CLOSURE_COOLING_OFF_DAYS = 7
export const CLOSURE_LIMIT_WORKING_DAYS = 15

/**
 * Account closure (part of the privacy service): what blocks it, the request online or at the
 * counter, the cooling-off cancel, and the resumable job that erases through each module's own
 * erase function (identity, applications, notifications, complaints, registries, certificates) once the cooling-off is over.
 */
export function createClosureService(deps: PrivacyDeps) {
  const { db, clock, crypto, audit, notifications, applications, catalog, identity, calendar, sessions, jobs, files } = deps
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
        title: () => t('注销申请已受理'),
        body: () =>
          t(
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
        await deps.registries.erase(trx, c.userId)
        await deps.certificates.erase(trx, c.userId)
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
      const id = parseIdNumber(input.idNumber, today(clock))
      if ('error' in id) errors.id_number = id.error
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
  }
}
