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
export const settings = (db: Conn) => db.selectFrom('settings').selectAll().execute()
export async function setSetting(db: Conn, key: string, value: string, by: number, now: string) {
  const r = await db.updateTable('settings').set({ value, updatedBy: by, updatedAt: now }).where('key', '=', key).executeTakeFirst()
  if (Number(r.numUpdatedRows) === 0) await db.insertInto('settings').values({ key, value, updatedBy: by, updatedAt: now }).execute()
}
export const allStaff = (db: Conn) =>
  db
    .selectFrom('staff')
    .select(['id', 'username', 'displayName', 'staffNo', 'department', 'status', 'mustChangePassword', 'phone', 'email'])
    .orderBy('id')
    .execute()
export const allRoles = (db: Conn) => db.selectFrom('staffRoles').selectAll().execute()
export const activeUserIds = (db: Conn, phones: string[] | null) => {
  let q = db.selectFrom('users').select(['id']).where('status', '=', 'active')
  if (phones) q = q.where('phone', 'in', phones.length ? phones : ['-'])
  return q.execute()
}
