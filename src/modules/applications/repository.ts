import type { Kysely, Transaction, Insertable, Updateable } from 'kysely'
import type { Database } from '../../db/database.js'
import { insertedId } from '../../db/helpers.js'
import type { ApplicationsTable, ApplicationEventsTable, AttachmentsTable } from './table.js'
import { OPEN_STATUSES } from './lifecycle.js'

type Conn = Kysely<Database> | Transaction<Database>

export const byRef = (db: Conn, ref: string) => db.selectFrom('applications').selectAll().where('ref', '=', ref).executeTakeFirst()
export const byId = (db: Conn, id: number) => db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst()
export const byFormToken = (db: Conn, token: string) => db.selectFrom('applications').selectAll().where('formToken', '=', token).executeTakeFirst()
export async function insert(db: Conn, row: Insertable<ApplicationsTable>): Promise<number> {
  return insertedId(await db.insertInto('applications').values(row).executeTakeFirst())
}
export const update = (db: Conn, id: number, set: Updateable<ApplicationsTable>) => db.updateTable('applications').set(set).where('id', '=', id).execute()
/** Conditional update: only when the status is still `from` (optimistic concurrency). */
export async function updateIfStatus(db: Conn, id: number, from: string, set: Updateable<ApplicationsTable>): Promise<boolean> {
  const r = await db.updateTable('applications').set(set).where('id', '=', id).where('status', '=', from).executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}
export const insertEvent = (db: Conn, row: Insertable<ApplicationEventsTable>) => db.insertInto('applicationEvents').values(row).execute()
export const events = (db: Conn, applicationId: number) => db.selectFrom('applicationEvents').selectAll().where('applicationId', '=', applicationId).orderBy('id').execute()
export const forApplicant = (db: Conn, userId: number, enterpriseIds: number[]) => {
  let q = db.selectFrom('applications').selectAll()
  q = enterpriseIds.length ? q.where((eb) => eb.or([eb('applicantUserId', '=', userId), eb('enterpriseId', 'in', enterpriseIds)])) : q.where('applicantUserId', '=', userId)
  return q.orderBy('id', 'desc').limit(200).execute()
}
export const openForUser = (db: Conn, userId: number) =>
  db.selectFrom('applications').select(['id', 'ref', 'status', 'serviceCode']).where('applicantUserId', '=', userId).where('status', 'in', OPEN_STATUSES).execute()
export const openForEnterprise = (db: Conn, enterpriseId: number) =>
  db.selectFrom('applications').select(['id', 'ref', 'status']).where('enterpriseId', '=', enterpriseId).where('status', 'in', OPEN_STATUSES).execute()
export const pendingPaymentForUser = (db: Conn, userId: number, subsidyCodes: string[]) =>
  subsidyCodes.length ? db.selectFrom('applications').select(['id', 'ref']).where('applicantUserId', '=', userId).where('status', '=', 'approved').where('serviceCode', 'in', subsidyCodes).execute() : Promise.resolve([])

// attachments
export async function insertAttachment(db: Conn, row: Insertable<AttachmentsTable>): Promise<number> {
  return insertedId(await db.insertInto('attachments').values(row).executeTakeFirst())
}
export const attachmentsOf = (db: Conn, applicationId: number) => db.selectFrom('attachments').selectAll().where('applicationId', '=', applicationId).orderBy('id').execute()
export const attachmentById = (db: Conn, id: number) => db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst()
export const draftAttachments = (db: Conn, draftId: number) => db.selectFrom('attachments').selectAll().where('draftId', '=', draftId).orderBy('id').execute()
export const linkAttachments = (db: Conn, draftId: number, applicationId: number) =>
  db.updateTable('attachments').set({ applicationId, draftId: null }).where('draftId', '=', draftId).execute()

// drafts
export const draftByToken = (db: Conn, token: string) => db.selectFrom('drafts').selectAll().where('formToken', '=', token).executeTakeFirst()
export const draftFor = (db: Conn, userId: number, serviceCode: string, enterpriseId: number | null) => {
  let q = db.selectFrom('drafts').selectAll().where('userId', '=', userId).where('serviceCode', '=', serviceCode)
  q = enterpriseId === null ? q.where('enterpriseId', 'is', null) : q.where('enterpriseId', '=', enterpriseId)
  return q.orderBy('id', 'desc').limit(1).executeTakeFirst()
}
export const draftsOfUser = (db: Conn, userId: number) => db.selectFrom('drafts').selectAll().where('userId', '=', userId).orderBy('updatedAt', 'desc').execute()
export async function insertDraft(db: Conn, row: { userId: number; enterpriseId: number | null; serviceCode: string; formToken: string; data: string; createdAt: string; updatedAt: string }) {
  return insertedId(await db.insertInto('drafts').values(row).executeTakeFirst())
}
export const updateDraft = (db: Conn, id: number, data: string, now: string) => db.updateTable('drafts').set({ data, updatedAt: now }).where('id', '=', id).execute()
export const deleteDraft = (db: Conn, id: number) => db.deleteFrom('drafts').where('id', '=', id).execute()

// ratings
export const ratingOf = (db: Conn, applicationId: number) => db.selectFrom('ratings').selectAll().where('applicationId', '=', applicationId).executeTakeFirst()
export const insertRating = (db: Conn, row: { applicationId: number; userId: number; score: number; comment: string | null; createdAt: string }) =>
  db.insertInto('ratings').values(row).execute()
