import type { Kysely } from 'kysely'

/** Ledger of every disclosure of a user's data to a third party (DESIGN §4 sharing ledger). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('disclosures')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('recipient', 'varchar(120)', (c) => c.notNull())
    .addColumn('data_categories', 'varchar(200)', (c) => c.notNull())
    .addColumn('legal_basis', 'varchar(300)', (c) => c.notNull())
    .addColumn('disclosed_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('notify_user', 'integer', (c) => c.notNull())
    .addColumn('no_notify_basis', 'varchar(300)')
    .addColumn('recorded_by', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('disclosures_user_idx').on('disclosures').columns(['user_id', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('disclosures').execute()
}
