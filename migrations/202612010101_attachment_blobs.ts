import { sql, type Kysely } from 'kysely'

/**
 * Attachment bytes in the database (decision 0131), so a file uploaded through one portal node
 * downloads through any other. One row per 256 KiB chunk: no single statement nears
 * max_allowed_packet or a replication write-set limit. `mediumblob` is MySQL's 16 MiB blob; SQLite
 * reads the same declaration as a BLOB column. Frozen: never import from src/.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attachment_blobs')
    .addColumn('storage_key', 'varchar(32)', (c) => c.notNull())
    .addColumn('chunk', 'integer', (c) => c.notNull())
    .addColumn('bytes', sql`mediumblob`, (c) => c.notNull())
    .addPrimaryKeyConstraint('attachment_blobs_pk', ['storage_key', 'chunk'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attachment_blobs').execute()
}
