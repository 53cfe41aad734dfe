import type { Kysely, Transaction, Insertable, Updateable } from 'kysely'
import type { Database } from '../../db/database.js'
import { insertedId } from '../../db/helpers.js'
import type { IncidentsTable, AnnouncementsTable } from './table.js'

type Conn = Kysely<Database> | Transaction<Database>

export async function insertIncident(db: Conn, row: Insertable<IncidentsTable>) {
  return insertedId(await db.insertInto('incidents').values(row).executeTakeFirst())
}
export const incidentById = (db: Conn, id: number) => db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst()
export const updateIncident = (db: Conn, id: number, set: Updateable<IncidentsTable>) =>
  db.updateTable('incidents').set(set).where('id', '=', id).execute()
export const incidents = (db: Conn) => db.selectFrom('incidents').selectAll().orderBy('id', 'desc').limit(100).execute()
export const publishedIncidents = (db: Conn) =>
  db.selectFrom('incidents').selectAll().where('publishedAt', 'is not', null).orderBy('id', 'desc').limit(100).execute()
export const insertAnnouncement = (db: Conn, row: Insertable<AnnouncementsTable>) => db.insertInto('announcements').values(row).execute()
export const activeAnnouncements = (db: Conn, now: string) =>
  db.selectFrom('announcements').selectAll().where('startsAt', '<=', now).where('endsAt', '>', now).orderBy('id', 'desc').limit(5).execute()
export const announcements = (db: Conn) => db.selectFrom('announcements').selectAll().orderBy('id', 'desc').limit(50).execute()
