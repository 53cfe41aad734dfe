import { t } from '../../lib/i18n/index.js'
import nodeCrypto from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import { beijingDate, compactDate, today } from '../../lib/time.js'
import { AppError } from '../../lib/errors.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { IdentityService } from '../identity/service.js'
import type { ApplicationService } from '../applications/service.js'
import type { CalendarService } from '../calendar/service.js'
import type { NotificationService } from '../notifications/service.js'
import * as repo from './repository.js'
import type { ComplaintRow } from './table.js'
import type { RateLimiter } from '../ratelimit/service.js'

import {
  CATEGORIES,
  DUE_DAYS,
  PRIORITIES,
  SATISFACTION,
  CALLER_CHECKS_PER_TICKET,
  CALLER_CHECKS_PER_PHONE,
  CALLER_CHECK_WINDOW_MS,
} from './labels.js'
export { CATEGORIES, DUE_DAYS, PRIORITIES, SATISFACTION, CALLER_CHECKS_PER_TICKET, CALLER_CHECKS_PER_PHONE, CALLER_CHECK_WINDOW_MS }

/** What a new ticket says, as the desk (or the citizen online) typed it. */
interface TicketInput {
  callerPhone: string
  callerName: string
  category: string
  description: string
  relatedRef: string
  priority: string
}

