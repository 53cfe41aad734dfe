import { t } from '../../lib/i18n/index.js'
import { toTimestamp } from '../../db/time.js'
import { maskIdNumber } from '../../lib/crypto.js'
import { AppError } from '../../lib/errors.js'
import { today } from '../../lib/time.js'
import type { AuditContext } from '../audit/service.js'
import type { SessionRow, UserRow } from '../identity/table.js'
import { StepUpRequired } from '../identity/bank.js'
import { normaliseNumber, parseIdNumber } from '../identity/validators.js'
import * as repo from './repository.js'
import type { PrivacyDeps } from './deps.js'

/**
 * Corrections of identity data (part of the privacy service): the citizen's request and the staff
 * review. An approved ID number is checked by identity's validator (division, birth date, check
 * character) and stored as identity stores it: encrypted, blind-indexed, masked.
 */
export function createCorrectionService(deps: PrivacyDeps) {
  const { db, clock, crypto, audit, notifications, identity, bank, sessions, directory } = deps
  const now = () => toTimestamp(clock.now())

  return {
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
          const parsed = parseIdNumber(v, today(clock))
          if ('error' in parsed)
            throw new AppError('invalid', `申请的身份证号不正确（${parsed.error}），请驳回`, { note: t('申请的身份证号格式不正确') })
          const other = await identity.userByIdNumber(v)
          if (other && other.id !== c.userId) throw new AppError('conflict', t('该身份证号已绑定其他账号'))
          set = {
            idNumberEnc: crypto.encrypt(v),
            idNumberBidx: crypto.blindIndex('id_number', v),
            idNumberMasked: maskIdNumber(v),
            birthDate: parsed.info.birthDate,
            sex: parsed.info.sex,
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
          title: () => (approve ? t('您的更正申请已通过') : t('您的更正申请未通过')),
          body: () => (approve ? t('您的信息已按申请更正。') : t('理由：{x}', { x: note.trim() })),
          link: '/me/data',
          category: 'account',
        })
      })
    },
    correctionValue: async (id: number) => {
      const c = await repo.correctionById(db, id)
      return c ? crypto.decrypt(c.newValueEnc) : null
    },
  }
}
