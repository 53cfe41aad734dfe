import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'

type Conn = Kysely<Database> | Transaction<Database>

export const settings = (db: Conn) => db.selectFrom('settings').selectAll().execute()
export async function setSetting(db: Conn, key: string, value: string, by: number, now: string) {
  const r = await db.updateTable('settings').set({ value, updatedBy: by, updatedAt: now }).where('key', '=', key).executeTakeFirst()
  if (Number(r.numUpdatedRows) === 0) await db.insertInto('settings').values({ key, value, updatedBy: by, updatedAt: now }).execute()
}
