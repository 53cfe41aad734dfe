import { t } from '../../lib/i18n/index.js'
import crypto from 'node:crypto'
import { compactDate, today } from '../../lib/time.js'
import { AppError } from '../../lib/errors.js'
import { isUniqueViolation } from '../../db/helpers.js'
import { groupCommit } from '../../db/group-commit.js'
import { maskBankAccount } from '../../lib/crypto.js'
import type { AuditContext } from '../audit/service.js'
import type { CatalogService } from '../catalog/service.js'
import type { UserRow } from '../identity/table.js'
import { claimMonths, claimPeriodErrors } from '../catalog/claims.js'
import { canonical, localised } from '../catalog/localise.js'
import * as repo from './repository.js'
import { validateAnswers } from './forms.js'
import type { ApplicationContext, ApplicationDeps, Upload } from './context.js'

const REF_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'

/** 2026-01 … 2026-06 as a person reads it. */
const monthRange = (months: string[]) =>
  months.length > 1 ? t('{months} 至 {months2}', { months: months[0], months2: months[months.length - 1] }) : (months[0] ?? '')

export interface SubmitInput {
  user: UserRow
  actingEnterpriseId: number | null
  serviceCode: string
  formToken: string
  values: Record<string, string>
  uploads: Upload[]
  channel?: 'online' | 'counter'
  staffId?: number | null
  /** The payee fingerprint the check-your-answers page showed; a changed account since then is refused. */
  payeeConfirm?: string
  /** Materials a registry proves for this applicant (registries' prefill), not asked for. */
  waivedMaterials?: string[]
}

type Payee = { payeeBankName: string | null; payeeAccountEnc: string; payeeAccountMasked: string | null }

/** What the submit's one transaction writes, all checked before it opens. */
interface Submission {
  input: SubmitInput
  service: CatalogService
  draftId: number
  answers: Record<string, string>
  payee: Payee | null
  enterpriseId: number | null
  /** The enterprise applying (its name is the applicant's), for an enterprise service. */
  enterprise: { name: string } | null | undefined
  applicantKey: string
  months: string[]
  missing: string[]
}

