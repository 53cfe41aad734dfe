import type { Kysely } from 'kysely'

/**
 * Electronic certificates (电子证照): the certificates issued, their signing keys (public key in clear for
 * verification on every node; private key encrypted under APP_KEY), every verification, and share links.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('certificate_keys')
    .addColumn('kid', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('private_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('retired_at', 'varchar(24)')
    .execute()

  await db.schema
    .createTable('certificates')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('number', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('application_ref', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer')
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('category', 'varchar(60)', (c) => c.notNull())
    .addColumn('holder_name_enc', 'text')
    .addColumn('holder_masked', 'varchar(40)', (c) => c.notNull())
    .addColumn('issuer', 'varchar(60)', (c) => c.notNull())
    .addColumn('kid', 'varchar(32)', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(24)')
    .addColumn('revoke_reason', 'varchar(500)')
    .execute()
  await db.schema.createIndex('certificates_user_idx').on('certificates').columns(['user_id', 'id']).execute()

  await db.schema
    .createTable('certificate_verifications')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('certificate_id', 'integer', (c) => c.notNull())
    .addColumn('channel', 'varchar(10)', (c) => c.notNull())
    .addColumn('share_id', 'integer')
    .addColumn('ip_masked', 'varchar(64)')
    .addColumn('agent', 'varchar(60)')
    .addColumn('at', 'varchar(24)', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('certificate_verifications_cert_idx')
    .on('certificate_verifications')
    .columns(['certificate_id', 'id'])
    .execute()

  await db.schema
    .createTable('certificate_shares')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('certificate_id', 'integer', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('label', 'varchar(60)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(24)')
    .execute()
  await db.schema.createIndex('certificate_shares_cert_idx').on('certificate_shares').columns(['certificate_id', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['certificate_shares', 'certificate_verifications', 'certificates', 'certificate_keys'])
    await db.schema.dropTable(t).execute()
}
