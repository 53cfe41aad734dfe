import { sql, type Kysely } from 'kysely'

// Frozen copy of the statuses at the time of this migration (migrations never import src/).
const STATUSES = ['submitted', 'supplement', 'accepted', 'approved', 'rejected', 'paid', 'revoked', 'withdrawn']
const SHARDS = 16

/**
 * Per-status case counts kept as sharded counter rows (decision 0235): each status change adds +1/−1 to one
 * random shard of its status in the same transaction, so the queue's counts are a sum over 128 rows instead
 * of a GROUP BY over every case, and concurrent writers on different Galera nodes rarely touch the same row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('application_status_counts')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('shard', 'integer', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('application_status_counts_pk', ['status', 'shard'])
    .execute()
  const existing = await db
    .selectFrom('applications')
    .select(['status', sql<number>`count(*)`.as('n')])
    .groupBy('status')
    .execute()
  const have = new Map(existing.map((r: { status: string; n: number }) => [r.status, Number(r.n)]))
  const statuses = [...new Set([...STATUSES, ...have.keys()])]
  await db
    .insertInto('application_status_counts')
    .values(
      statuses.flatMap((status) =>
        Array.from({ length: SHARDS }, (_, shard) => ({ status, shard, n: shard === 0 ? (have.get(status) ?? 0) : 0 })),
      ),
    )
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('application_status_counts').execute()
}
