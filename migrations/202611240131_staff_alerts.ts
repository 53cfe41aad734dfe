import type { Kysely } from 'kysely'

/** Warnings for staff written by the daily deadline job (overdue cases, tickets, rectifications). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_alerts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('staff_id', 'integer') // null = every supervisor
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('ref', 'varchar(32)', (c) => c.notNull())
    .addColumn('text', 'varchar(300)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('staff_alerts_unique').on('staff_alerts').columns(['kind', 'ref', 'day']).unique().execute()
  await db.schema.createIndex('staff_alerts_staff_idx').on('staff_alerts').columns(['staff_id', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('staff_alerts').execute()
}
