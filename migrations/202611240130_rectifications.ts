import type { Kysely } from 'kysely'

/** A rating of 1 or 2 opens a rectification item (整改) that needs a callback and a note to close. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rectifications')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('application_ref', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('due_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull()) // open | closed
    .addColumn('callback_at', 'varchar(24)')
    .addColumn('callback_by', 'integer')
    .addColumn('callback_result', 'varchar(300)')
    .addColumn('note', 'text')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('closed_at', 'varchar(24)')
    .execute()
  await db.schema.createIndex('rectifications_status_idx').on('rectifications').columns(['status', 'due_date']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rectifications').execute()
}
