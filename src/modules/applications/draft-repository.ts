import type { Insertable, Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import { insertedId } from '../../db/helpers.js'
import { prepared, preparedResult } from '../../db/prepared.js'
import type { DraftsTable } from './table.js'

type Conn = Kysely<Database> | Transaction<Database>

const draftByTokenQuery = prepared((db, token: string) => db.selectFrom('drafts').selectAll().where('formToken', '=', token))
export const draftByToken = async (db: Conn, token: string) => (await draftByTokenQuery(db, token))[0]
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
export const insertDraft = async (db: Conn, row: Insertable<DraftsTable>) =>
  insertedId(await db.insertInto('drafts').values(row).executeTakeFirst())
export const updateDraft = (db: Conn, id: number, data: string, now: string) =>
  db.updateTable('drafts').set({ data, updatedAt: now }).where('id', '=', id).execute()
const deleteDraftQuery = preparedResult((db, id: number) => db.deleteFrom('drafts').where('id', '=', id))
export const deleteDraft = async (db: Conn, id: number) => {
  await deleteDraftQuery(db, id)
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
