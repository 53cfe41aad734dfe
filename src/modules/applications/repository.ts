import type { ExpressionBuilder, Kysely, Transaction, Insertable, Updateable } from 'kysely'
import type { Database } from '../../db/database.js'
import type { KeyRotation } from '../../lib/crypto.js'
import { insertedId } from '../../db/helpers.js'
import type { ApplicationsTable, ApplicationEventsTable, ApplicationSummary, AttachmentsTable, MaterialReusesTable } from './table.js'
import { OPEN_STATUSES } from './lifecycle.js'
import { prepared } from '../../db/prepared.js'

type Conn = Kysely<Database> | Transaction<Database>

export const byRef = (db: Conn, ref: string) => db.selectFrom('applications').selectAll().where('ref', '=', ref).executeTakeFirst()
export const byId = (db: Conn, id: number) => db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst()
export const byFormToken = (db: Conn, token: string) =>
  db.selectFrom('applications').selectAll().where('formToken', '=', token).executeTakeFirst()
export async function insert(db: Conn, row: Insertable<ApplicationsTable>): Promise<number> {
  return insertedId(await db.insertInto('applications').values(row).executeTakeFirst())
}
export const update = (db: Conn, id: number, set: Updateable<ApplicationsTable>) =>
  db.updateTable('applications').set(set).where('id', '=', id).execute()
/** Conditional update: only when the status is still `from` (optimistic concurrency). */
export async function updateIfStatus(db: Conn, id: number, from: string, set: Updateable<ApplicationsTable>): Promise<boolean> {
  const r = await db.updateTable('applications').set(set).where('id', '=', id).where('status', '=', from).executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}
export const insertEvent = (db: Conn, row: Insertable<ApplicationEventsTable>) => db.insertInto('applicationEvents').values(row).execute()
export const events = (db: Conn, applicationId: number) =>
  db.selectFrom('applicationEvents').selectAll().where('applicationId', '=', applicationId).orderBy('id').execute()
/** The person's applications and those of the enterprises they operate, newest first (full rows: for the data export). */
export const forApplicant = (db: Conn, userId: number, enterpriseIds: number[]) =>
  db.selectFrom('applications').selectAll().where(ofApplicant(userId, enterpriseIds)).orderBy('id', 'desc').limit(200).execute()
/** The same list with only what a list page shows (the dashboard reads this on every visit: no answers). */
export const summariesForApplicant = (db: Kysely<Database>, userId: number, enterpriseIds: number[]): Promise<ApplicationSummary[]> =>
  enterpriseIds.length ? summaries(db, userId, enterpriseIds).execute() : personalSummaries(db, userId)
const summaries = (db: Kysely<Database>, userId: number, enterpriseIds: number[]) =>
  db
    .selectFrom('applications')
    .select(['id', 'ref', 'serviceCode', 'status', 'submittedAt', 'enterpriseId'])
    .where(ofApplicant(userId, enterpriseIds))
    .orderBy('id', 'desc')
    .limit(200)
/** Most people operate no enterprise: that shape is prepared once (src/db/prepared.ts). */
const personalSummaries = prepared((db, userId: number) => summaries(db, userId, []))
const ofApplicant = (userId: number, enterpriseIds: number[]) => (eb: ExpressionBuilder<Database, 'applications'>) =>
  enterpriseIds.length
    ? eb.or([eb('applicantUserId', '=', userId), eb('enterpriseId', 'in', enterpriseIds)])
    : eb('applicantUserId', '=', userId)
export const openForUser = (db: Conn, userId: number) =>
  db
    .selectFrom('applications')
    .select(['id', 'ref', 'status', 'serviceCode'])
    .where('applicantUserId', '=', userId)
    .where('status', 'in', OPEN_STATUSES)
    .execute()
export const openForEnterprise = (db: Conn, enterpriseId: number) =>
  db
    .selectFrom('applications')
    .select(['id', 'ref', 'status'])
    .where('enterpriseId', '=', enterpriseId)
    .where('status', 'in', OPEN_STATUSES)
    .execute()
export const pendingPaymentForUser = (db: Conn, userId: number, subsidyCodes: string[]) =>
  subsidyCodes.length
    ? db
        .selectFrom('applications')
        .select(['id', 'ref'])
        .where('applicantUserId', '=', userId)
        .where('status', '=', 'approved')
        .where('serviceCode', 'in', subsidyCodes)
        .execute()
    : Promise.resolve([])

