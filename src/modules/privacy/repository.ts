import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'

type Conn = Kysely<Database> | Transaction<Database>

/** Consents are append-only: every grant or withdrawal is a new row; the latest row per consent wins. */
export const insertConsent = (
  db: Conn,
  row: { userId: number; consent: string; granted: boolean; policyVersion: string | null; channel: 'web' | 'counter' | 'phone'; ip: string | null; createdAt: string },
) => db.insertInto('consents').values({ ...row, granted: row.granted ? 1 : 0 }).execute()

export const consentHistory = (db: Conn, userId: number) =>
  db.selectFrom('consents').selectAll().where('userId', '=', userId).orderBy('id', 'desc').execute()

export async function currentConsents(db: Conn, userId: number): Promise<Record<string, { granted: boolean; at: string; policyVersion: string | null }>> {
  const rows = await db.selectFrom('consents').selectAll().where('userId', '=', userId).orderBy('id', 'asc').execute()
  const out: Record<string, { granted: boolean; at: string; policyVersion: string | null }> = {}
  for (const r of rows) out[r.consent] = { granted: r.granted === 1, at: r.createdAt, policyVersion: r.policyVersion }
  return out
}
