import type { Insertable, Kysely, Transaction } from 'kysely'
import type { PolicyVersionsTable } from './table.js'
import type { Database } from '../../db/database.js'

type Conn = Kysely<Database> | Transaction<Database>

/** The version in force at `now` (latest effective_at ≤ now). */
export const currentPolicy = (db: Conn, now: string) =>
  db
    .selectFrom('policyVersions')
    .selectAll()
    .where('effectiveAt', '<=', now)
    .orderBy('effectiveAt', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()

/** Whether any version was ever published (the baseline seed runs once). */
export const firstPolicy = (db: Conn) =>
  db.selectFrom('policyVersions').select(['id', 'version', 'body', 'en']).orderBy('id').limit(1).executeTakeFirst()
export const setPolicyEnglish = (db: Conn, id: number, en: string) =>
  db.updateTable('policyVersions').set({ en }).where('id', '=', id).execute()
export const allPolicies = (db: Conn) => db.selectFrom('policyVersions').selectAll().orderBy('id', 'desc').execute()
export const insertPolicy = (db: Conn, row: Insertable<PolicyVersionsTable>) => db.insertInto('policyVersions').values(row).execute()