// attachments
export async function insertAttachment(db: Conn, row: Insertable<AttachmentsTable>): Promise<number> {
  return insertedId(await db.insertInto('attachments').values(row).executeTakeFirst())
}
export const attachmentsOf = (db: Conn, applicationId: number) =>
  db.selectFrom('attachments').selectAll().where('applicationId', '=', applicationId).orderBy('id').execute()
export const attachmentById = (db: Conn, id: number) => db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst()
export const draftAttachments = (db: Conn, draftId: number) =>
  db.selectFrom('attachments').selectAll().where('draftId', '=', draftId).orderBy('id').execute()
export const linkAttachments = (db: Conn, draftId: number, applicationId: number) =>
  db.updateTable('attachments').set({ applicationId, draftId: null }).where('draftId', '=', draftId).execute()

// drafts
export const draftByToken = (db: Conn, token: string) =>
  db.selectFrom('drafts').selectAll().where('formToken', '=', token).executeTakeFirst()
/** The citizen's own draft for a service (never one a clerk started at the counter). */
export const draftFor = (db: Conn, userId: number, serviceCode: string, enterpriseId: number | null) => {
  let q = db
    .selectFrom('drafts')
    .selectAll()
    .where('userId', '=', userId)
    .where('serviceCode', '=', serviceCode)
    .where('staffId', 'is', null)
  q = enterpriseId === null ? q.where('enterpriseId', 'is', null) : q.where('enterpriseId', '=', enterpriseId)
  return q.orderBy('id', 'desc').limit(1).executeTakeFirst()
}
/** A clerk's counter draft for a citizen and service (issue 16 item 6). */
export const staffDraftFor = (db: Conn, userId: number, staffId: number, serviceCode: string) =>
  db
    .selectFrom('drafts')
    .selectAll()
    .where('userId', '=', userId)
    .where('staffId', '=', staffId)
    .where('serviceCode', '=', serviceCode)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
export const draftsOfUser = prepared((db, userId: number) =>
  db.selectFrom('drafts').selectAll().where('userId', '=', userId).where('staffId', 'is', null).orderBy('updatedAt', 'desc'),
)
export async function insertDraft(
  db: Conn,
  row: {
    userId: number
    enterpriseId: number | null
    serviceCode: string
    formToken: string
    data: string
    createdAt: string
    updatedAt: string
    staffId?: number | null
  },
) {
  return insertedId(await db.insertInto('drafts').values(row).executeTakeFirst())
}
export const updateDraft = (db: Conn, id: number, data: string, now: string) =>
  db.updateTable('drafts').set({ data, updatedAt: now }).where('id', '=', id).execute()
export const deleteDraft = (db: Conn, id: number) => db.deleteFrom('drafts').where('id', '=', id).execute()

// ratings
export const ratingOf = (db: Conn, applicationId: number) =>
  db.selectFrom('ratings').selectAll().where('applicationId', '=', applicationId).executeTakeFirst()
export const insertRating = (
  db: Conn,
  row: { applicationId: number; userId: number; score: number; comment: string | null; createdAt: string },
) => db.insertInto('ratings').values(row).execute()

// --- staff-side queries (used by the cases module through the applications service)
export interface QueueFilter {
  status?: string
  service?: string
  assignee?: number | 'none'
  channel?: 'online' | 'counter'
  overdueBefore?: string
  dueBy?: string
  q?: string
  afterId?: number
}

/** Keyset page of the queue, newest first. Each filter combination is served by an index (docs/queue-plans.md). */
export function queuePage(db: Conn, f: QueueFilter, limit: number) {
  return queueQuery(db, f, limit).execute()
}

/** The queue query itself (compiled by the plan test and docs/queue-plans.md). */
export function queueQuery(db: Conn, f: QueueFilter, limit: number) {
  let q = db
    .selectFrom('applications')
    .select(['id', 'ref', 'serviceCode', 'applicantName', 'status', 'channel', 'assigneeStaffId', 'submittedAt', 'deadlineDate'])
  if (f.q) return q.where('ref', '=', f.q).limit(1)
  if (f.status) q = q.where('status', '=', f.status)
  else q = q.where('status', 'in', OPEN_STATUSES)
  if (f.service) q = q.where('serviceCode', '=', f.service)
  if (f.assignee === 'none') q = q.where('assigneeStaffId', 'is', null)
  else if (f.assignee) q = q.where('assigneeStaffId', '=', f.assignee)
  if (f.channel) q = q.where('channel', '=', f.channel)
  if (f.overdueBefore) q = q.where('deadlineDate', '<', f.overdueBefore)
  if (f.dueBy) q = q.where('deadlineDate', '<=', f.dueBy)
  if (f.afterId) q = q.where('id', '<', f.afterId)
  return q.orderBy('id', 'desc').limit(limit)
}

