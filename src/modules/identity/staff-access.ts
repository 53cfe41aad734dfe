import { t } from '../../lib/i18n/index.js'
import { hashPassword, verifyPassword } from '../../lib/crypto.js'
import { toTimestamp } from '../../db/time.js'
import { AppError } from '../../lib/errors.js'
import type { AuditContext } from '../audit/service.js'
import * as repo from './repository.js'
import * as v from './validators.js'
import { policyOf, type IdentityDeps } from './common.js'
import type { AccountService } from './account.js'

/** What staff do in identity: change their password, open a walk-in citizen's account at the counter (sign-in: sign-in.ts). */
export function createStaffAccessService(deps: IdentityDeps & { verifyIdentity: AccountService['verifyIdentity'] }) {
  const { db, clock, audit, notifications, verifyIdentity, consents, privacyPolicy } = deps
  const now = () => toTimestamp(clock.now())
  const { passwordError } = policyOf(deps)

  return {
    // staffLogin is in sign-in.ts (credentials.ts): one sign-in, alike for known and unknown usernames, TOTP once.
    async changeStaffPassword(ctx: AuditContext, staffId: number, currentSessionId: string, oldPassword: string, newPassword: string) {
      const s = await repo.staffById(db, staffId)
      if (!s || !verifyPassword(oldPassword, s.passwordHash))
        throw new AppError('invalid', t('原密码不正确'), { old_password: t('原密码不正确') })
      const err = (await passwordError(newPassword)) ?? (newPassword === oldPassword ? t('新密码不能与原密码相同') : null)
      if (err) throw new AppError('invalid', err, { new_password: err })
      await db.transaction().execute(async (trx) => {
        await repo.updateStaff(trx, staffId, { passwordHash: hashPassword(newPassword), mustChangePassword: 0 })
        await repo.revokeOtherSessions(trx, 'staff', staffId, currentSessionId, now())
        await audit.record(trx, ctx, { action: 'user.password_changed', subjectType: 'staff', subjectId: staffId })
      })
    },

    /**
     * Walk-in at the counter: the clerk has seen the ID documents and creates a verified account.
     * No password: the citizen signs in with an SMS code to the phone given here.
     */
    async createAtCounter(
      ctx: AuditContext,
      input: { phone: string; realName: string; idNumber: string; bankName: string; bankAccount: string },
    ) {
      const pe = v.validatePhone(input.phone)
      if (pe) throw new AppError('invalid', pe, { phone: pe })
      if (await repo.userByPhone(db, input.phone))
        throw new AppError('invalid', t('该手机号已注册'), { phone: t('该手机号已注册，请按身份证号查询') })
      const at = now()
      const id = await repo.insertUser(db, repo.newUserRow(input.phone, null, at))
      try {
        await verifyIdentity(ctx, id, {
          realName: input.realName,
          idNumber: input.idNumber,
          bankName: input.bankName,
          bankAccount: input.bankAccount,
        })
      } catch (e) {
        await repo.deleteUser(db, id)
        throw e
      }
      const policy = await privacyPolicy.currentPolicy()
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, id, { verificationMethod: 'counter-document-check' })
        await consents.record(trx, {
          userId: id,
          consent: 'privacy_policy',
          granted: true,
          policyVersion: policy?.version ?? null,
          channel: 'counter',
          ip: ctx.ip,
        })
        await audit.record(trx, ctx, { action: 'user.register', subjectType: 'citizen', subjectId: id, detail: { channel: 'counter' } })
        await notifications.notifyUser(trx, id, {
          title: () => t('已为您开通账号'),
          body: () => t('工作人员已在服务窗口为您开通人才一站式网上办事大厅账号，可使用本手机号和短信验证码登录。'),
          channels: ['site', 'sms'],
          category: 'account',
        })
      })
      return id
    },
  }
}
