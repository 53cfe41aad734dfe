import type { Kysely, Transaction, Insertable, Updateable } from 'kysely'
import type { Database } from '../../db/database.js'
import type { KeyRotation } from '../../lib/crypto.js'
import type { ClosureRequestsTable, CorrectionRequestsTable, DisclosuresTable } from './table.js'

type Conn = Kysely<Database> | Transaction<Database>

/** Consents are append-only: every grant or withdrawal is a new row; the latest row per consent wins. */
export const insertConsent = (
  db: Conn,
  row: {
    userId: number
    consent: string
    granted: boolean
    policyVersion: string | null
    channel: 'web' | 'counter' | 'phone'
    ip: string | null
    createdAt: string
  },
) =>
  db
    .insertInto('consents')
    .values({ ...row, granted: row.granted ? 1 : 0 })
    .execute()

export const consentHistory = (db: Conn, userId: number) =>
  db.selectFrom('consents').selectAll().where('userId', '=', userId).orderBy('id', 'desc').execute()

export async function currentConsents(
  db: Conn,
  userId: number,
): Promise<Record<string, { granted: boolean; at: string; policyVersion: string | null }>> {
  const rows = await db.selectFrom('consents').selectAll().where('userId', '=', userId).orderBy('id', 'asc').execute()
  const out: Record<string, { granted: boolean; at: string; policyVersion: string | null }> = {}
  for (const r of rows) out[r.consent] = { granted: r.granted === 1, at: r.createdAt, policyVersion: r.policyVersion }
  return out
}

export const insertClosure = (db: Conn, row: Insertable<ClosureRequestsTable>) => db.insertInto('closureRequests').values(row).execute()
export const closureByRef = (db: Conn, ref: string) =>
  db.selectFrom('closureRequests').selectAll().where('ref', '=', ref).executeTakeFirst()
export const activeClosureOf = (db: Conn, userId: number) =>
  db.selectFrom('closureRequests').selectAll().where('userId', '=', userId).where('status', '=', 'requested').executeTakeFirst()
export const updateClosure = (db: Conn, id: number, set: Updateable<ClosureRequestsTable>) =>
  db.updateTable('closureRequests').set(set).where('id', '=', id).execute()
export const deleteConsentsOf = (db: Conn, userId: number) => db.deleteFrom('consents').where('userId', '=', userId).execute()
export const deleteCorrectionsOf = (db: Conn, userId: number) => db.deleteFrom('correctionRequests').where('userId', '=', userId).execute()
export const insertCorrection = (db: Conn, row: Insertable<CorrectionRequestsTable>) =>
  db.insertInto('correctionRequests').values(row).execute()
export const correctionsOf = (db: Conn, userId: number) =>
  db.selectFrom('correctionRequests').selectAll().where('userId', '=', userId).orderBy('id', 'desc').execute()
export const pendingCorrections = (db: Conn) =>
  db.selectFrom('correctionRequests').selectAll().where('status', '=', 'pending').orderBy('id').limit(100).execute()
export const correctionById = (db: Conn, id: number) =>
  db.selectFrom('correctionRequests').selectAll().where('id', '=', id).executeTakeFirst()
export const updateCorrection = (db: Conn, id: number, set: Updateable<CorrectionRequestsTable>) =>
  db.updateTable('correctionRequests').set(set).where('id', '=', id).execute()

export const insertDisclosure = (db: Conn, row: Insertable<DisclosuresTable>) => db.insertInto('disclosures').values(row).execute()
export const disclosuresOf = (db: Conn, userId: number, includeUnnotified: boolean) => {
  let q = db.selectFrom('disclosures').selectAll().where('userId', '=', userId)
  if (!includeUnnotified) q = q.where('notifyUser', '=', 1)
  return q.orderBy('id', 'desc').execute()
}
export const recentDisclosures = (db: Conn) => db.selectFrom('disclosures').selectAll().orderBy('id', 'desc').limit(100).execute()

/** Key rotation over privacy's tables: corrections' new values and closure contacts. The rows re-encrypted. */
export async function rotateCiphertexts(db: Kysely<Database>, { stale, re }: KeyRotation): Promise<number> {
  let n = 0
  for (const c of await db.selectFrom('correctionRequests').select(['id', 'newValueEnc']).execute()) {
    if (!stale(c.newValueEnc)) continue
    await db
      .updateTable('correctionRequests')
      .set({ newValueEnc: re(c.newValueEnc) })
      .where('id', '=', c.id)
      .execute()
    n++
  }
  for (const c of await db.selectFrom('closureRequests').select(['id', 'contactEnc']).where('contactEnc', 'is not', null).execute()) {
    if (!stale(c.contactEnc)) continue
    await db
      .updateTable('closureRequests')
      .set({ contactEnc: re(c.contactEnc) })
      .where('id', '=', c.id)
      .execute()
    n++
  }
  return n
}
