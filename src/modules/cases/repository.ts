import type { Kysely, Transaction, Insertable, Updateable } from 'kysely'
import type { Database } from '../../db/database.js'
import type { RectificationsTable } from './table.js'

type Conn = Kysely<Database> | Transaction<Database>

export const insertRectification = (db: Conn, row: Insertable<RectificationsTable>) => db.insertInto('rectifications').values(row).execute()
export const rectifications = (db: Conn, status: 'open' | 'closed' | null) => {
  let q = db.selectFrom('rectifications').selectAll()
  if (status) q = q.where('status', '=', status)
  return q.orderBy('dueDate').limit(200).execute()
}
export const rectificationById = (db: Conn, id: number) => db.selectFrom('rectifications').selectAll().where('id', '=', id).executeTakeFirst()
export const updateRectification = (db: Conn, id: number, set: Updateable<RectificationsTable>) => db.updateTable('rectifications').set(set).where('id', '=', id).execute()