export async function countsByStatus(db: Conn): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('applications')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
}

/** Claim only if nobody holds it (or I already do): race-safe across nodes. */
export async function claim(db: Conn, id: number, staffId: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('applications')
    .set({ assigneeStaffId: staffId, updatedAt: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('assigneeStaffId', 'is', null), eb('assigneeStaffId', '=', staffId)]))
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export const overdueOpen = (db: Conn, before: string) =>
  db
    .selectFrom('applications')
    .select(['id', 'ref', 'assigneeStaffId', 'deadlineDate', 'status'])
    .where('deadlineDate', '<', before)
    .where('status', 'in', OPEN_STATUSES)
    .orderBy('deadlineDate')
    .limit(1000)
    .execute()

export const decidedBetween = (db: Conn, from: string, to: string) =>
  db
    .selectFrom('applications')
    .select(['serviceCode', 'status', 'submittedAt', 'acceptedAt', 'decidedAt', 'deadlineDate'])
    .where('submittedAt', '>=', from)
    .where('submittedAt', '<', to)
    .execute()

/**
 * Closure: drafts and their files go; open/undecided or non-subsidy applications go with their
 * history and files; decided subsidy applications stay, anonymised, until retain_until.
 * Returns storage keys of deleted files (the caller removes them from disk).
 */
export async function anonymiseForUser(db: Conn, userId: number, keepCodes: string[], retainUntil: string): Promise<string[]> {
  const keys: string[] = []
  const drafts = await db.selectFrom('drafts').select('id').where('userId', '=', userId).execute()
  for (const d of drafts) {
    const atts = await db.selectFrom('attachments').select(['id', 'storageKey']).where('draftId', '=', d.id).execute()
    keys.push(...atts.map((a) => a.storageKey))
    await db.deleteFrom('attachments').where('draftId', '=', d.id).execute()
  }
  await db.deleteFrom('drafts').where('userId', '=', userId).execute()
  const apps = await db
    .selectFrom('applications')
    .select(['id', 'serviceCode', 'status', 'enterpriseId'])
    .where('applicantUserId', '=', userId)
    .execute()
  for (const a of apps) {
    const keep = keepCodes.includes(a.serviceCode) && (a.status === 'paid' || a.status === 'approved')
    if (keep || a.enterpriseId) {
      // Enterprise cases belong to the enterprise; subsidy records are kept by law — both lose the person.
      await db
        .updateTable('applications')
        .set({
          applicantUserId: null,
          applicantName: a.enterpriseId ? undefined : null,
          formToken: null,
          retainUntil: keep ? retainUntil : undefined,
        })
        .where('id', '=', a.id)
        .execute()
      await db.updateTable('attachments').set({ ownerUserId: null }).where('applicationId', '=', a.id).execute()
      await db
        .updateTable('applicationEvents')
        .set({ actorId: null })
        .where('applicationId', '=', a.id)
        .where('actorType', '=', 'citizen')
        .execute()
      continue
    }
    const atts = await db.selectFrom('attachments').select('storageKey').where('applicationId', '=', a.id).execute()
    keys.push(...atts.map((x) => x.storageKey))
    await db.deleteFrom('attachments').where('applicationId', '=', a.id).execute()
    await db.deleteFrom('applicationEvents').where('applicationId', '=', a.id).execute()
    await db.deleteFrom('ratings').where('applicationId', '=', a.id).execute()
    await db.deleteFrom('subsidyClaimMonths').where('applicationId', '=', a.id).execute()
    await db.deleteFrom('applications').where('id', '=', a.id).execute()
  }
  await db.updateTable('ratings').set({ userId: null }).where('userId', '=', userId).execute()
  return keys
}

export async function purgeDrafts(db: Conn, before: string): Promise<string[]> {
  const old = await db.selectFrom('drafts').select('id').where('updatedAt', '<', before).execute()
  const keys: string[] = []
  for (const d of old) {
    const atts = await db.selectFrom('attachments').select('storageKey').where('draftId', '=', d.id).execute()
    keys.push(...atts.map((a) => a.storageKey))
    await db.deleteFrom('attachments').where('draftId', '=', d.id).execute()
    await db.deleteFrom('drafts').where('id', '=', d.id).execute()
  }
  return keys
}

