import { t } from '../../lib/i18n/index.js'
import { AppError } from '../../lib/errors.js'
import { randomToken } from '../../lib/crypto.js'
import * as repo from './repository.js'
import type { ApplicationContext, ApplicationDeps, Upload } from './context.js'

/** Drafts: the form resumes one per person and service, each with the form_token its submit is idempotent on. */
export function createDrafts(deps: ApplicationDeps, ctx: ApplicationContext) {
  const { db, catalog, files } = deps
  const { now } = ctx

  /** A new draft with a fresh form_token (`staffId`: a clerk's counter draft). */
  async function newDraft(userId: number, enterpriseId: number | null, serviceCode: string, staffId?: number) {
    const at = now()
    const row = { userId, enterpriseId, serviceCode, formToken: randomToken(24), data: '{}', createdAt: at, updatedAt: at }
    const id = await repo.insertDraft(db, staffId === undefined ? row : { ...row, staffId })
    return { id, ...row }
  }

  return {
    /** The form page: resumes the user's draft for this service or starts one with a fresh form_token. */
    async openDraft(userId: number, serviceCode: string, enterpriseId: number | null) {
      const existing = await repo.draftFor(db, userId, serviceCode, enterpriseId)
      if (existing)
        return {
          ...existing,
          answers: JSON.parse(existing.data) as Record<string, string>,
          attachments: await repo.draftAttachments(db, existing.id),
        }
      return { ...(await newDraft(userId, enterpriseId, serviceCode)), answers: {}, attachments: [] }
    },

    /** The counter form: the clerk's own staff-side draft for this citizen and service, never the citizen's. */
    async openStaffDraft(userId: number, staffId: number, serviceCode: string) {
      const existing = await repo.staffDraftFor(db, userId, staffId, serviceCode)
      if (existing) return { ...existing, answers: JSON.parse(existing.data) as Record<string, string> }
      return { ...(await newDraft(userId, null, serviceCode, staffId)), staffId, answers: {} }
    },

    /** Keeps the answers and the good files; the files refused are returned as errors (the draft is saved anyway). */
    async saveDraft(userId: number, formToken: string, answers: Record<string, string>, posted: Upload[] = []) {
      const d = await repo.draftByToken(db, formToken)
      if (!d || d.userId !== userId || d.staffId !== null) throw new AppError('not_found', t('草稿不存在或已提交'))
      const form = (await catalog.get(d.serviceCode))!.form
      const uploads = ctx.forMaterials(
        posted,
        form.materials.map((m) => m.key),
      )
      const errors = ctx.checkUploads(form, uploads, [], false)
      const good = uploads.filter((u) => !errors[`file_${u.key}`])
      await db.transaction().execute(async (trx) => {
        await repo.updateDraft(trx, d.id, JSON.stringify(answers), now())
        await files.remove(trx, await repo.replaceDraftItems(trx, d.id, [...new Set(good.map((u) => u.key))]))
        await ctx.storeUploads(trx, good, { userId, applicationId: null, draftId: d.id })
      })
      return { errors, attachments: await repo.draftAttachments(db, d.id) }
    },
  }
}