/** Submission (idempotent per form_token) and the claim checks check-your-answers shows before it. */
export function createSubmission(deps: ApplicationDeps, ctx: ApplicationContext) {
  const { db, clock, audit, notifications, catalog, identity, files, bank } = deps
  const { now } = ctx

  function newRef(prefix: string) {
    const date = compactDate(today(clock))
    const rand = [...crypto.randomBytes(6)].map((b) => REF_ALPHABET[b % 32]).join('')
    return `${prefix}${date}${rand}`
  }

  /** The error for a claim whose months another live claim of the same applicant already holds, or null. */
  async function periodTaken(service: CatalogService, applicantKey: string, months: string[]) {
    const held = await repo.claimConflicts(db, service.code, applicantKey, months)
    if (!held.length) return null
    const refs = [...new Set(held.map((h) => h.ref))].join(t('、'))
    const msg = t('您已申领过 {x} 的{name}（办件 {refs}），同一期间不能重复申领。如需更改，请先撤回原申请。', {
      x: monthRange(held.map((h) => h.month)),
      name: service.name,
      refs,
    })
    return new AppError('invalid', msg, { [service.claim?.periodStartField ?? 'service']: msg })
  }

  /**
   * The submit's one transaction: the case with its reference, its claim months and history row, the
   * draft's files moved onto it, the draft gone, the audit record and the submit notice — all or nothing.
   * Returns the new reference.
   */
  function recordSubmission(audited: AuditContext, s: Submission): Promise<string> {
    const { input, service, answers, missing } = s
    const { user } = input
    // group commit (decision 0270): concurrent submissions share one COMMIT, each in its own savepoint
    return groupCommit(db).run(async (trx) => {
      const at = now()
      const ref = newRef(service.refPrefix)
      const id = await repo.insert(trx, {
        ref,
        serviceCode: service.code,
        applicantUserId: user.id,
        enterpriseId: s.enterpriseId,
        applicantName: s.enterprise?.name ?? user.realName,
        status: 'submitted',
        channel: input.channel ?? 'online',
        submittedByStaffId: input.staffId ?? null,
        formToken: input.formToken,
        data: JSON.stringify(answers),
        assigneeStaffId: null,
        submittedAt: at,
        acceptedAt: null,
        decidedAt: null,
        deadlineDate: null,
        pausedAt: null,
        decisionReason: null,
        retainUntil: null,
        createdAt: at,
        updatedAt: at,
        ...(s.payee ?? {}),
      })
      await repo.holdClaimMonths(trx, service.code, s.applicantKey, s.months, id)
      const notes = [input.staffId ? '窗口帮办代办提交' : '', missing.length ? `容缺受理，待补充材料：${missing.join('、')}` : '']
        .filter(Boolean)
        .join('；')
      await repo.insertEvent(trx, {
        applicationId: id,
        fromStatus: null,
        toStatus: 'submitted',
        actorType: input.staffId ? 'staff' : 'citizen',
        actorId: input.staffId ?? user.id,
        reason: notes || null,
        detail: missing.length ? JSON.stringify({ missingMaterials: missing }) : null,
        createdAt: at,
      })
      await files.remove(trx, await repo.replaceDraftItems(trx, s.draftId, [...new Set(input.uploads.map((u) => u.key))]))
      await repo.linkAttachments(trx, s.draftId, id)
      await ctx.storeUploads(trx, input.uploads, { userId: user.id, applicationId: id, draftId: null, staffId: input.staffId })
      await repo.deleteDraft(trx, s.draftId)
      await audit.record(trx, audited, {
        action: 'application.submitted',
        subjectType: 'case',
        subjectId: ref,
        detail: { service: service.code, channel: input.channel ?? 'online' },
      })
      await notifications.notifyUser(trx, user.id, {
        // in each language at send time: the service's name as that language reads it
        title: () => t('{name}申请已提交', { name: localised(service).name }),
        body: () => t('办件编号 {ref}，我们将在1个工作日内受理，进度可在“我的办件”中查看。', { ref }),
        link: `/applications/${ref}`,
      })
      return ref
    })
  }

  /** The payee: the verified account shown on the form and on check-your-answers, stored with the case. */
  function payeeOf(service: CatalogService, input: SubmitInput, answers: Record<string, string>): Payee | null {
    const { user } = input
    if (service.form.fields.some((f) => f.type === 'payee')) {
      if (input.payeeConfirm !== undefined && input.payeeConfirm !== bank.fingerprint(user))
        throw new AppError('invalid', t('您的收款账户在核对后发生了变更，请重新核对收款账户后再提交'), {
          payee: t('收款账户已变更，请重新核对'),
        })
      const payee = bank.snapshot(user)
      if (!payee) throw new AppError('invalid', t('请先在个人中心设置收款银行账户'), { payee: t('请先设置收款银行账户') })
      answers.payee = `${user.bankName ?? ''} ${user.bankAccountMasked ?? ''}`.trim()
      return payee
    }
    if (service.claim && answers.company_account)
      return {
        payeeBankName: '企业对公账户',
        payeeAccountEnc: deps.encrypt(answers.company_account),
        payeeAccountMasked: maskBankAccount(answers.company_account),
      }
    return null
  }

  return {
    /** Claim checks for check-your-answers: the period's bounds and whether another claim holds it. */
    async claimErrors(userId: number, enterpriseId: number | null, service: CatalogService, answers: Record<string, string>) {
      if (!service.claim) return {}
      const errors = claimPeriodErrors(service.claim, answers, today(clock))
      if (Object.keys(errors).length) return errors
      const key = service.applicantKind === 'enterprise' && enterpriseId ? `e:${enterpriseId}` : `u:${userId}`
      const taken = await periodTaken(service, key, claimMonths(service.claim, answers))
      return taken ? taken.fields : {}
    },
    /** The payee fingerprint check-your-answers carries to submit (null without an account). */
    payeeFingerprint: (user: UserRow) => bank.fingerprint(user),

    /**
     * Submit. One application per form_token whatever happens: a repeat (double click, retry,
     * replay, concurrent request) answers with the application the first one created.
     */
    async submit(audited: AuditContext, input: SubmitInput) {
      const { user } = input
      const already = input.formToken ? await repo.byFormToken(db, input.formToken) : undefined
      if (already) {
        if (!(await ctx.canSee(already, user.id))) throw new AppError('not_found', t('未找到'))
        return { ref: already.ref, duplicate: true }
      }
      const service = await catalog.get(input.serviceCode)
      if (!service) throw new AppError('invalid', t('请选择要办理的服务'), { service: t('服务不存在') })
      const draft = input.formToken ? await repo.draftByToken(db, input.formToken) : undefined
      // A counter submit needs the clerk's own staff draft; an online one the citizen's own draft.
      const draftOwnerOk = !!draft && draft.userId === user.id && (draft.staffId ?? null) === (input.staffId ?? null)
      if (!input.formToken || !draft || !draftOwnerOk || draft.serviceCode !== service.code) {
        throw new AppError('invalid', t('表单已过期，请重新打开申请页面（已填写的内容保存在草稿中）'), {
          form_token: t('表单已过期，请刷新页面'),
        })
      }
      const { answers, errors } = validateAnswers(service.form, input.values, today(clock))
      if (service.claim) Object.assign(errors, { ...claimPeriodErrors(service.claim, answers, today(clock)), ...errors })
      if (service.status !== 'online') {
        await repo.updateDraft(db, draft.id, JSON.stringify(answers), now())
        throw new AppError('conflict', t('该服务已暂停网上办理，您填写的内容已保存为草稿。恢复后可继续提交，或到服务窗口办理。'))
      }
      const el = await ctx.eligibility(user, service, service.applicantKind === 'enterprise' ? input.actingEnterpriseId : null)
      if (!el.ok) throw new AppError('forbidden', el.reason)
      input = {
        ...input,
        uploads: ctx.forMaterials(
          input.uploads,
          service.form.materials.map((m) => m.key),
        ),
      }
      const existing = await repo.draftAttachments(db, draft.id)
      // 容缺受理: a missing required material does not block submission; it is recorded on the case and
      // the clerk asks for it in the one-time supplement notice (docs/decisions/0026-accept-with-missing-materials.md).
      Object.assign(errors, ctx.checkUploads(service.form, input.uploads, existing, false))
      // A material an authoritative registry proves (tell us once) is not missing.
      const waived = new Set(input.waivedMaterials ?? [])
      // stored in the case note in Chinese whatever the language of the page (decision 0225)
      const missing = canonical(service)
        .form.materials.filter(
          (m) =>
            m.required && !waived.has(m.key) && !input.uploads.some((u) => u.key === m.key) && !existing.some((e) => e.itemKey === m.key),
        )
        .map((m) => m.label)
      if (Object.keys(errors).length) {
        await repo.updateDraft(db, draft.id, JSON.stringify(answers), now())
        throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
      }
      const payee = payeeOf(service, input, answers)
      const enterpriseId = service.applicantKind === 'enterprise' ? input.actingEnterpriseId : null
      // One claim per applicant and period: months already held by another live claim are refused.
      const applicantKey = enterpriseId ? `e:${enterpriseId}` : `u:${user.id}`
      const months = service.claim ? claimMonths(service.claim, answers) : []
      const claimTaken = () => periodTaken(service, applicantKey, months)
      const taken = await claimTaken()
      if (taken) {
        await repo.updateDraft(db, draft.id, JSON.stringify(answers), now())
        throw taken
      }
      const enterprise = enterpriseId ? await identity.enterpriseById(enterpriseId) : null
      const submission = { input, service, draftId: draft.id, answers, payee, enterpriseId, enterprise, applicantKey, months, missing }
      // A unique violation is either the same form_token (double submit: answer with the winner) or,
      // about once in 10^9 per service and day, a clashing random reference (try another one).
      for (let attempt = 0; ; attempt++) {
        try {
          return { ref: await recordSubmission(audited, submission), duplicate: false }
        } catch (e) {
          if (isUniqueViolation(e)) {
            const winner = await repo.byFormToken(db, input.formToken)
            if (winner) return { ref: winner.ref, duplicate: true }
            const lost = await claimTaken() // a concurrent claim for the same period got there first
            if (lost) throw lost
            if (attempt < 3) continue
          }
          throw e
        }
      }
    },
  }
}
