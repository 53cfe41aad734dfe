import { t } from '../../lib/i18n/index.js'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { maskBankAccount, type FieldCrypto } from '../../lib/crypto.js'
import { toTimestamp } from '../../db/time.js'
import { formatCst } from '../../lib/time.js'
import { AppError } from '../../lib/errors.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { NotificationService } from '../notifications/service.js'
import type { SessionService } from './sessions.js'
import type { SessionRow, UserRow } from './table.js'
import * as repo from './repository.js'
import * as v from './validators.js'

type Conn = Kysely<Database> | Transaction<Database>

/** Thrown when a bank-account change arrives without a live step-up; routes send the person to /me/step-up. */
export class StepUpRequired extends AppError {
  constructor() {
    super('forbidden', t('变更收款银行账户前须完成短信二次验证'), { sms_code: t('请先完成短信二次验证') })
  }
}

/**
 * The citizen's payee bank account (issue 16 item 4; docs/decisions/0160-bank-account-changes.md).
 * Every route that changes it — the self-service form on /me, an approved correction request —
 * goes through `change`, which needs the proof of a step-up, validates the number, audits, and tells
 * the registered phone. Subsidy applications keep a snapshot of the account confirmed at submission.
 */
export function createBankAccountService(deps: {
  db: Kysely<Database>
  clock: Clock
  crypto: FieldCrypto
  audit: AuditService
  notifications: NotificationService
  sessions: SessionService
}) {
  const { db, clock, crypto, audit, notifications, sessions } = deps
  const now = () => toTimestamp(clock.now())

  /** Field errors for a bank name (when given) and number; empty when both are fine. */
  function validate(input: { bankName?: string | null; account: string }): Record<string, string> {
    const errors: Record<string, string> = {}
    if (input.bankName !== undefined && !v.BANKS.includes(input.bankName as (typeof v.BANKS)[number]))
      errors.bank_name = t('请选择开户银行')
    const e = v.validateBankAccount(input.account)
    if (e) errors.bank_account = e
    return errors
  }

  /**
   * Tells the person that their account changed: an in-site message and an SMS to the registered
   * phone (never to mail only: mail may be the attacker's). `what` names the change, e.g. 登录密码.
   */
  async function accountChanged(trx: Conn, userId: number, what: string, detail = '') {
    await notifications.notifyUser(trx, userId, {
      title: () => t('账号信息变更提醒'),
      // composed in the holder's language: `what` is a Chinese label such as 登录密码, `detail` the new account, masked
      body: () =>
        t('您的{what}已于 {at}（北京时间）变更{detail}。如非本人操作，请立即拨打12333。', {
          what: t(what),
          at: formatCst(clock.now()),
          detail: detail ? t('：新账户 {detail}', { detail }) : '',
        }),
      link: '/me/account',
      category: 'security',
      channels: ['site', 'sms'],
    })
  }

  /**
   * Applies a new payee account. `proof` is the citizen's own session (it must hold a live step-up)
   * or an approved correction request (which was accepted only with a step-up, see privacy).
   */
  async function change(
    trx: Transaction<Database>,
    ctx: AuditContext,
    userId: number,
    input: { bankName?: string; account: string },
    proof: { session: SessionRow } | { correctionId: number },
  ) {
    if (
      'session' in proof &&
      (proof.session.subjectType !== 'citizen' || proof.session.subjectId !== userId || !sessions.isSteppedUp(proof.session))
    )
      throw new StepUpRequired()
    const errors = validate(input)
    if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
    const masked = maskBankAccount(input.account)
    await repo.updateUser(trx, userId, {
      ...(input.bankName !== undefined ? { bankName: input.bankName } : {}),
      bankAccountEnc: crypto.encrypt(input.account),
      bankAccountMasked: masked,
      updatedAt: now(),
    })
    await audit.record(trx, ctx, {
      action: 'identity.bank_changed',
      subjectType: 'citizen',
      subjectId: userId,
      detail: { via: 'session' in proof ? 'self' : 'correction', ...('correctionId' in proof ? { correction: proof.correctionId } : {}) },
    })
    await accountChanged(trx, userId, '收款银行账户', masked)
  }

  /** A short fingerprint of the current payee account: the check-your-answers page carries it, submit compares it. */
  function fingerprint(user: Pick<UserRow, 'id' | 'bankName' | 'bankAccountEnc'>): string | null {
    if (!user.bankAccountEnc) return null
    return crypto.hmac('payee', `${user.id}:${user.bankName ?? ''}:${crypto.decrypt(user.bankAccountEnc)}`).slice(0, 32)
  }

  return {
    validate,
    change,
    accountChanged,
    fingerprint,
    /** The payee columns a subsidy application stores at submission (a fresh ciphertext of the same number). */
    snapshot(user: Pick<UserRow, 'bankName' | 'bankAccountEnc' | 'bankAccountMasked'>) {
      if (!user.bankAccountEnc) return null
      return {
        payeeBankName: user.bankName,
        payeeAccountEnc: crypto.encrypt(crypto.decrypt(user.bankAccountEnc)),
        payeeAccountMasked: user.bankAccountMasked,
      }
    },
    /** Self-service change from /me/bank, in its own transaction. */
    async changeOwn(ctx: AuditContext, session: SessionRow, input: { bankName: string; account: string }) {
      if (session.subjectType !== 'citizen') throw new StepUpRequired()
      const errors = validate(input)
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
      await db.transaction().execute((trx) => change(trx, ctx, session.subjectId, input, { session }))
    },
  }
}

export type BankAccountService = ReturnType<typeof createBankAccountService>
