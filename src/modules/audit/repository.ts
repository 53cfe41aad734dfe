import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Dialect } from '../../db/connect.js'
import { forUpdate } from '../../db/helpers.js'
import type { AuditLogTable, AuditRow } from './table.js'

type Conn = Kysely<Database> | Transaction<Database>

export async function lockHead(db: Conn, dialect: Dialect) {
  return forUpdate(db.selectFrom('auditHead').selectAll().where('id', '=', 1), dialect).executeTakeFirstOrThrow()
}

export async function append(db: Conn, row: AuditLogTable) {
  await db.insertInto('auditLog').values(row).execute()
  await db.updateTable('auditHead').set({ seq: row.seq, hash: row.hash }).where('id', '=', 1).execute()
}

export async function head(db: Conn) {
  return db.selectFrom('auditHead').selectAll().where('id', '=', 1).executeTakeFirstOrThrow()
}

export async function pageAfter(db: Conn, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return db.selectFrom('auditLog').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute()
}

export type AuditFilter = {
  actorType?: string
  actorId?: string
  action?: string
  subjectType?: string
  subjectId?: string
  from?: string
  to?: string
  beforeSeq?: number
}

export async function search(db: Conn, f: AuditFilter, limit: number): Promise<AuditRow[]> {
  let q = db.selectFrom('auditLog').selectAll()
  if (f.actorType) q = q.where('actorType', '=', f.actorType)
  if (f.actorId) q = q.where('actorId', '=', f.actorId)
  if (f.action) q = q.where('action', '=', f.action)
  if (f.subjectType) q = q.where('subjectType', '=', f.subjectType)
  if (f.subjectId) q = q.where('subjectId', '=', f.subjectId)
  if (f.from) q = q.where('at', '>=', f.from)
  if (f.to) q = q.where('at', '<', f.to)
  if (f.beforeSeq) q = q.where('seq', '<', f.beforeSeq)
  return q.orderBy('seq', 'desc').limit(limit).execute()
}

/** Staff accesses to one citizen's data, for the citizen's own access log. */
export async function accessesToSubject(db: Conn, subjectType: string, subjectId: string, limit = 200): Promise<AuditRow[]> {
  return db
    .selectFrom('auditLog')
    .selectAll()
    .where('subjectType', '=', subjectType)
    .where('subjectId', '=', subjectId)
    .where('actorType', '=', 'staff')
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute()
}
