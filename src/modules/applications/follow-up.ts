import { t } from '../../lib/i18n/index.js'
import { today } from '../../lib/time.js'
import { AppError } from '../../lib/errors.js'
import { isUniqueViolation } from '../../db/helpers.js'
import type { AuditContext } from '../audit/service.js'
import * as repo from './repository.js'
import { DECIDED_STATUSES, type ApplicationStatus } from './lifecycle.js'
import { validateAnswers } from './forms.js'
import type { ApplicationContext, ApplicationDeps, Upload } from './context.js'
import type { createApplicantReads } from './reads.js'
import type { createTransitions } from './transitions.js'

/** After submission, the applicant's own steps: withdraw, answer a supplement request (resubmit), rate. */
export function createFollowUp(
  deps: ApplicationDeps,
  ctx: ApplicationContext,
  reads: Pick<ReturnType<typeof createApplicantReads>, 'detailForApplicant'>,
  transitions: Pick<ReturnType<typeof createTransitions>, 'act'>,
) {
  const { db, clock, audit, notifications } = deps
  return {
    async withdraw(audited: AuditContext, userId: number, ref: string, reason: string) {
      if (!reason.trim()) throw new AppError('invalid', t('请填写撤回原因'), { reason: t('请填写撤回原因') })
      if (reason.length > 500) throw new AppError('invalid', t('撤回原因最多500字'), { reason: t('撤回原因最多500字') })
      const { app } = await reads.detailForApplicant(userId, ref)
      await transitions.act(
        app,
        'withdraw',
        { type: 'citizen', id: userId },
        {
          reason,
          also: (trx) => audit.record(trx, audited, { action: 'application.withdrawn', subjectType: 'case', subjectId: ref }),
        },
      )
    },

    /** Answer a supplement request: the items asked for, then back to the queue as resubmitted. */
    async resubmit(audited: AuditContext, userId: number, ref: string, values: Record<string, string>, posted: Upload[]) {
      const { app, events, service } = await reads.detailForApplicant(userId, ref)
      if (app.status !== 'supplement') throw new AppError('conflict', t('该办件当前无需补正材料'))
      const request = [...events].reverse().find((e) => e.toStatus === 'supplement')
      const items: { key: string; label: string; note?: string }[] = request?.detail
        ? ((JSON.parse(request.detail) as { items?: { key: string; label: string; note?: string }[] }).items ?? [])
        : []
      const answers = JSON.parse(app.data) as Record<string, string>
      const errors: Record<string, string> = {}
      const fieldItems = items.filter((i) => service!.form.fields.some((f) => f.name === i.key))
      const fileItems = items.filter((i) => service!.form.materials.some((m) => m.key === i.key))
      const uploads = ctx.forMaterials(
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
        ctx.checkUploads(
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
      await transitions.act(
        app,
        'answer',
        { type: 'citizen', id: userId },
        {
          reason: values.note?.trim() || '已按要求补正',
          detail: { items: items.map((i) => i.key), ...(wasAccepted ? {} : { accepted: true }) },
          set: { data: JSON.stringify({ ...answers, ...fresh }), assigneeStaffId: null },
          also: async (trx) => {
            await ctx.storeUploads(trx, uploads, { userId, applicationId: app.id, draftId: null })
            await audit.record(trx, audited, { action: 'application.resubmitted', subjectType: 'case', subjectId: ref })
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

    async rate(audited: AuditContext, userId: number, ref: string, score: number, comment: string) {
      const { app, rating } = await reads.detailForApplicant(userId, ref)
      if (!DECIDED_STATUSES.includes(app.status as ApplicationStatus)) throw new AppError('conflict', t('办件办结后才能评价'))
      if (rating) throw new AppError('conflict', t('您已评价过该办件，每个办件只能评价一次'))
      if (!Number.isInteger(score) || score < 1 || score > 5)
        throw new AppError('invalid', t('请选择评价等级'), { score: t('请选择评价等级') })
      if (comment.length > 500) throw new AppError('invalid', t('评价内容最多500字'), { comment: t('评价内容最多500字') })
      const lowRating = score <= 2 && deps.onLowRating ? await deps.onLowRating({ ref, score, comment: comment.trim() || null }) : null
      try {
        await db.transaction().execute(async (trx) => {
          await repo.insertRating(trx, { applicationId: app.id, userId, score, comment: comment.trim() || null, createdAt: ctx.now() })
          if (lowRating) await lowRating(trx)
          await audit.record(trx, audited, { action: 'application.rated', subjectType: 'case', subjectId: ref, detail: { score } })
        })
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('conflict', t('您已评价过该办件，每个办件只能评价一次'))
        throw e
      }
    },
  }
}
