import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'

type Conn = Kysely<Database> | Transaction<Database>

export const exceptionsBetween = (db: Conn, from: string, to: string) =>
  db.selectFrom('calendarDays').selectAll().where('day', '>=', from).where('day', '<=', to).orderBy('day').execute()
const byDay = (db: Conn, day: string) => db.selectFrom('calendarDays').selectAll().where('day', '=', day).executeTakeFirst()
export async function upsert(
  db: Conn,
  row: { day: string; kind: 'holiday' | 'workday'; name: string; updatedBy: number | null; updatedAt: string },
) {
  if (await byDay(db, row.day)) await db.updateTable('calendarDays').set(row).where('day', '=', row.day).execute()
  else await db.insertInto('calendarDays').values(row).execute()
}
export const remove = (db: Conn, day: string) => db.deleteFrom('calendarDays').where('day', '=', day).execute()
export async function count(db: Conn) {
  const r = await db
    .selectFrom('calendarDays')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}
