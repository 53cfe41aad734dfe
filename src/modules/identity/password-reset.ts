import { hashPassword } from '../../lib/crypto.js'
import { AppError } from '../../lib/errors.js'
import { toTimestamp } from '../../db/time.js'
import { t } from '../../lib/i18n/index.js'
import type { AuditContext } from '../audit/service.js'
import * as repo from './repository.js'
import { policyOf, type IdentityDeps, type Meta } from './common.js'
import { CITIZEN_CODE_FAILED, lockedMessage } from './credentials.js'
import type { LoginThrottle } from './throttle.js'

/**
 * 忘记密码: a new password with an SMS code (purpose `reset`) sent to the registered phone. It takes the
 * limits of SMS login — the code's 5 minutes, single use and 5 tries; the sending limits of
 * sendSmsCode; the login throttle keyed by the phone as typed, so failures here and at /login count
 * together and lock alike — and its non-enumeration: an unknown number gets a code row that never
 * matches, and the same answer as a wrong code (decision 0231). Success signs every session out.
 */
export function createPasswordReset(
  deps: IdentityDeps & {
    throttle: LoginThrottle
    verifySmsCode: (phone: string, purpose: 'reset', code: string) => Promise<string | null>
  },
) {
  const { db, clock, audit, sessions, throttle } = deps
  const { policy, passwordError } = policyOf(deps)

  return async function resetPassword(ctx: AuditContext & Meta, input: { phone: string; smsCode: string; password: string }) {
    const pwError = await passwordError(input.password)
    if (pwError) throw new AppError('invalid', pwError, { password: pwError })
    const key = throttle.keyOf('citizen', input.phone)
    const { lockedUntil } = await throttle.check(key, ctx.ip)
    if (lockedUntil) throw new AppError('locked', lockedMessage(lockedUntil))
    const user = await repo.userByPhone(db, input.phone)
    const codeOk = !(await deps.verifySmsCode(input.phone, 'reset', input.smsCode))
    if (!codeOk || !user || user.status !== 'active') {
      const r = await throttle.fail(key, ctx.ip, (await policy()).lockoutThreshold)
      const actor = user
        ? { ...ctx, actorType: 'citizen' as const, actorId: String(user.id), actorRole: 'citizen' }
        : { ...ctx, actorType: 'anonymous' as const, actorId: null, actorRole: null }
      await audit.record(null, actor, {
        action: 'user.password_reset_failed',
        subjectType: 'citizen',
        subjectId: user?.id ?? null,
        detail: { known: !!user },
      })
      if (r.lockedUntil) throw new AppError('locked', lockedMessage(r.lockedUntil))
      const msg = t(CITIZEN_CODE_FAILED)
      throw new AppError('invalid', msg, { sms_code: msg })
    }
    await throttle.succeed(key)
    await db.transaction().execute(async (trx) => {
      const now = toTimestamp(clock.now())
      await repo.updateUser(trx, user.id, {
        passwordHash: hashPassword(input.password),
        failedLogins: 0,
        lockedUntil: null,
        updatedAt: now,
      })
      await sessions.revokeAll(trx, 'citizen', user.id)
      const actor = { ...ctx, actorType: 'citizen' as const, actorId: String(user.id), actorRole: 'citizen' }
      await audit.record(trx, actor, { action: 'user.password_reset', subjectType: 'citizen', subjectId: user.id })
      await deps.accountChanged?.(trx, user.id, '登录密码')
    })
  }
}
