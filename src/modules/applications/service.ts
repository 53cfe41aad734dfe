import { t } from '../../lib/i18n/index.js'
import crypto from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import { beijingDate, compactDate, today } from '../../lib/time.js'
import { AppError } from '../../lib/errors.js'
import { isUniqueViolation } from '../../db/helpers.js'
import { randomToken } from '../../lib/crypto.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { NotificationService } from '../notifications/service.js'
import type { CatalogServiceApi, CatalogService } from '../catalog/service.js'
import type { IdentityService } from '../identity/service.js'
import type { UserRow } from '../identity/table.js'
import * as repo from './repository.js'

export type { QueueFilter } from './repository.js'
import { plan, DECIDED_STATUSES, OPEN_STATUSES, type Action, type ApplicationStatus, type CaseFacts } from './lifecycle.js'
import { validateAnswers } from './forms.js'
import { sniffMime, safeFilename, MAX_FILE_BYTES, type FileStore } from './storage.js'
import type { ApplicationRow } from './table.js'
import type { CalendarService } from '../calendar/service.js'
import type { BankAccountService } from '../identity/bank.js'
import { claimMonths, claimPeriodErrors } from '../catalog/claims.js'
import { canonical, localised } from '../catalog/localise.js'
import { maskBankAccount } from '../../lib/crypto.js'

export interface Upload {
  key: string
  filename: string
  bytes: Uint8Array
}
export interface Actor {
  type: 'citizen' | 'staff' | 'system'
  id: number | null
}

const REF_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
/** Statuses after which a subsidy claim's months may be claimed again. */
const RELEASES_CLAIM: ApplicationStatus[] = ['withdrawn', 'rejected', 'not_accepted']

/** 2026-01 … 2026-06 as a person reads it. */
const monthRange = (months: string[]) =>
  months.length > 1 ? t('{months} 至 {months2}', { months: months[0], months2: months[months.length - 1] }) : (months[0] ?? '')

/**
 * The citizen side of cases: drafts, submission (idempotent per form_token), attachments,
 * following progress, supplements, withdrawal, rating. `transition` is the one way any module
 * changes an application's status.
 */
