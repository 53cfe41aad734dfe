import type { Clock } from '../../lib/clock.js'
import { t } from '../../lib/i18n/index.js'
import { AppError } from '../../lib/errors.js'
import { maskPhone } from '../../lib/crypto.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { ApplicationService, Upload } from '../applications/service.js'
import type { IdentityService } from '../identity/service.js'
import type { UserRow } from '../identity/table.js'

import { COUNTER_CHECKS } from './labels.js'
export { COUNTER_CHECKS }
/** How long a look-up lets the clerk act for the citizen at the window. */
export const VISIT_MS = 30 * 60_000

/**
 * The counter (窗口办理, 帮办代办; issue 16 item 6, docs/decisions/0167-counter-look-ups.md).
 * A clerk finds a citizen only by ID number (blind index) or by a case reference — never by an id —
 * and every look-up is an audit event with a purpose and the citizen as subject (their access log).
 * A look-up yields a signed, short-lived "visit" bound to the clerk; the apply pages take the visit,
 * not a user id. The counter form is a new staff-side draft: the citizen's own drafts are never shown.
 */
export function createCounterService(deps: {
  clock: Clock
  audit: AuditService
  applications: ApplicationService
  identity: IdentityService
  hmac: (purpose: string, value: string) => string
}) {
  const { clock, audit, applications, identity, hmac } = deps

  function issueVisit(staffId: number, userId: number, method: string) {
    const payload = Buffer.from(
      JSON.stringify({ s: staffId, u: userId, m: COUNTER_CHECKS.indexOf(method), x: clock.now().getTime() + VISIT_MS }),
    ).toString('base64url')
    return `${payload}.${hmac('counter-visit', payload)}`
  }

  /** The citizen a visit names, for the clerk who made it, while it lasts; otherwise 404. */
  async function visit(staffId: number, token: string): Promise<{ user: UserRow; method: string }> {
    const [payload, mac] = token.split('.')
    if (!payload || !mac || hmac('counter-visit', payload) !== mac) throw new AppError('not_found', t('未找到'))
    const p = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { s: number; u: number; m: number; x: number }
    if (p.s !== staffId || p.x < clock.now().getTime() || !COUNTER_CHECKS[p.m])
      throw new AppError('not_found', t('窗口查询已过期，请重新核验证件并查询'))
    const user = await identity.userById(p.u)
    if (!user || user.status !== 'active' || !user.verifiedAt) throw new AppError('not_found', t('未找到该申请人'))
    return { user, method: COUNTER_CHECKS[p.m] }
  }

  return {
    issueVisit,
    visit,

    /** Look-up by ID number or case reference, audited with the purpose and the citizen as subject. */
    async lookup(ctx: AuditContext, staffId: number, input: { idNumber?: string; ref?: string; method: string }) {
      if (!COUNTER_CHECKS.includes(input.method))
        throw new AppError('invalid', t('请选择身份核验方式'), { verification_method: t('请选择身份核验方式') })
      let u: UserRow | undefined
      let purpose = '窗口办理（按身份证号查询）'
      if (input.ref) {
        if (!/^[A-Z]{2}\d{8}[0-9A-Z]{6}$/.test(input.ref))
          throw new AppError('invalid', t('办件编号格式不正确'), { ref: t('办件编号格式不正确') })
        const app = await applications.byRef(input.ref)
        u = app?.applicantUserId ? await identity.userById(app.applicantUserId) : undefined
        purpose = `窗口办理（按办件编号 ${input.ref} 查询）`
      } else {
        if (!/^\d{17}[\dX]$/.test(input.idNumber ?? ''))
          throw new AppError('invalid', t('身份证号码格式不正确'), { id_number: t('身份证号码应为18位') })
        u = await identity.userByIdNumber(input.idNumber!)
      }
      await audit.record(null, ctx, {
        action: 'counter.lookup',
        subjectType: 'citizen',
        subjectId: u?.id ?? null,
        purpose,
        detail: { method: input.method, by: input.ref ? 'ref' : 'id_number', found: !!u },
      })
      if (!u) return null
      return {
        visit: issueVisit(staffId, u.id, input.method),
        name: u.realName,
        phoneMasked: u.phone ? maskPhone(u.phone) : null,
        status: u.status,
        idNumberMasked: u.idNumberMasked,
        applications: await applications.listForApplicant(u.id),
      }
    },

    /** The counter form for a visit: a staff-side draft of this clerk's (never the citizen's own draft). */
    async form(staffId: number, token: string, serviceCode: string) {
      const { user, method } = await visit(staffId, token)
      const draft = await applications.openStaffDraft(user.id, staffId, serviceCode)
      return { user, method, draft }
    },

    /** 帮办代办: the clerk submits for the citizen at the window; channel counter, clerk recorded. */
    async apply(
      ctx: AuditContext,
      staffId: number,
      input: { visit: string; serviceCode: string; formToken: string; values: Record<string, string>; uploads: Upload[] },
    ) {
      const { user } = await visit(staffId, input.visit)
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
  }
}

export type CounterService = ReturnType<typeof createCounterService>
