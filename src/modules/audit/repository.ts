import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Dialect } from '../../db/connect.js'
import { forUpdate, insertedId } from '../../db/helpers.js'
import { preparedInsert, preparedResult } from '../../db/prepared.js'
import type { AuditHead, AuditRow, NewAuditRow } from './table.js'

type Conn = Kysely<Database> | Transaction<Database>

/** Inserts an unsealed row and returns its id; no shared row is touched (docs/decisions/0141). */
// written with every audited action: prepared once (src/db/prepared.ts)
const insertAuditRow = preparedInsert('auditLog')
const setRowMacQuery = preparedResult((db, seq: number, rowMac: string) =>
  db.updateTable('auditLog').set({ rowMac }).where('seq', '=', seq),
)

export async function insertRow(db: Conn, row: NewAuditRow): Promise<number> {
  return insertedId({ insertId: await insertAuditRow(db, row) })
}

export async function setRowMac(db: Conn, seq: number, rowMac: string) {
  await setRowMacQuery(db, seq, rowMac)
}

export async function lockHead(db: Conn, dialect: Dialect): Promise<AuditHead | undefined> {
  return forUpdate(db.selectFrom('auditHead').selectAll().where('id', '=', 1), dialect).executeTakeFirst()
}

export async function head(db: Conn): Promise<AuditHead | undefined> {
  return db.selectFrom('auditHead').selectAll().where('id', '=', 1).executeTakeFirst()
}

/** Rows not yet in the chain, in id order, after `afterSeq`. */
export async function unsealed(db: Conn, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return db
    .selectFrom('auditLog')
    .selectAll()
    .where('position', 'is', null)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute()
}

export async function seal(db: Conn, seq: number, position: number, rowMac: string, chainMac: string) {
  await db.updateTable('auditLog').set({ position, rowMac, chainMac }).where('seq', '=', seq).execute()
}

export async function setHead(db: Conn, h: Partial<Omit<AuditHead, 'id'>>) {
  await db.updateTable('auditHead').set(h).where('id', '=', 1).execute()
}

/** Sealed rows from `fromPosition` on, in chain order. */
export async function sealedFrom(db: Conn, fromPosition: number, limit: number): Promise<AuditRow[]> {
  return db.selectFrom('auditLog').selectAll().where('position', '>=', fromPosition).orderBy('position').limit(limit).execute()
}

/** The newest sealed row written before `before` (the retention cut). */
export async function lastSealedBefore(db: Conn, before: string) {
  return db
    .selectFrom('auditLog')
    .select(['position', 'chainMac'])
    .where('at', '<', before)
    .where('position', 'is not', null)
    .orderBy('position', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export async function deleteThrough(db: Conn, position: number): Promise<number> {
  const r = await db.deleteFrom('auditLog').where('position', '<=', position).executeTakeFirst()
  return Number(r.numDeletedRows)
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