export function createApplicationService(deps: {
  db: Kysely<Database>
  clock: Clock
  audit: AuditService
  notifications: NotificationService
  catalog: CatalogServiceApi
  identity: IdentityService
  files: FileStore
  calendar: CalendarService
  /** The payee account confirmed at submission (issue 16 item 4). */
  bank: BankAccountService
  /** Encrypts the payee of an enterprise subsidy (its corporate account from the form). */
  encrypt: (plain: string) => string
  /**
   * For scores 1–2 the cases module opens a rectification item. Two phases: the first runs before the
   * transaction (reads on `db` inside a SQLite transaction would wait for it forever), the writer it
   * returns runs inside the rating's transaction.
   */
  onLowRating?: (rating: { ref: string; score: number; comment: string | null }) => Promise<(trx: Transaction<Database>) => Promise<void>>
}) {
  const { db, clock, audit, notifications, catalog, identity, files, calendar, bank } = deps
  const now = () => toTimestamp(clock.now())

  function newRef(prefix: string) {
    const date = compactDate(today(clock))
    const rand = [...crypto.randomBytes(6)].map((b) => REF_ALPHABET[b % 32]).join('')
    return `${prefix}${date}${rand}`
  }

  /** Who may apply: verified citizens; enterprise services need the session acting for an enterprise. */
  async function eligibility(
    user: UserRow,
    service: CatalogService,
    actingEnterpriseId: number | null,
  ): Promise<{ ok: true } | { ok: false; reason: string; link: string; linkLabel: string }> {
    if (!user.verifiedAt)
      return {
        ok: false,
        reason: t('办理该业务需要先完成实名认证。实名认证只需一次，约2分钟。'),
        link: '/me/identity?reason=apply',
        linkLabel: t('去实名认证'),
      }
    if (service.applicantKind === 'enterprise') {
      if (!actingEnterpriseId || !(await identity.isOperator(actingEnterpriseId, user.id))) {
        return {
          ok: false,
          reason: t('该业务由企业办理：请先完成企业认证，或在“企业认证”页面切换为以企业身份办理。'),
          link: '/me/enterprise',
          linkLabel: t('企业认证 / 切换身份'),
        }
      }
    }
    return { ok: true }
  }

  async function canSee(app: ApplicationRow, userId: number): Promise<boolean> {
    if (app.applicantUserId === userId) return true
    return !!app.enterpriseId && (await identity.isOperator(app.enterpriseId, userId))
  }

  function checkUploads(
    form: CatalogService['form'],
    uploads: Upload[],
    existing: { itemKey: string }[],
    requireAll: boolean,
  ): Record<string, string> {
    const errors: Record<string, string> = {}
    for (const u of uploads) {
      const m = form.materials.find((x) => x.key === u.key)
      if (!m) continue
      if (u.bytes.length > MAX_FILE_BYTES) errors[`file_${u.key}`] = t('{label}超过10MB上限，请压缩后重新上传', { label: m.label })
      else if (u.bytes.length === 0) errors[`file_${u.key}`] = t('{label}是空文件', { label: m.label })
      else if (!sniffMime(u.bytes)) errors[`file_${u.key}`] = t('{label}只能是PDF、JPG或PNG文件（按文件内容识别）', { label: m.label })
    }
    if (requireAll) {
      for (const m of form.materials) {
        if (m.required && !uploads.some((u) => u.key === m.key) && !existing.some((e) => e.itemKey === m.key))
          errors[`file_${m.key}`] = t('请上传{label}', { label: m.label })
      }
    }
    return errors
  }

  /** Only files posted for one of these materials count; anything else in the body is ignored, never stored. */
  const forMaterials = (uploads: Upload[], keys: string[]) => uploads.filter((u) => keys.includes(u.key))

  async function storeUploads(
    trx: Transaction<Database>,
    uploads: Upload[],
    owner: { userId: number | null; applicationId: number | null; draftId: number | null; staffId?: number | null },
  ) {
    for (const u of uploads) {
      const mime = sniffMime(u.bytes)!
      const { storageKey, sha256 } = await files.save(trx, u.bytes)
      const safeName = safeFilename(u.filename, mime, u.key)
      await repo.insertAttachment(trx, {
        ownerUserId: owner.userId,
        applicationId: owner.applicationId,
        draftId: owner.draftId,
        itemKey: u.key,
        filename: safeName,
        mime,
        size: u.bytes.length,
        sha256,
        storageKey,
        uploadedByStaffId: owner.staffId ?? null,
        createdAt: now(),
      })
    }
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
   * When the steps still to come are expected (China-local dates; null when it depends on the citizen or
   * the step is behind): 受理 within 1 working day of submission (the promise in the submit notice), the
   * decision by the deadline once the clock runs, or 受理 + the time limit before.
   */
  async function expectedDates(app: ApplicationRow, limitDays: number): Promise<{ accept: string | null; decide: string | null }> {
    const status = app.status as ApplicationStatus
    if (!OPEN_STATUSES.includes(status)) return { accept: null, decide: null }
    if (app.deadlineDate) return { accept: null, decide: app.deadlineDate }
    if (status === 'supplement') return { accept: null, decide: null }
    const accept = await calendar.addWorkingDays(beijingDate(app.submittedAt ?? app.createdAt), 1)
    const day = today(clock)
    return { accept, decide: await calendar.addWorkingDays(accept < day ? day : accept, limitDays) }
  }

  /** The facts the lifecycle rules read: the row, and whether the 一次性告知 was already sent. */
  const factsFrom = (app: ApplicationRow) => ({
    status: app.status as ApplicationStatus,
    acceptedAt: app.acceptedAt,
    deadlineDate: app.deadlineDate,
    pausedAt: app.pausedAt,
    pausedDays: app.pausedDays,
  })
  async function factsOf(app: ApplicationRow): Promise<CaseFacts> {
    const events = await repo.events(db, app.id)
    return { ...factsFrom(app), noticeSent: events.some((e) => e.toStatus === 'supplement') }
  }

  /**
   * The one way any module changes an application's status: the lifecycle plans the step (409 when
   * impossible) outside the transaction — its calendar and catalog reads on `db` would wait forever for an
   * open SQLite transaction — then one transaction writes it, guarded on the status read, with the
   * history row and whatever the caller adds (`also`: audit, notifications).
   */
  type ActOpts = {
    reason?: string | null
    detail?: unknown
    set?: Partial<Omit<ApplicationRow, 'id' | 'status'>>
    also?: (trx: Transaction<Database>, to: ApplicationStatus) => Promise<void>
  }

  /** Writes a planned step: guarded on the status read, with its history row and the caller's additions. */
  async function write(
    trx: Transaction<Database>,
    app: ApplicationRow,
    action: Action,
    to: ApplicationStatus,
    set: object,
    actor: Actor,
    opts: ActOpts,
  ) {
    const at = now()
    const from = app.status as ApplicationStatus
    const ok = await repo.updateIfStatus(trx, app.id, from, { ...opts.set, ...set, status: to, updatedAt: at })
    if (!ok) throw new AppError('conflict', t('办件状态已被他人更新，请刷新后重试'))
    // A withdrawn or rejected claim no longer holds its period (docs/decisions/0163-dates-and-claim-periods.md).
    if (RELEASES_CLAIM.includes(to)) await repo.releaseClaimMonths(trx, app.id)
    await repo.insertEvent(trx, {
      applicationId: app.id,
      fromStatus: from,
      toStatus: to,
      action,
      actorType: actor.type,
      actorId: actor.id,
      reason: opts.reason ?? null,
      detail: opts.detail ? JSON.stringify(opts.detail) : null,
      createdAt: at,
    })
    if (opts.also) await opts.also(trx, to)
  }

  /**
   * The one way any module changes an application's status: the lifecycle plans the step (409 when
   * impossible) outside the transaction — its calendar and catalog reads on `db` would wait forever for an
   * open SQLite transaction — then one transaction writes it, guarded on the status read, with the
   * history row and whatever the caller adds (`also`: audit, notifications).
   */
  async function act(app: ApplicationRow, action: Action, actor: Actor, opts: ActOpts = {}): Promise<ApplicationStatus> {
    const service = await catalog.get(app.serviceCode)
    const { to, set } = await plan(await factsOf(app), action, {
      now: now(),
      today: today(clock),
      limitDays: service?.timeLimitDays ?? 10,
      calendar,
    })
    await db.transaction().execute((trx) => write(trx, app, action, to, set, actor, opts))
    return to
  }

  /**
   * The same step inside the caller's transaction (every read on `trx`); returns the row as it now is.
   * `limitDays`: the service's time limit, which the caller read before opening the transaction.
   */
  async function actIn(
    trx: Transaction<Database>,
    app: ApplicationRow,
    action: Action,
    actor: Actor,
    limitDays: number,
    opts: ActOpts = {},
  ): Promise<ApplicationRow> {
    const events = await repo.events(trx, app.id)
    const { to, set } = await plan({ ...factsFrom(app), noticeSent: events.some((e) => e.toStatus === 'supplement') }, action, {
      now: now(),
      today: today(clock),
      limitDays,
      calendar: {
        addWorkingDays: (from, n) => calendar.addWorkingDays(from, n, trx),
        workingDaysBetween: (from, to) => calendar.workingDaysBetween(from, to, trx),
      },
    })
    await write(trx, app, action, to, set, actor, opts)
    return (await repo.byId(trx, app.id))!
  }

  return {
    eligibility,
    canSee,
    act,
    actIn,
    factsOf,
    /** One application by reference inside the caller's transaction. */
    byRefIn: (trx: Transaction<Database>, ref: string) => repo.byRef(trx, ref),

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

    /** The form page: resumes the user's draft for this service or starts one with a fresh form_token. */
    async openDraft(userId: number, serviceCode: string, enterpriseId: number | null) {
      const existing = await repo.draftFor(db, userId, serviceCode, enterpriseId)
      if (existing)
        return {
          ...existing,
          answers: JSON.parse(existing.data) as Record<string, string>,
          attachments: await repo.draftAttachments(db, existing.id),
        }
      const at = now()
      const formToken = randomToken(24)
      const id = await repo.insertDraft(db, { userId, enterpriseId, serviceCode, formToken, data: '{}', createdAt: at, updatedAt: at })
      return { id, userId, enterpriseId, serviceCode, formToken, data: '{}', createdAt: at, updatedAt: at, answers: {}, attachments: [] }
    },

    /** The counter form: the clerk's own staff-side draft for this citizen and service, never the citizen's. */
    async openStaffDraft(userId: number, staffId: number, serviceCode: string) {
      const existing = await repo.staffDraftFor(db, userId, staffId, serviceCode)
      if (existing) return { ...existing, answers: JSON.parse(existing.data) as Record<string, string> }
      const at = now()
      const formToken = randomToken(24)
      const id = await repo.insertDraft(db, {
        userId,
        enterpriseId: null,
        serviceCode,
        formToken,
        data: '{}',
        createdAt: at,
        updatedAt: at,
        staffId,
      })
      return { id, userId, enterpriseId: null, serviceCode, formToken, data: '{}', createdAt: at, updatedAt: at, staffId, answers: {} }
    },

    async saveDraft(userId: number, formToken: string, answers: Record<string, string>, posted: Upload[] = []) {
      const d = await repo.draftByToken(db, formToken)
      if (!d || d.userId !== userId || d.staffId !== null) throw new AppError('not_found', t('草稿不存在或已提交'))
      const form = (await catalog.get(d.serviceCode))!.form
      const uploads = forMaterials(
        posted,
        form.materials.map((m) => m.key),
      )
      const errors = checkUploads(form, uploads, [], false)
      const good = uploads.filter((u) => !errors[`file_${u.key}`])
      await db.transaction().execute(async (trx) => {
        await repo.updateDraft(trx, d.id, JSON.stringify(answers), now())
        await files.remove(trx, await repo.replaceDraftItems(trx, d.id, [...new Set(good.map((u) => u.key))]))
        await storeUploads(trx, good, { userId, applicationId: null, draftId: d.id })
      })
      return { errors, attachments: await repo.draftAttachments(db, d.id) }
    },

    /**
     * Submit. One application per form_token whatever happens: a repeat (double click, retry,
     * replay, concurrent request) answers with the application the first one created.
     */
    async submit(
      ctx: AuditContext,
      input: {
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
      },
    ) {
      const { user } = input
      const already = input.formToken ? await repo.byFormToken(db, input.formToken) : undefined
      if (already) {
        if (!(await canSee(already, user.id))) throw new AppError('not_found', t('未找到'))
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
      const el = await eligibility(user, service, service.applicantKind === 'enterprise' ? input.actingEnterpriseId : null)
      if (!el.ok) throw new AppError('forbidden', el.reason)
      input = {
        ...input,
        uploads: forMaterials(
          input.uploads,
          service.form.materials.map((m) => m.key),
        ),
      }
      const existing = await repo.draftAttachments(db, draft.id)
      // 容缺受理: a missing required material does not block submission; it is recorded on the case and
      // the clerk asks for it in the one-time supplement notice (docs/decisions/0026-accept-with-missing-materials.md).
      Object.assign(errors, checkUploads(service.form, input.uploads, existing, false))
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
      // The payee: the verified account shown on the form and on check-your-answers, stored with the case.
      let payee: { payeeBankName: string | null; payeeAccountEnc: string; payeeAccountMasked: string | null } | null = null
      if (service.form.fields.some((f) => f.type === 'payee')) {
        if (input.payeeConfirm !== undefined && input.payeeConfirm !== bank.fingerprint(user))
          throw new AppError('invalid', t('您的收款账户在核对后发生了变更，请重新核对收款账户后再提交'), {
            payee: t('收款账户已变更，请重新核对'),
          })
        payee = bank.snapshot(user)
        if (!payee) throw new AppError('invalid', t('请先在个人中心设置收款银行账户'), { payee: t('请先设置收款银行账户') })
        answers.payee = `${user.bankName ?? ''} ${user.bankAccountMasked ?? ''}`.trim()
      } else if (service.claim && answers.company_account) {
        payee = {
          payeeBankName: '企业对公账户',
          payeeAccountEnc: deps.encrypt(answers.company_account),
          payeeAccountMasked: maskBankAccount(answers.company_account),
        }
      }
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
      let ent = null
      if (enterpriseId) ent = await identity.enterpriseById(enterpriseId)
      // A unique violation is either the same form_token (double submit: answer with the winner) or,
      // about once in 10^9 per service and day, a clashing random reference (try another one).
      for (let attempt = 0; ; attempt++) {
        try {
          const ref = await db.transaction().execute(async (trx) => {
            const at = now()
            const ref = newRef(service.refPrefix)
            const id = await repo.insert(trx, {
              ref,
              serviceCode: service.code,
              applicantUserId: user.id,
              enterpriseId,
              applicantName: ent?.name ?? user.realName,
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
              ...(payee ?? {}),
            })
            await repo.holdClaimMonths(trx, service.code, applicantKey, months, id)
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
            await files.remove(trx, await repo.replaceDraftItems(trx, draft.id, [...new Set(input.uploads.map((u) => u.key))]))
            await repo.linkAttachments(trx, draft.id, id)
            await storeUploads(trx, input.uploads, { userId: user.id, applicationId: id, draftId: null, staffId: input.staffId })
            await repo.deleteDraft(trx, draft.id)
            await audit.record(trx, ctx, {
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
          return { ref, duplicate: false }
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

    /** What the person's list pages show (no answers). `enterpriseIds` when the caller already has them (the session does). */
    async listForApplicant(userId: number, enterpriseIds?: number[]) {
      const ids = enterpriseIds ?? (await identity.enterprisesOf(userId)).map((e) => e.id)
      return repo.summariesForApplicant(db, userId, ids)
    },
    /** Full rows with the answers, for the person's data export. */
    async allForApplicant(userId: number) {
      const ents = await identity.enterprisesOf(userId)
      return repo.forApplicant(
        db,
        userId,
        ents.map((e) => e.id),
      )
    },
    drafts: (userId: number) => repo.draftsOfUser(db, userId),

    /** One application with its history, for its applicant (or an operator of its enterprise); otherwise 404. */
    async detailForApplicant(userId: number, ref: string) {
      const app = await repo.byRef(db, ref)
      if (!app || !(await canSee(app, userId))) throw new AppError('not_found', t('未找到该办件'))
      const service = await catalog.get(app.serviceCode)
      return {
        app,
        events: await repo.events(db, app.id),
        attachments: await repo.attachmentsOf(db, app.id),
        rating: await repo.ratingOf(db, app.id),
        service,
        expected: await expectedDates(app, service?.timeLimitDays ?? 10),
      }
    },

    async withdraw(ctx: AuditContext, userId: number, ref: string, reason: string) {
      if (!reason.trim()) throw new AppError('invalid', t('请填写撤回原因'), { reason: t('请填写撤回原因') })
      if (reason.length > 500) throw new AppError('invalid', t('撤回原因最多500字'), { reason: t('撤回原因最多500字') })
      const { app } = await this.detailForApplicant(userId, ref)
      await act(
        app,
        'withdraw',
        { type: 'citizen', id: userId },
        {
          reason,
          also: (trx) => audit.record(trx, ctx, { action: 'application.withdrawn', subjectType: 'case', subjectId: ref }),
        },
      )
    },

    /** Answer a supplement request: the items asked for, then back to the queue as resubmitted. */
    async resubmit(ctx: AuditContext, userId: number, ref: string, values: Record<string, string>, posted: Upload[]) {
      const { app, events, service } = await this.detailForApplicant(userId, ref)
      if (app.status !== 'supplement') throw new AppError('conflict', t('该办件当前无需补正材料'))
      const request = [...events].reverse().find((e) => e.toStatus === 'supplement')
      const items: { key: string; label: string; note?: string }[] = request?.detail
        ? ((JSON.parse(request.detail) as { items?: { key: string; label: string; note?: string }[] }).items ?? [])
        : []
      const answers = JSON.parse(app.data) as Record<string, string>
      const errors: Record<string, string> = {}
      const fieldItems = items.filter((i) => service!.form.fields.some((f) => f.name === i.key))
      const fileItems = items.filter((i) => service!.form.materials.some((m) => m.key === i.key))
      const uploads = forMaterials(
        posted,
        fileItems.map((i) => i.key),
      ) // only the requested materials may change
      const { answers: fresh, errors: ferr } = validateAnswers(
        { ...service!.form, fields: service!.form.fields.filter((f) => fieldItems.some((i) => i.key === f.name)) },
        values,
        today(clock),
      )
      Object.assign(errors, ferr)
      Object.assign(
        errors,
        checkUploads(
          { ...service!.form, materials: service!.form.materials.filter((m) => fileItems.some((i) => i.key === m.key)) },
          uploads,
          [],
          true,
        ),
      )
      // Items the clerk wrote in by hand (other_N) can only be answered in the note: the answer is complete only with it.
      const freeItems = items.filter((i) => !fieldItems.includes(i) && !fileItems.includes(i))
      if ((freeItems.length || (!fieldItems.length && !fileItems.length)) && !values.note?.trim())
        errors.note = freeItems.length
          ? t('请在补正说明中答复：{items}', { items: freeItems.map((i) => i.label).join(t('、')) })
          : t('请填写补正说明')
      if (Object.keys(errors).length) throw new AppError('invalid', t('补正内容有误，请按提示修改'), errors)
      // The complete answer: before 受理 it is the 受理 and starts the clock; after 受理 it resumes the paused clock
      // (lifecycle.ts plan). Either way the case goes back to the review queue, unclaimed.
      const wasAccepted = !!app.acceptedAt
      await act(
        app,
        'answer',
        { type: 'citizen', id: userId },
        {
          reason: values.note?.trim() || '已按要求补正',
          detail: { items: items.map((i) => i.key), ...(wasAccepted ? {} : { accepted: true }) },
          set: { data: JSON.stringify({ ...answers, ...fresh }), assigneeStaffId: null },
          also: async (trx) => {
            await storeUploads(trx, uploads, { userId, applicationId: app.id, draftId: null })
            await audit.record(trx, ctx, { action: 'application.resubmitted', subjectType: 'case', subjectId: ref })
            if (!wasAccepted)
              await notifications.notifyUser(trx, userId, {
                title: () => t('您的申请已受理'),
                body: () =>
                  t('办件 {ref} 补正材料齐全，已受理，承诺时限 {timeLimitDays} 个工作日。', {
                    ref,
                    timeLimitDays: service!.timeLimitDays,
                  }),
                link: `/applications/${ref}`,
              })
          },
        },
      )
    },

    async rate(ctx: AuditContext, userId: number, ref: string, score: number, comment: string) {
      const { app, rating } = await this.detailForApplicant(userId, ref)
      if (!DECIDED_STATUSES.includes(app.status as ApplicationStatus)) throw new AppError('conflict', t('办件办结后才能评价'))
      if (rating) throw new AppError('conflict', t('您已评价过该办件，每个办件只能评价一次'))
      if (!Number.isInteger(score) || score < 1 || score > 5)
        throw new AppError('invalid', t('请选择评价等级'), { score: t('请选择评价等级') })
      if (comment.length > 500) throw new AppError('invalid', t('评价内容最多500字'), { comment: t('评价内容最多500字') })
      const lowRating = score <= 2 && deps.onLowRating ? await deps.onLowRating({ ref, score, comment: comment.trim() || null }) : null
      try {
        await db.transaction().execute(async (trx) => {
          await repo.insertRating(trx, { applicationId: app.id, userId, score, comment: comment.trim() || null, createdAt: now() })
          if (lowRating) await lowRating(trx)
          await audit.record(trx, ctx, { action: 'application.rated', subjectType: 'case', subjectId: ref, detail: { score } })
        })
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('conflict', t('您已评价过该办件，每个办件只能评价一次'))
        throw e
      }
    },

    /** An attachment for its owner (or an operator of the case's enterprise). */
    async attachmentForApplicant(userId: number, ref: string, attachmentId: number) {
      const { attachments } = await this.detailForApplicant(userId, ref)
      const a = attachments.find((x) => x.id === attachmentId)
      if (!a) throw new AppError('not_found', t('未找到该材料'))
      return { meta: a, bytes: await files.read(db, a.storageKey) }
    },
    /** For staff views (the caller checks the role and audits). */
    async attachmentForStaff(ref: string, attachmentId: number) {
      const app = await repo.byRef(db, ref)
      const a = app ? (await repo.attachmentsOf(db, app.id)).find((x) => x.id === attachmentId) : undefined
      if (!a) throw new AppError('not_found', t('未找到该材料'))
      return { meta: a, bytes: await files.read(db, a.storageKey) }
    },

    /** Any attachment by id, for staff views (the caller checks the role and audits). */
    async openAttachment(attachmentId: number) {
      const a = await repo.attachmentById(db, attachmentId)
      if (!a) throw new AppError('not_found', t('未找到该材料'))
      return { meta: a, bytes: await files.read(db, a.storageKey) }
    },
    /** The person's applications (answers, timeline, file metadata, rating) and drafts, for the privacy export. */
    async exportForUser(userId: number) {
      const apps = await repo.forApplicant(db, userId, [])
      return {
        applications: await Promise.all(
          apps.map(async (a) => ({
            ref: a.ref,
            service: a.serviceCode,
            status: a.status,
            submittedAt: a.submittedAt,
            answers: JSON.parse(a.data) as Record<string, string>,
            events: (await repo.events(db, a.id)).map((e) => ({ at: e.createdAt, from: e.fromStatus, to: e.toStatus, reason: e.reason })),
            attachments: (await repo.attachmentsOf(db, a.id)).map((x) => ({
              item: x.itemKey,
              filename: x.filename,
              sha256: x.sha256,
              size: x.size,
            })),
            rating: (await repo.ratingOf(db, a.id)) ?? null,
          })),
        ),
        drafts: (await repo.draftsOfUser(db, userId)).map((d) => ({
          service: d.serviceCode,
          updatedAt: d.updatedAt,
          answers: JSON.parse(d.data) as Record<string, string>,
        })),
      }
    },
    byRef: (ref: string) => repo.byRef(db, ref),
    events: (id: number) => repo.events(db, id),
    attachmentsOf: (id: number) => repo.attachmentsOf(db, id),
    ratingOf: (id: number) => repo.ratingOf(db, id),
    openApplicationsOf: (userId: number) => repo.openForUser(db, userId),
    queuePage: (f: repo.QueueFilter, limit: number) => repo.queuePage(db, f, limit),
    statsRows: (from: string, to: string) => repo.statsRows(db, from, to),
    countsByStatus: () => repo.countsByStatus(db),
    countsByStatusScan: () => repo.countsByStatusScan(db),
    claim: (id: number, staffId: number) => repo.claim(db, id, staffId, now()),
    overdueOpen: (before: string) => repo.overdueOpen(db, before),
    setAssignee: (id: number, staffId: number | null) => repo.update(db, id, { assigneeStaffId: staffId, updatedAt: now() }),
    openApplicationsOfEnterprise: (enterpriseId: number) => repo.openForEnterprise(db, enterpriseId),
    async pendingPaymentsOf(userId: number) {
      const codes = (await catalog.list()).filter((s) => s.isSubsidy).map((s) => s.code)
      return repo.pendingPaymentForUser(db, userId, codes)
    },
  }
}

export type ApplicationService = ReturnType<typeof createApplicationService>
