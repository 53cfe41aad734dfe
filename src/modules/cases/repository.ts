import type { Kysely, Transaction, Insertable, Updateable } from 'kysely'
import type { Database } from '../../db/database.js'
import type { RectificationsTable, SupplementTemplatesTable } from './table.js'

type Conn = Kysely<Database> | Transaction<Database>

export const insertRectification = (db: Conn, row: Insertable<RectificationsTable>) => db.insertInto('rectifications').values(row).execute()
export const rectifications = (db: Conn, status: 'open' | 'closed' | null) => {
  let q = db.selectFrom('rectifications').selectAll()
  if (status) q = q.where('status', '=', status)
  return q.orderBy('dueDate').limit(200).execute()
}
export const rectificationById = (db: Conn, id: number) =>
  db.selectFrom('rectifications').selectAll().where('id', '=', id).executeTakeFirst()
export const updateRectification = (db: Conn, id: number, set: Updateable<RectificationsTable>) =>
  db.updateTable('rectifications').set(set).where('id', '=', id).execute()

/** One alert per kind, reference and day (the job may run more than once a day). */
export async function addAlert(
  db: Conn,
  row: { staffId: number | null; kind: string; ref: string; text: string; day: string; createdAt: string },
) {
  try {
    await db.insertInto('staffAlerts').values(row).execute()
  } catch {
    /* already alerted today */
  }
}
export const alertsFor = (db: Conn, staffId: number, supervisor: boolean, since: string) => {
  let q = db.selectFrom('staffAlerts').selectAll().where('day', '>=', since)
  q = supervisor ? q.where((eb) => eb.or([eb('staffId', '=', staffId), eb('staffId', 'is', null)])) : q.where('staffId', '=', staffId)
  return q.orderBy('id', 'desc').limit(50).execute()
}

export const templatesFor = (db: Conn, serviceCode: string | null) => {
  let q = db.selectFrom('supplementTemplates').selectAll()
  if (serviceCode) q = q.where('serviceCode', '=', serviceCode)
  return q.orderBy('serviceCode').orderBy('id').limit(200).execute()
}
export const templateById = (db: Conn, id: number) =>
  db.selectFrom('supplementTemplates').selectAll().where('id', '=', id).executeTakeFirst()
export const insertTemplate = (db: Conn, row: Insertable<SupplementTemplatesTable>) =>
  db.insertInto('supplementTemplates').values(row).execute()
export const deleteTemplate = (db: Conn, id: number) => db.deleteFrom('supplementTemplates').where('id', '=', id).execute()
// saved queue filters (each staff member's own)
export const savedFilters = (db: Conn, staffId: number) =>
  db.selectFrom('staffSavedFilters').selectAll().where('staffId', '=', staffId).orderBy('name').limit(50).execute()
export const savedFilterByName = (db: Conn, staffId: number, name: string) =>
  db.selectFrom('staffSavedFilters').selectAll().where('staffId', '=', staffId).where('name', '=', name).executeTakeFirst()
export const insertSavedFilter = (db: Conn, row: { staffId: number; name: string; query: string; createdAt: string }) =>
  db.insertInto('staffSavedFilters').values(row).execute()
export const updateSavedFilter = (db: Conn, id: number, query: string) =>
  db.updateTable('staffSavedFilters').set({ query }).where('id', '=', id).execute()
/** Deletes only the staff member's own filter: someone else's id deletes nothing. */
export async function deleteSavedFilter(db: Conn, staffId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('staffSavedFilters').where('id', '=', id).where('staffId', '=', staffId).executeTakeFirst()
  return Number(r.numDeletedRows) === 1
}
