import type { Kysely } from 'kysely'

/**
 * Issue 19, second part.
 * - registry_records.key_enc: the record's key (ID number or USCC), encrypted, so `keys:rotate` can recompute
 *   the blind index under a new APP_KEY (a blind index alone cannot be re-keyed).
 * - material_reuses: "tell us once" — an attachment copied from an earlier case whose staff verified it,
 *   with who verified it and when (trust level B).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('registry_records').addColumn('key_enc', 'text').execute()

  await db.schema
    .createTable('material_reuses')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('attachment_id', 'integer', (c) => c.notNull())
    .addColumn('from_attachment_id', 'integer', (c) => c.notNull())
    .addColumn('from_application_ref', 'varchar(40)', (c) => c.notNull())
    .addColumn('verified_by_staff_id', 'integer', (c) => c.notNull())
    .addColumn('verified_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('material_reuses_attachment_uq').on('material_reuses').column('attachment_id').unique().execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('material_reuses').execute()
  await db.schema.alterTable('registry_records').dropColumn('key_enc').execute()
}
