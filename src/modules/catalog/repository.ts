import type { Kysely, Transaction, Insertable } from 'kysely'
import type { Database } from '../../db/database.js'
import type { ServicesTable } from './table.js'

type Conn = Kysely<Database> | Transaction<Database>

export const all = (db: Conn) => db.selectFrom('services').selectAll().orderBy('sortOrder').orderBy('id').execute()
export const insert = (db: Conn, row: Insertable<ServicesTable>) => db.insertInto('services').values(row).execute()
export const setStatus = (db: Conn, code: string, status: 'online' | 'offline', now: string) =>
  db.updateTable('services').set({ status, updatedAt: now }).where('code', '=', code).execute()
export const setEnglish = (db: Conn, code: string, en: string, now: string) =>
  db.updateTable('services').set({ en, updatedAt: now }).where('code', '=', code).execute()
