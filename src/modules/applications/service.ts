import crypto from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { toTimestamp, cstDate } from '../../db/time.js'
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
import { canTransition, STATUS_LABELS, DECIDED_STATUSES, type ApplicationStatus } from './lifecycle.js'
import { validateAnswers } from './forms.js'
import { sniffMime, MAX_FILE_BYTES, ALLOWED, type FileStore } from './storage.js'
import type { ApplicationRow } from './table.js'
import type { CalendarService } from '../calendar/service.js'

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
  /**
   * For scores 1–2 the cases module opens a rectification item. Two phases: the first runs before the
   * transaction (reads on `db` inside a SQLite transaction would wait for it forever), the writer it
   * returns runs inside the rating's transaction.
   */
  onLowRating?: (rating: { ref: string; score: number; comment: string | null }) => Promise<(trx: Transaction<Database>) => Promise<void>>
}) {
  const { db, clock, audit, notifications, catalog, identity, files, calendar } = deps
  const now = () => toTimestamp(clock.now())

  function newRef(prefix: string) {
    const date = cstDate(clock.now()).replace(/-/g, '')
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
        reason: '办理该业务需要先完成实名认证。实名认证只需一次，约2分钟。',
        link: '/me/identity?reason=apply',
        linkLabel: '去实名认证',
      }
    if (service.applicantKind === 'enterprise') {
      if (!actingEnterpriseId || !(await identity.isOperator(actingEnterpriseId, user.id))) {
        return {
          ok: false,
          reason: '该业务由企业办理：请先完成企业认证，或在“企业认证”页面切换为以企业身份办理。',
          link: '/me/enterprise',
          linkLabel: '企业认证 / 切换身份',
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
      if (u.bytes.length > MAX_FILE_BYTES) errors[`file_${u.key}`] = `${m.label}超过10MB上限，请压缩后重新上传`
      else if (u.bytes.length === 0) errors[`file_${u.key}`] = `${m.label}是空文件`
      else if (!sniffMime(u.bytes)) errors[`file_${u.key}`] = `${m.label}只能是PDF、JPG或PNG文件（按文件内容识别）`
    }
    if (requireAll) {
      for (const m of form.materials) {
        if (m.required && !uploads.some((u) => u.key === m.key) && !existing.some((e) => e.itemKey === m.key))
          errors[`file_${m.key}`] = `请上传${m.label}`
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
      const safeName = safeFilename(u.filename).slice(-120) || `${u.key}.${ALLOWED[mime].toLowerCase()}`
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

  async function transition(
    trx: Transaction<Database>,
    app: ApplicationRow,
    to: ApplicationStatus,
    actor: Actor,
    reason: string | null,
    detail: unknown = null,
    extra: Partial<ApplicationRow> = {},
  ) {
    const from = app.status as ApplicationStatus
    if (!canTransition(from, to)) throw new AppError('conflict', `当前状态为“${STATUS_LABELS[from] ?? from}”，不能执行此操作`)
    const ok = await repo.updateIfStatus(trx, app.id, from, { ...extra, status: to, updatedAt: now() })
    if (!ok) throw new AppError('conflict', '办件状态已被他人更新，请刷新后重试')
    await repo.insertEvent(trx, {
      applicationId: app.id,
      fromStatus: from,
      toStatus: to,
      actorType: actor.type,
      actorId: actor.id,
      reason,
      detail: detail ? JSON.stringify(detail) : null,
      createdAt: now(),
    })
  }

  return {
    eligibility,
    canSee,
    transition,

    /** The form page: resumes the user's draft for this service or starts one with a fresh form_token. */
    async openDraft(userId: number, serviceCode: string, enterpriseId: number | null) {
      const existing = await repo.draftFor(db, userId, serviceCode, enterpriseId)
      if (existing)
        return {
          ...existing,
          answers: JSON.parse(existing.data) as Record<string, string>,
          attachments: await repo.draftAttachments(db, existing.id),
        }
      const t = now()
      const formToken = randomToken(24)
      const id = await repo.insertDraft(db, { userId, enterpriseId, serviceCode, formToken, data: '{}', createdAt: t, updatedAt: t })
      return { id, userId, enterpriseId, serviceCode, formToken, data: '{}', createdAt: t, updatedAt: t, answers: {}, attachments: [] }
    },

    async saveDraft(userId: number, formToken: string, answers: Record<string, string>, posted: Upload[] = []) {
      const d = await repo.draftByToken(db, formToken)
      if (!d || d.userId !== userId) throw new AppError('not_found', '草稿不存在或已提交')
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
      },
    ) {
      const { user } = input
      const already = input.formToken ? await repo.byFormToken(db, input.formToken) : undefined
      if (already) {
        if (!(await canSee(already, user.id))) throw new AppError('not_found', '未找到')
        return { ref: already.ref, duplicate: true }
      }
      const service = await catalog.get(input.serviceCode)
      if (!service) throw new AppError('invalid', '请选择要办理的服务', { service: '服务不存在' })
      const draft = input.formToken ? await repo.draftByToken(db, input.formToken) : undefined
      if (!input.formToken || !draft || draft.userId !== user.id || draft.serviceCode !== service.code) {
        throw new AppError('invalid', '表单已过期，请重新打开申请页面（已填写的内容保存在草稿中）', {
          form_token: '表单已过期，请刷新页面',
        })
      }
      const { answers, errors } = validateAnswers(service.form, input.values, cstDate(clock.now()))
      if (service.status !== 'online') {
        await repo.updateDraft(db, draft.id, JSON.stringify(answers), now())
        throw new AppError('conflict', '该服务已暂停网上办理，您填写的内容已保存为草稿。恢复后可继续提交，或到服务窗口办理。')
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
      const missing = service.form.materials
        .filter((m) => m.required && !input.uploads.some((u) => u.key === m.key) && !existing.some((e) => e.itemKey === m.key))
        .map((m) => m.label)
      if (Object.keys(errors).length) {
        await repo.updateDraft(db, draft.id, JSON.stringify(answers), now())
        throw new AppError('invalid', '提交的信息有误，请按提示修改', errors)
      }
      if (service.form.fields.some((f) => f.type === 'payee'))
        answers.payee = `${user.bankName ?? ''} ${user.bankAccountMasked ?? ''}`.trim()
      const enterpriseId = service.applicantKind === 'enterprise' ? input.actingEnterpriseId : null
      let ent = null
      if (enterpriseId) ent = await identity.enterpriseById(enterpriseId)
      // A unique violation is either the same form_token (double submit: answer with the winner) or,
      // about once in 10^9 per service and day, a clashing random reference (try another one).
      for (let attempt = 0; ; attempt++) {
        try {
          const ref = await db.transaction().execute(async (trx) => {
            const t = now()
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
              submittedAt: t,
              acceptedAt: null,
              decidedAt: null,
              deadlineDate: null,
              pausedAt: null,
              decisionReason: null,
              retainUntil: null,
              createdAt: t,
              updatedAt: t,
            })
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
              createdAt: t,
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
              title: `${service.name}申请已提交`,
              body: `办件编号 ${ref}，我们将在1个工作日内受理，进度可在“我的办件”中查看。`,
              link: `/applications/${ref}`,
            })
            return ref
          })
          return { ref, duplicate: false }
        } catch (e) {
          if (isUniqueViolation(e)) {
            const winner = await repo.byFormToken(db, input.formToken)
            if (winner) return { ref: winner.ref, duplicate: true }
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
      if (!app || !(await canSee(app, userId))) throw new AppError('not_found', '未找到该办件')
      return {
        app,
        events: await repo.events(db, app.id),
        attachments: await repo.attachmentsOf(db, app.id),
        rating: await repo.ratingOf(db, app.id),
        service: await catalog.get(app.serviceCode),
      }
    },

    async withdraw(ctx: AuditContext, userId: number, ref: string, reason: string) {
      if (!reason.trim()) throw new AppError('invalid', '请填写撤回原因', { reason: '请填写撤回原因' })
      if (reason.length > 500) throw new AppError('invalid', '撤回原因最多500字', { reason: '撤回原因最多500字' })
      const { app } = await this.detailForApplicant(userId, ref)
      await db.transaction().execute(async (trx) => {
        await transition(trx, app, 'withdrawn', { type: 'citizen', id: userId }, reason)
        await audit.record(trx, ctx, { action: 'application.withdrawn', subjectType: 'case', subjectId: ref })
      })
    },

    /** Answer a supplement request: the items asked for, then back to the queue as resubmitted. */
    async resubmit(ctx: AuditContext, userId: number, ref: string, values: Record<string, string>, posted: Upload[]) {
      const { app, events, service } = await this.detailForApplicant(userId, ref)
      if (app.status !== 'supplement') throw new AppError('conflict', '该办件当前无需补正材料')
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
        cstDate(clock.now()),
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
      if (!fieldItems.length && !fileItems.length && !values.note?.trim()) errors.note = '请填写补正说明'
      if (Object.keys(errors).length) throw new AppError('invalid', '补正内容有误，请按提示修改', errors)
      // The time limit paused while waiting for the applicant: push the deadline by the working days it waited.
      let deadlineDate = app.deadlineDate
      if (deadlineDate && app.pausedAt) {
        const waited = await calendar.workingDaysBetween(cstDate(new Date(app.pausedAt)), cstDate(clock.now()))
        if (waited > 0) deadlineDate = await calendar.addWorkingDays(deadlineDate, waited)
      }
      await db.transaction().execute(async (trx) => {
        await storeUploads(trx, uploads, { userId, applicationId: app.id, draftId: null })
        await transition(
          trx,
          app,
          'resubmitted',
          { type: 'citizen', id: userId },
          values.note?.trim() || '已按要求补正',
          { items: items.map((i) => i.key) },
          { data: JSON.stringify({ ...answers, ...fresh }), pausedAt: null, deadlineDate, assigneeStaffId: null },
        )
        await audit.record(trx, ctx, { action: 'application.resubmitted', subjectType: 'case', subjectId: ref })
      })
    },

    async rate(ctx: AuditContext, userId: number, ref: string, score: number, comment: string) {
      const { app, rating } = await this.detailForApplicant(userId, ref)
      if (!DECIDED_STATUSES.includes(app.status as ApplicationStatus)) throw new AppError('conflict', '办件办结后才能评价')
      if (rating) throw new AppError('conflict', '您已评价过该办件，每个办件只能评价一次')
      if (!Number.isInteger(score) || score < 1 || score > 5) throw new AppError('invalid', '请选择评价等级', { score: '请选择评价等级' })
      if (comment.length > 500) throw new AppError('invalid', '评价内容最多500字', { comment: '评价内容最多500字' })
      const lowRating = score <= 2 && deps.onLowRating ? await deps.onLowRating({ ref, score, comment: comment.trim() || null }) : null
      try {
        await db.transaction().execute(async (trx) => {
          await repo.insertRating(trx, { applicationId: app.id, userId, score, comment: comment.trim() || null, createdAt: now() })
          if (lowRating) await lowRating(trx)
          await audit.record(trx, ctx, { action: 'application.rated', subjectType: 'case', subjectId: ref, detail: { score } })
        })
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('conflict', '您已评价过该办件，每个办件只能评价一次')
        throw e
      }
    },

    /** An attachment for its owner (or an operator of the case's enterprise). */
    async attachmentForApplicant(userId: number, ref: string, attachmentId: number) {
      const { attachments } = await this.detailForApplicant(userId, ref)
      const a = attachments.find((x) => x.id === attachmentId)
      if (!a) throw new AppError('not_found', '未找到该材料')
      return { meta: a, bytes: await files.read(db, a.storageKey) }
    },
    /** For staff views (the caller checks the role and audits). */
    async attachmentForStaff(ref: string, attachmentId: number) {
      const app = await repo.byRef(db, ref)
      const a = app ? (await repo.attachmentsOf(db, app.id)).find((x) => x.id === attachmentId) : undefined
      if (!a) throw new AppError('not_found', '未找到该材料')
      return { meta: a, bytes: await files.read(db, a.storageKey) }
    },

    /** Any attachment by id, for staff views (the caller checks the role and audits). */
    async openAttachment(attachmentId: number) {
      const a = await repo.attachmentById(db, attachmentId)
      if (!a) throw new AppError('not_found', '未找到该材料')
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

/** Path separators, characters Windows forbids and C0 control characters become '_'. */
const safeFilename = (name: string) => [...name].map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/<>:"|?*'.includes(ch) ? '_' : ch)).join('')