/** Phone complaints desk: tickets, caller identity check, notes, resolution, callback. */
export function createComplaintService(deps: {
  db: Kysely<Database>
  clock: Clock
  audit: AuditService
  identity: IdentityService
  applications: ApplicationService
  calendar: CalendarService
  notifications: NotificationService
  rateLimiter: RateLimiter
  /** Keyed hash of a caller's phone for the per-phone limit (no phone number in the rate-limit table). */
  keyedHash: (v: string) => string
}) {
  const { db, clock, audit, identity, applications, calendar, notifications, rateLimiter } = deps
  const now = () => toTimestamp(clock.now())

  async function get(ref: string) {
    const c = await repo.byRef(db, ref)
    if (!c) throw new AppError('not_found', t('未找到该工单'))
    return c
  }

  function validate(input: TicketInput) {
    const errors: Record<string, string> = {}
    if (!/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/.test(input.callerPhone)) errors.caller_phone = t('请填写来电号码（手机或带区号的固话）')
    if (!input.callerName.trim()) errors.caller_name = t('请填写来电人姓名或称呼')
    else if (input.callerName.length > 60) errors.caller_name = t('姓名最多60个字')
    if (!CATEGORIES.includes(input.category as (typeof CATEGORIES)[number])) errors.category = t('请选择诉求类别')
    if (input.description.trim().length < 5) errors.description = t('请记录诉求内容（至少5个字）')
    else if (input.description.length > 4000) errors.description = t('内容最多4000字')
    if (input.priority && !PRIORITIES.includes(input.priority)) errors.priority = t('请选择优先级')
    return errors
  }

  return {
    get,
    async create(ctx: AuditContext, staffId: number | null, input: TicketInput & { channel?: 'phone' | 'online'; userId?: number }) {
      const errors = validate(input)
      let related = null
      if (input.relatedRef) {
        related = await applications.byRef(input.relatedRef.toUpperCase())
        if (!related) errors.related_ref = t('未找到该办件编号，请核对（可留空）')
      }
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
      const at = clock.now()
      const ref = `TS${compactDate(beijingDate(at))}${nodeCrypto.randomBytes(3).toString('hex').toUpperCase()}`
      const dueDate = await calendar.addWorkingDays(beijingDate(at), DUE_DAYS[input.category] ?? 5)
      const userId = input.userId ?? null
      return db.transaction().execute(async (trx) => {
        await repo.insert(trx, {
          ref,
          channel: input.channel ?? 'phone',
          callerPhone: input.callerPhone,
          callerName: input.callerName.trim(),
          category: input.category,
          description: input.description.trim(),
          relatedRef: related?.ref ?? null,
          userId,
          priority: input.priority || '普通',
          status: 'open',
          dueDate,
          assigneeStaffId: staffId,
          identityMethod: null,
          identityPassed: null,
          identityCheckedAt: null,
          resolution: null,
          callbackAt: null,
          callbackResult: null,
          callbackSatisfaction: null,
          createdBy: staffId,
          createdAt: toTimestamp(at),
          resolvedAt: null,
        })
        await audit.record(trx, ctx, {
          action: 'complaint.created',
          subjectType: 'complaint',
          subjectId: ref,
          detail: { category: input.category, channel: input.channel ?? 'phone' },
        })
        return ref
      })
    },

    /** What the agent may see before the caller's identity is checked: only whether an account exists. */
    async accountExists(phone: string) {
      const u = await identity.userByPhone(phone)
      return !!u && u.status === 'active'
    },

    async sendIdentityCode(ctx: AuditContext, ref: string) {
      const c = await get(ref)
      const u = await identity.userByPhone(c.callerPhone)
      if (!u || u.status !== 'active') throw new AppError('invalid', t('该号码未注册账号，无法发送验证码'), { code: t('该号码未注册账号') })
      await identity.sendSmsCode(ctx, c.callerPhone, 'verify')
    },

    /** SMS code read out by the caller, or the last 4 of the ID number. Records the method and result. */
    async checkIdentity(ctx: AuditContext, ref: string, method: string, answer: string) {
      const c = await get(ref)
      if (method !== 'sms' && method !== 'id_last4') throw new AppError('invalid', t('请选择核验方式'), { method: t('请选择核验方式') })
      const u = await identity.userByPhone(c.callerPhone)
      // Each try counts before the answer is compared, so parallel tries cannot exceed the limits.
      const ticketOk = await repo.countIdentityTry(db, c.id, CALLER_CHECKS_PER_TICKET)
      const phoneOk = ticketOk
        ? (await rateLimiter.hit(`caller-check:${deps.keyedHash(c.callerPhone)}`, CALLER_CHECK_WINDOW_MS, CALLER_CHECKS_PER_PHONE)).allowed
        : true
      if (!ticketOk || !phoneOk) {
        await audit.record(null, ctx, {
          action: 'complaint.identity_check',
          subjectType: 'citizen',
          subjectId: u?.id ?? null,
          purpose: `来电身份核验 ${ref}`,
          detail: { method, passed: false, blocked: ticketOk ? 'phone' : 'ticket' },
        })
        throw new AppError(
          'rate_limited',
          ticketOk
            ? t(
                '该来电号码今日身份核验次数已达上限（{CALLER_CHECKS_PER_PHONE}次），不得透露账号信息。请引导来电人携带身份证到服务窗口办理。',
                { CALLER_CHECKS_PER_PHONE },
              )
            : t('本工单身份核验已达{CALLER_CHECKS_PER_TICKET}次上限，不得透露账号信息。请引导来电人携带身份证到服务窗口办理。', {
                CALLER_CHECKS_PER_TICKET,
              }),
          { answer: t('核验次数已达上限') },
        )
      }
      let passed = false
      if (u && u.status === 'active') {
        if (method === 'sms') passed = /^\d{6}$/.test(answer) && !(await identity.verifySmsCode(c.callerPhone, 'verify', answer))
        else passed = /^\d{3}[\dXx]$/.test(answer) && !!u.idNumberEnc && identity.decrypt(u.idNumberEnc).slice(-4) === answer.toUpperCase()
      }
      await db.transaction().execute(async (trx) => {
        await repo.update(trx, c.id, {
          identityMethod: method,
          identityPassed: passed ? 1 : 0,
          identityCheckedAt: now(),
          userId: passed ? u!.id : c.userId,
        })
        await audit.record(trx, ctx, {
          action: 'complaint.identity_check',
          subjectType: 'citizen',
          subjectId: u?.id ?? null,
          purpose: `来电身份核验 ${ref}`,
          detail: { method, passed },
        })
      })
      return passed
    },

    /** The linked account's summary: only after a passed identity check. */
    async callerAccount(c: ComplaintRow) {
      if (c.identityPassed !== 1 || !c.userId) return null
      const u = await identity.userById(c.userId)
      if (!u) return null
      return {
        name: u.realName,
        idNumberMasked: u.idNumberMasked,
        verified: !!u.verifiedAt,
        applications: await applications.listForApplicant(u.id),
      }
    },

    async addNote(ctx: AuditContext, staffId: number, ref: string, body: string, kind: 'note' | 'reply' = 'note') {
      const c = await get(ref)
      if (!body.trim()) throw new AppError('invalid', t('请填写内容'), { note: t('请填写内容') })
      if (body.length > 2000) throw new AppError('invalid', t('内容最多2000字'), { note: t('内容最多2000字') })
      await db.transaction().execute(async (trx) => {
        await repo.addNote(trx, { complaintId: c.id, staffId, kind, body: body.trim(), createdAt: now() })
        await audit.record(trx, ctx, { action: 'complaint.updated', subjectType: 'complaint', subjectId: ref, detail: { kind } })
        if (kind === 'reply' && c.userId)
          await notifications.notifyUser(trx, c.userId, {
            title: () => t('您的诉求有新回复'),
            body: () => t('工单 {ref} 有新回复，请登录查看。', { ref }),
            link: '/me/complaints',
            category: 'complaint',
          })
      })
    },

    async resolve(
      ctx: AuditContext,
      staffId: number,
      ref: string,
      input: { resolution: string; callbackResult: string; satisfaction: string },
    ) {
      const c = await get(ref)
      const errors: Record<string, string> = {}
      if (input.resolution.trim().length < 4) errors.resolution = t('请填写处理结果')
      if (input.callbackResult.trim().length < 2) errors.callback_result = t('请记录回访情况（如：已电话告知处理结果）')
      if (!SATISFACTION.includes(input.satisfaction)) errors.satisfaction = t('请选择来电人满意度')
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
      if (c.status !== 'open') throw new AppError('conflict', t('该工单已办结'))
      await db.transaction().execute(async (trx) => {
        await repo.update(trx, c.id, {
          status: 'resolved',
          resolution: input.resolution.trim(),
          callbackAt: now(),
          callbackResult: input.callbackResult.trim(),
          callbackSatisfaction: input.satisfaction,
          resolvedAt: now(),
        })
        await repo.addNote(trx, {
          complaintId: c.id,
          staffId,
          kind: 'note',
          body: `办结并回访：${input.callbackResult.trim()}`,
          createdAt: now(),
        })
        await audit.record(trx, ctx, {
          action: 'complaint.updated',
          subjectType: 'complaint',
          subjectId: ref,
          detail: { resolved: true, satisfaction: input.satisfaction },
        })
        if (c.userId)
          await notifications.notifyUser(trx, c.userId, {
            title: () => t('您的诉求已办结'),
            body: () => t('工单 {ref}：{x}', { ref, x: input.resolution.trim().slice(0, 100) }),
            link: '/me/complaints',
            category: 'complaint',
          })
      })
    },

    list: (status: string | null) => repo.list(db, status),
    /** Closure erasure (privacy): the citizen's tickets lose their personal data, in the caller's transaction. */
    eraseForUser: (trx: Transaction<Database>, userId: number, phone: string | null) => repo.eraseForUser(trx, userId, phone),
    notes: (id: number) => repo.notes(db, id),
    ofUser: (userId: number) => repo.ofUser(db, userId),
    today: () => today(clock),
    nearDue: () => calendar.addWorkingDays(today(clock), 1),
    overdue: () => repo.overdue(db, today(clock)),

    /** Daily job: an internal reminder on every open ticket due within one working day or past due, once per ticket per day. */
    async dueAlerts() {
      const day = today(clock)
      const near = await calendar.addWorkingDays(day, 1)
      let n = 0
      for (const c of await repo.openDueBy(db, near)) {
        const mark = `系统提醒（${day}）`
        if ((await repo.notes(db, c.id)).some((x) => x.body.startsWith(mark))) continue
        await repo.addNote(db, {
          complaintId: c.id,
          staffId: null,
          kind: 'note',
          body: `${mark}：${c.dueDate < day ? `已超期（办结时限 ${c.dueDate}）` : `临近办结时限 ${c.dueDate}`}`,
          createdAt: now(),
        })
        n++
      }
      return n
    },
  }
}
export type ComplaintService = ReturnType<typeof createComplaintService>
