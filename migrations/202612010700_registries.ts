import type { Kysely } from 'kysely'

/**
 * Registries (data travels): the development registries' records, the citizen's authorisations to look
 * them up, and a ledger of every look-up made. Each table has a primary key (Galera).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('registry_records')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('source', 'varchar(20)', (c) => c.notNull())
    .addColumn('key_bidx', 'varchar(64)', (c) => c.notNull())
    .addColumn('data_enc', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('registry_records_key_uq').on('registry_records').columns(['source', 'key_bidx']).unique().execute()

  await db.schema
    .createTable('registry_authorisations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('scope', 'varchar(20)', (c) => c.notNull())
    .addColumn('granted', 'integer', (c) => c.notNull())
    .addColumn('policy_version', 'varchar(20)')
    .addColumn('channel', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('registry_authorisations_user_idx').on('registry_authorisations').columns(['user_id', 'id']).execute()

  await db.schema
    .createTable('registry_lookups')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('source', 'varchar(20)', (c) => c.notNull())
    .addColumn('purpose', 'varchar(100)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(12)', (c) => c.notNull())
    // the record as received (encrypted): the evidence behind a prefilled value and its fetch time
    .addColumn('data_enc', 'text')
    .addColumn('request_id', 'varchar(64)')
    .addColumn('at', 'varchar(24)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('registry_lookups_user_idx').on('registry_lookups').columns(['user_id', 'id']).execute()

  // "This is wrong": the citizen disputes what a registry holds; reported to the source, and the form lets them self-declare.
  await db.schema
    .createTable('registry_disputes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('source', 'varchar(20)', (c) => c.notNull())
    .addColumn('service_code', 'varchar(40)', (c) => c.notNull())
    .addColumn('note', 'varchar(500)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('registry_disputes_user_idx').on('registry_disputes').columns(['user_id', 'source', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('registry_disputes').execute()
  await db.schema.dropTable('registry_lookups').execute()
  await db.schema.dropTable('registry_authorisations').execute()
  await db.schema.dropTable('registry_records').execute()
}
