import type { ExpressionBuilder, Kysely, Transaction, Insertable, Updateable } from 'kysely'
import type { Database } from '../../db/database.js'
import type { KeyRotation } from '../../lib/crypto.js'
import { insertedId } from '../../db/helpers.js'
import type { ApplicationsTable, ApplicationEventsTable, ApplicationSummary } from './table.js'
import { OPEN_STATUSES } from './lifecycle.js'
import { prepared, preparedInsert } from '../../db/prepared.js'
import { addToCounts } from './count-repository.js'

/**
 * The applications module's SQL (docs/architecture.md), by part: this file holds the cases themselves,
 * their history, ratings and claim periods; the status counters, drafts, attachments and files, the
 * staff queue and the retention steps are in the `<part>-repository.ts` files beside it, re-exported
 * here so the module reads one `repo`.
 */
export * from './count-repository.js'
export * from './draft-repository.js'
export * from './attachment-repository.js'
export * from './queue-repository.js'
export * from './retention-repository.js'

type Conn = Kysely<Database> | Transaction<Database>
export const byRef = (db: Conn, ref: string) => db.selectFrom('applications').selectAll().where('ref', '=', ref).executeTakeFirst()
export const byId = (db: Conn, id: number) => db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst()
// the submission's statements are prepared once (src/db/prepared.ts): a submit sends about fifteen
const byFormTokenQuery = prepared((db, token: string) => db.selectFrom('applications').selectAll().where('formToken', '=', token))
export const byFormToken = async (db: Conn, token: string) => (await byFormTokenQuery(db, token))[0]
const insertApplication = preparedInsert('applications')
const insertEventRow = preparedInsert('applicationEvents')
/** A new case; its status is counted in the same transaction (pass a transaction). */
export async function insert(db: Conn, row: Insertable<ApplicationsTable>): Promise<number> {
  const id = insertedId({ insertId: await insertApplication(db, row) })
  await addToCounts(db, { [row.status]: 1 })
  return id
}
/** Any change but the status (status changes go through updateIfStatus, which keeps the counts). */
export const update = (db: Conn, id: number, set: Omit<Updateable<ApplicationsTable>, 'status'>) =>
  db.updateTable('applications').set(set).where('id', '=', id).execute()
/** Conditional update: only when the status is still `from` (optimistic concurrency); a status change moves its count too. */
export async function updateIfStatus(db: Conn, id: number, from: string, set: Updateable<ApplicationsTable>): Promise<boolean> {
  const r = await db.updateTable('applications').set(set).where('id', '=', id).where('status', '=', from).executeTakeFirst()
  const ok = Number(r.numUpdatedRows) === 1
  if (ok && set.status !== undefined && set.status !== from) await addToCounts(db, { [from]: -1, [set.status]: 1 })
  return ok
}

export const insertEvent = async (db: Conn, row: Insertable<ApplicationEventsTable>) => {
  await insertEventRow(db, row)
}
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

// ratings
export const ratingOf = (db: Conn, applicationId: number) =>
  db.selectFrom('ratings').selectAll().where('applicationId', '=', applicationId).executeTakeFirst()
export const insertRating = (
  db: Conn,
  row: { applicationId: number; userId: number; score: number; comment: string | null; createdAt: string },
) => db.insertInto('ratings').values(row).execute()

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