/** A new upload for an item replaces the draft's earlier file for it. Returns the replaced files' keys. */
export async function replaceDraftItems(db: Conn, draftId: number, itemKeys: string[]): Promise<string[]> {
  if (!itemKeys.length) return []
  const old = await db
    .selectFrom('attachments')
    .select(['id', 'storageKey'])
    .where('draftId', '=', draftId)
    .where('itemKey', 'in', itemKeys)
    .execute()
  if (old.length)
    await db
      .deleteFrom('attachments')
      .where(
        'id',
        'in',
        old.map((o) => o.id),
      )
      .execute()
  return old.map((o) => o.storageKey)
}

/** Cases with any event (submission, 受理, decision) between the two instants, with their rating. */
export const statsRows = (db: Conn, from: string, to: string) =>
  db
    .selectFrom('applications as a')
    .leftJoin('ratings as r', 'r.applicationId', 'a.id')
    .select(['a.serviceCode', 'a.submittedAt', 'a.acceptedAt', 'a.decidedAt', 'a.deadlineDate', 'a.pausedDays', 'r.score'])
    .where('a.submittedAt', '<', to)
    .where((eb) => eb.or([eb('a.decidedAt', 'is', null), eb('a.decidedAt', '>=', from)]))
    .execute()

// subsidy claim periods (one claim per applicant and month)
/** Months of `months` already held by another claim of this applicant, with the holding case's reference. */
export const claimConflicts = (db: Conn, serviceCode: string, applicantKey: string, months: string[]) =>
  months.length
    ? db
        .selectFrom('subsidyClaimMonths as m')
        .innerJoin('applications as a', 'a.id', 'm.applicationId')
        .select(['m.month', 'a.ref'])
        .where('m.serviceCode', '=', serviceCode)
        .where('m.applicantKey', '=', applicantKey)
        .where('m.month', 'in', months)
        .orderBy('m.month')
        .execute()
    : Promise.resolve([])
export const holdClaimMonths = (db: Conn, serviceCode: string, applicantKey: string, months: string[], applicationId: number) =>
  months.length
    ? db
        .insertInto('subsidyClaimMonths')
        .values(months.map((month) => ({ serviceCode, applicantKey, month, applicationId })))
        .execute()
    : Promise.resolve([])
export const releaseClaimMonths = (db: Conn, applicationId: number) =>
  db.deleteFrom('subsidyClaimMonths').where('applicationId', '=', applicationId).execute()

/** Key rotation over subsidy payee accounts confirmed at submission (issue 16 item 4). The rows re-encrypted. */
export async function rotateCiphertexts(db: Kysely<Database>, { stale, re }: KeyRotation): Promise<number> {
  let n = 0
  for (const a of await db
    .selectFrom('applications')
    .select(['id', 'payeeAccountEnc'])
    .where('payeeAccountEnc', 'is not', null)
    .execute()) {
    if (!stale(a.payeeAccountEnc)) continue
    await db
      .updateTable('applications')
      .set({ payeeAccountEnc: re(a.payeeAccountEnc) })
      .where('id', '=', a.id)
      .execute()
    n++
  }
  return n
}
// "tell us once" (reuse.ts): materials of the applicant's earlier cases that a reviewer approved
/** Attachments of the applicant's cases approved by staff (not by the rules), newest approval first. */
export const staffVerifiedAttachments = (db: Conn, userId: number, enterpriseId: number | null, itemKeys: string[]) => {
  if (!itemKeys.length) return Promise.resolve([])
  let q = db
    .selectFrom('attachments as a')
    .innerJoin('applications as p', 'p.id', 'a.applicationId')
    .innerJoin('applicationEvents as e', 'e.applicationId', 'p.id')
    .select(['a.id', 'a.itemKey', 'a.filename', 'a.mime', 'a.size', 'a.sha256', 'a.storageKey', 'p.ref', 'e.actorId', 'e.createdAt'])
    .where('p.applicantUserId', '=', userId)
    .where('p.status', 'in', ['approved', 'paid'])
    .where('e.toStatus', '=', 'approved')
    .where('e.actorType', '=', 'staff')
    .where('a.itemKey', 'in', itemKeys)
  q = enterpriseId === null ? q.where('p.enterpriseId', 'is', null) : q.where('p.enterpriseId', '=', enterpriseId)
  return q.orderBy('e.id', 'desc').limit(50).execute()
}
export const insertMaterialReuse = (db: Conn, row: Insertable<MaterialReusesTable>) => db.insertInto('materialReuses').values(row).execute()
export const reusesOf = (db: Conn, attachmentIds: number[]) =>
  attachmentIds.length
    ? db.selectFrom('materialReuses').selectAll().where('attachmentId', 'in', attachmentIds).execute()
    : Promise.resolve([])
