import { t } from '../../lib/i18n/index.js'
import { beijingDate, today } from '../../lib/time.js'
import { AppError } from '../../lib/errors.js'
import * as repo from './repository.js'
import { OPEN_STATUSES, type ApplicationStatus } from './lifecycle.js'
import type { Selectable } from 'kysely'
import type { ApplicationRow, AttachmentsTable } from './table.js'
import type { ApplicationContext, ApplicationDeps } from './context.js'

/** What the applicant reads: their lists, one case with its history and expected dates, their files, their export. */
export function createApplicantReads(deps: ApplicationDeps, ctx: ApplicationContext) {
  const { db, clock, catalog, identity, files, calendar } = deps

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

  /** One application with its history, for its applicant (or an operator of its enterprise); otherwise 404. */
  async function detailForApplicant(userId: number, ref: string) {
    const app = await repo.byRef(db, ref)
    if (!app || !(await ctx.canSee(app, userId))) throw new AppError('not_found', t('未找到该办件'))
    const service = await catalog.get(app.serviceCode)
    return {
      app,
      events: await repo.events(db, app.id),
      attachments: await repo.attachmentsOf(db, app.id),
      rating: await repo.ratingOf(db, app.id),
      service,
      expected: await expectedDates(app, service?.timeLimitDays ?? 10),
    }
  }

  /** An attachment with its bytes; none is a 404. */
  async function withBytes(a: Selectable<AttachmentsTable> | undefined) {
    if (!a) throw new AppError('not_found', t('未找到该材料'))
    return { meta: a, bytes: await files.read(db, a.storageKey) }
  }

  return {
    detailForApplicant,

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

    /** An attachment for its owner (or an operator of the case's enterprise). */
    async attachmentForApplicant(userId: number, ref: string, attachmentId: number) {
      const { attachments } = await detailForApplicant(userId, ref)
      return withBytes(attachments.find((x) => x.id === attachmentId))
    },
    /** For staff views (the caller checks the role and audits). */
    async attachmentForStaff(ref: string, attachmentId: number) {
      const app = await repo.byRef(db, ref)
      return withBytes(app ? (await repo.attachmentsOf(db, app.id)).find((x) => x.id === attachmentId) : undefined)
    },
    /** Any attachment by id, for staff views (the caller checks the role and audits). */
    openAttachment: async (attachmentId: number) => withBytes(await repo.attachmentById(db, attachmentId)),

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
  }
}
