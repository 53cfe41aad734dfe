import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import { preparedResult } from '../../db/prepared.js'

type Conn = Kysely<Database> | Transaction<Database>

const addOne = preparedResult((db, delta: number, shard: number, status: string) =>
  db
    .updateTable('applicationStatusCounts')
    .set({ n: sql<number>`n + ${delta}` })
    .where('shard', '=', shard)
    .where('status', '=', status),
)

/** Shards per status (decision 0235): a change adds to one random shard, so concurrent writers rarely share a row. */
export const COUNT_SHARDS = 16

/**
 * Adds `deltas` (status → ±n) to the counter rows of one random shard, in ONE statement (rows are locked in key
 * order, so two opposite moves cannot deadlock each other). A status without rows yet gets them first.
 */
export async function addToCounts(db: Conn, deltas: Record<string, number>): Promise<void> {
  const statuses = Object.keys(deltas).filter((s) => deltas[s] !== 0)
  if (!statuses.length) return
  const shard = Math.floor(Math.random() * COUNT_SHARDS)
  // one status (a new case): the prepared single-row form; a row missing for it falls through to the general path
  if (statuses.length === 1 && Number((await addOne(db, deltas[statuses[0]], shard, statuses[0])).numAffectedRows) === 1) return
  const change = sql<number>`n + (case ${sql.join(
    statuses.map((s) => sql`when status = ${s} then ${deltas[s]}`),
    sql` `,
  )} else 0 end)`
  const run = () =>
    db
      .updateTable('applicationStatusCounts')
      .set({ n: change })
      .where('shard', '=', shard)
      .where('status', 'in', statuses)
      .executeTakeFirst()
  if (Number((await run()).numUpdatedRows) === statuses.length) return
  const have = await db
    .selectFrom('applicationStatusCounts')
    .select('status')
    .where('shard', '=', shard)
    .where('status', 'in', statuses)
    .execute()
  const missing = statuses.filter((s) => !have.some((h) => h.status === s))
  await db
    .insertInto('applicationStatusCounts')
    .values(missing.flatMap((status) => Array.from({ length: COUNT_SHARDS }, (_, k) => ({ status, shard: k, n: 0 }))))
    .execute()
  await run()
}
/** Cases per status from the counter rows (decision 0235): ≤ 16 rows per status, whatever the number of cases. */
export async function countsByStatus(db: Conn): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('applicationStatusCounts')
    .select(['status', (eb) => eb.fn.sum<number>('n').as('n')])
    .groupBy('status')
    .execute()
  return Object.fromEntries(rows.filter((r) => Number(r.n) !== 0).map((r) => [r.status, Number(r.n)]))
}

/** The same counts by scanning every case (tests compare the counters with it; the bench shows what they save). */
export async function countsByStatusScan(db: Conn): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('applications')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
}
