import type { Kysely } from 'kysely'

/**
 * Reusable supplement-reason templates per service (issue 18): supervisors write them, clerks pick one
 * in the 一次性告知 form. `items` is a JSON list of the form's field/material keys the template ticks.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('supplement_templates')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('service_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('title', 'varchar(60)', (c) => c.notNull())
    .addColumn('text', 'varchar(1000)', (c) => c.notNull())
    .addColumn('items', 'varchar(1000)', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_by', 'integer') // null = seeded
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('supplement_templates_service_idx').on('supplement_templates').columns(['service_code', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('supplement_templates').execute()
}
