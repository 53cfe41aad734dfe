import type { Insertable, Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { RuleEvaluationsTable } from './table.js'

type Conn = Kysely<Database> | Transaction<Database>

export const insertEvaluation = (db: Conn, row: Insertable<RuleEvaluationsTable>) => db.insertInto('ruleEvaluations').values(row).execute()
export const evaluationOf = (db: Conn, ref: string) =>
  db.selectFrom('ruleEvaluations').selectAll().where('applicationRef', '=', ref).executeTakeFirst()
export const instantCountForVersion = async (db: Conn, service: string, version: string) =>
  Number(
    (
      await db
        .selectFrom('ruleEvaluations')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('serviceCode', '=', service)
        .where('ruleVersion', '=', version)
        .where('outcome', '=', 'instant')
        .executeTakeFirstOrThrow()
    ).n,
  )
export const sampled = (db: Conn, status: 'pending' | 'confirmed' | 'revoked') =>
  db.selectFrom('ruleEvaluations').selectAll().where('sampleStatus', '=', status).orderBy('id', 'asc').limit(200).execute()
export const setSample = (
  db: Conn,
  ref: string,
  set: {
    sampleStatus: 'pending' | 'confirmed' | 'revoked'
    sampleReason?: string | null
    sampledBy?: number | null
    sampledAt?: string | null
  },
) => db.updateTable('ruleEvaluations').set(set).where('applicationRef', '=', ref).execute()
/**
 * Each decision's outcome and sample (one small row per case decided by rules) for the statistics, made between two
 * instants when given (from inclusive, to exclusive).
 */
export const outcomes = (db: Conn, range: { from?: string; to?: string } = {}) => {
  let q = db.selectFrom('ruleEvaluations').select(['serviceCode', 'outcome', 'sampleStatus', 'createdAt'])
  if (range.from) q = q.where('createdAt', '>=', range.from)
  if (range.to) q = q.where('createdAt', '<', range.to)
  return q.orderBy('id', 'asc').execute()
}
