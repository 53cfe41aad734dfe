import type { Insertable, Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import { insertedId } from '../../db/helpers.js'
import { prepared, preparedResult } from '../../db/prepared.js'
import type { AttachmentsTable, MaterialReusesTable } from './table.js'

type Conn = Kysely<Database> | Transaction<Database>

export async function insertAttachment(db: Conn, row: Insertable<AttachmentsTable>): Promise<number> {
  return insertedId(await db.insertInto('attachments').values(row).executeTakeFirst())
}
export const attachmentsOf = (db: Conn, applicationId: number) =>
  db.selectFrom('attachments').selectAll().where('applicationId', '=', applicationId).orderBy('id').execute()
export const attachmentById = (db: Conn, id: number) => db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst()
export const draftAttachments = prepared((db, draftId: number) =>
  db.selectFrom('attachments').selectAll().where('draftId', '=', draftId).orderBy('id'),
)
const linkAttachmentsQuery = preparedResult((db, draftId: number, applicationId: number) =>
  db.updateTable('attachments').set({ applicationId, draftId: null }).where('draftId', '=', draftId),
)
export const linkAttachments = async (db: Conn, draftId: number, applicationId: number) => {
  await linkAttachmentsQuery(db, draftId, applicationId)
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

// file bytes (attachment_blobs, decision 0131): storage.ts chunks and joins them
export const insertBlobChunk = (db: Conn, row: { storageKey: string; chunk: number; bytes: Buffer }) =>
  db.insertInto('attachmentBlobs').values(row).execute()
export const blobChunks = (db: Conn, storageKey: string) =>
  db.selectFrom('attachmentBlobs').select('bytes').where('storageKey', '=', storageKey).orderBy('chunk').execute()
export const deleteBlobs = (db: Conn, storageKeys: string[]) =>
  storageKeys.length ? db.deleteFrom('attachmentBlobs').where('storageKey', 'in', storageKeys).execute() : Promise.resolve([])
export const hasBlob = async (db: Conn, storageKey: string) =>
  !!(await db.selectFrom('attachmentBlobs').select('chunk').where('storageKey', '=', storageKey).limit(1).executeTakeFirst())
/** Every attachment's storage key and SHA-256 (the import of an older, disk-based install's files). */
export const attachmentHashes = (db: Conn) => db.selectFrom('attachments').select(['storageKey', 'sha256']).execute()
