import { t } from '../../lib/i18n/index.js'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { DAY } from '../../lib/clock.js'
import { addMs, toTimestamp } from '../../db/time.js'
import { AppError } from '../../lib/errors.js'
import { maskPhone } from '../../lib/crypto.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { NotificationService } from '../notifications/service.js'
import type { RateLimiter } from '../ratelimit/service.js'
import * as repo from './repository.js'
import * as v from './validators.js'

const INVITATION_DAYS = 7
const INVITATIONS_PER_ENTERPRISE_PER_DAY = 10

/**
 * Enterprise operators join by invitation (issue 16 item 8; docs/decisions/0166-operator-invitations.md).
 * An operator invites a phone number; the person behind it — if any — accepts or declines in their
 * own account. The inviter learns nothing about the number (not whether it is registered, not the
 * name) until the invitee accepts. An operator may leave, except the last one.
 */
export function createOperatorService(deps: {
  db: Kysely<Database>
  clock: Clock
  audit: AuditService
  notifications: NotificationService
  rateLimiter: RateLimiter
}) {
  const { db, clock, audit, notifications, rateLimiter } = deps
  const now = () => toTimestamp(clock.now())

  async function pendingOf(userId: number, id: number) {
    const inv = await repo.invitationById(db, id)
    if (!inv || inv.inviteeUserId !== userId) throw new AppError('not_found', t('未找到该邀请'))
    if (inv.status !== 'pending' || inv.expiresAt <= now()) throw new AppError('conflict', t('该邀请已处理或已过期'))
    return inv
  }

  return {
    /**
     * Invites the holder of `phone`. Answers the same whether or not that number belongs to a
     * verified citizen (no enumeration, no name); only a real, verified, active person gets an
     * invitation — in-site and by SMS — and one pending invitation per enterprise and person.
     */
    async invite(ctx: AuditContext, actingUserId: number, enterpriseId: number, phone: string): Promise<{ phoneMasked: string }> {
      if (!(await repo.isOperator(db, enterpriseId, actingUserId))) throw new AppError('not_found', t('未找到该企业'))
      const pe = v.validatePhone(phone)
      if (pe) throw new AppError('invalid', pe, { operator_phone: pe })
      const limit = await rateLimiter.hit(`operator-invite:${enterpriseId}`, DAY, INVITATIONS_PER_ENTERPRISE_PER_DAY)
      if (!limit.allowed)
        throw new AppError('rate_limited', t('今日发出的经办人邀请已达{n}次上限，请明天再试', { n: INVITATIONS_PER_ENTERPRISE_PER_DAY }), {
          operator_phone: t('今日邀请次数已达上限'),
        })
      const u = await repo.userByPhone(db, phone)
      const ent = await repo.enterpriseById(db, enterpriseId)
      const eligible = !!u && !!u.verifiedAt && u.status === 'active' && u.id !== actingUserId
      const already = eligible && (await repo.isOperator(db, enterpriseId, u.id))
      const pending = eligible && !already && (await repo.pendingInvitation(db, enterpriseId, u.id, now()))
      await db.transaction().execute(async (trx) => {
        if (eligible && !already && !pending) {
          const id = await repo.insertInvitation(trx, {
            enterpriseId,
            inviteeUserId: u.id,
            invitedBy: actingUserId,
            status: 'pending',
            createdAt: now(),
            expiresAt: addMs(now(), INVITATION_DAYS * DAY),
            decidedAt: null,
          })
          await notifications.notifyUser(trx, u.id, {
            // in the invitee's language, not the inviter's
            title: () => t('企业经办人邀请'),
            body: () =>
              t('“{name}”邀请您成为企业经办人。请登录后在“企业认证”页面接受或拒绝，{days}日内有效。如不认识该企业，请拒绝。', {
                name: ent?.name ?? '',
                days: INVITATION_DAYS,
              }),
            link: '/me/enterprise',
            category: 'account',
            channels: ['site', 'sms'],
          })
          await audit.record(trx, ctx, {
            action: 'enterprise.operator_invited',
            subjectType: 'enterprise',
            subjectId: enterpriseId,
            detail: { invitation: id },
          })
        } else {
          await audit.record(trx, ctx, {
            action: 'enterprise.operator_invited',
            subjectType: 'enterprise',
            subjectId: enterpriseId,
            detail: { sent: false },
          })
        }
      })
      return { phoneMasked: maskPhone(phone) }
    },

    /** Invitations waiting for this person: the enterprise's name and code, never the inviter's identity. */
    invitationsFor: (userId: number) => repo.invitationsFor(db, userId, now()),

    async accept(ctx: AuditContext, userId: number, invitationId: number) {
      const inv = await pendingOf(userId, invitationId)
      await db.transaction().execute(async (trx) => {
        if (!(await repo.decideInvitation(trx, inv.id, 'accepted', now()))) throw new AppError('conflict', t('该邀请已处理'))
        if (!(await repo.isOperator(trx, inv.enterpriseId, userId)))
          await repo.addOperator(trx, inv.enterpriseId, userId, inv.invitedBy, now())
        await audit.record(trx, ctx, {
          action: 'enterprise.operator_added',
          subjectType: 'enterprise',
          subjectId: inv.enterpriseId,
          detail: { userId, invitation: inv.id },
        })
        const u = await repo.userById(trx, userId)
        await notifications.notifyUser(trx, inv.invitedBy, {
          title: () => t('经办人邀请已接受'),
          body: () => t('{name}已接受邀请，成为企业经办人。', { name: u?.realName ?? '' }),
          link: '/me/enterprise',
          category: 'account',
          channels: ['site'],
        })
      })
      return inv.enterpriseId
    },

    async decline(ctx: AuditContext, userId: number, invitationId: number) {
      const inv = await pendingOf(userId, invitationId)
      if (!(await repo.decideInvitation(db, inv.id, 'declined', now()))) throw new AppError('conflict', t('该邀请已处理'))
      await audit.record(null, ctx, {
        action: 'enterprise.invitation_declined',
        subjectType: 'enterprise',
        subjectId: inv.enterpriseId,
        detail: { invitation: inv.id },
      })
    },

    /** Leaves an enterprise; the last operator cannot (someone must remain answerable for its cases). */
    async leave(ctx: AuditContext, userId: number, enterpriseId: number) {
      if (!(await repo.isOperator(db, enterpriseId, userId))) throw new AppError('not_found', t('未找到该企业'))
      await db.transaction().execute(async (trx) => {
        if ((await repo.countOperators(trx, enterpriseId)) <= 1)
          throw new AppError(
            'conflict',
            t('您是该企业唯一的经办人，不能退出。请先邀请其他经办人并待其接受；如企业需注销认证，请到服务窗口办理。'),
          )
        await repo.removeOperator(trx, enterpriseId, userId)
        await repo.stopActingFor(trx, userId, enterpriseId)
        await audit.record(trx, ctx, {
          action: 'enterprise.operator_removed',
          subjectType: 'enterprise',
          subjectId: enterpriseId,
          detail: { userId, left: true },
        })
      })
    },
  }
}

export type OperatorService = ReturnType<typeof createOperatorService>
