import type { Kysely, Transaction, Insertable, Updateable } from 'kysely'
import type { Database } from '../../db/database.js'
import { insertedId } from '../../db/helpers.js'
import type { ComplaintsTable } from './table.js'

type Conn = Kysely<Database> | Transaction<Database>

export async function insert(db: Conn, row: Insertable<ComplaintsTable>) {
  return insertedId(await db.insertInto('complaints').values(row).executeTakeFirst())
}
export const byRef = (db: Conn, ref: string) => db.selectFrom('complaints').selectAll().where('ref', '=', ref).executeTakeFirst()
export const update = (db: Conn, id: number, set: Updateable<ComplaintsTable>) =>
  db.updateTable('complaints').set(set).where('id', '=', id).execute()
export const list = (db: Conn, status: string | null, limit = 50) => {
  let q = db.selectFrom('complaints').selectAll()
  if (status) q = q.where('status', '=', status as 'open')
  return q.orderBy('id', 'desc').limit(limit).execute()
}
export const ofUser = (db: Conn, userId: number) =>
  db.selectFrom('complaints').selectAll().where('userId', '=', userId).orderBy('id', 'desc').execute()
export const notes = (db: Conn, complaintId: number) =>
  db.selectFrom('complaintNotes').selectAll().where('complaintId', '=', complaintId).orderBy('id').execute()
export const addNote = (
  db: Conn,
  row: { complaintId: number; staffId: number | null; kind: 'note' | 'reply' | 'citizen'; body: string; createdAt: string },
) => db.insertInto('complaintNotes').values(row).execute()
export const overdue = (db: Conn, today: string) =>
  db.selectFrom('complaints').selectAll().where('status', '=', 'open').where('dueDate', '<', today).execute()
export const openDueBy = (db: Conn, date: string) =>
  db.selectFrom('complaints').selectAll().where('status', '=', 'open').where('dueDate', '<=', date).orderBy('dueDate').execute()
export async function eraseForUser(db: Conn, userId: number, phone: string | null) {
  let q = db.selectFrom('complaints').select('id').where('userId', '=', userId)
  if (phone)
    q = db
      .selectFrom('complaints')
      .select('id')
      .where((eb) => eb.or([eb('userId', '=', userId), eb('callerPhone', '=', phone)]))
  const rows = await q.execute()
  for (const r of rows) await db.deleteFrom('complaintNotes').where('complaintId', '=', r.id).execute()
  if (rows.length)
    await db
      .deleteFrom('complaints')
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute()
}

/** Counts one caller identity check on the ticket; false (nothing counted) once `max` tries were made. */
export async function countIdentityTry(db: Conn, id: number, max: number): Promise<boolean> {
  const r = await db
    .updateTable('complaints')
    .set((eb) => ({ identityTries: eb('identityTries', '+', 1) }))
    .where('id', '=', id)
    .where('identityTries', '<', max)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}
