import type { Kysely } from 'kysely'

/**
 * Issue 16 (separation of duties, TOTP replay, non-enumerating lockout):
 * - staff: the holder's own contact (phone or mail) where activation links go, and the last TOTP
 *   time step used (a code is accepted at most once);
 * - staff_activations: one-time links by which a holder sets the password and enrols the TOTP;
 * - sessions.factors: what the session was signed in with ('password' | 'password+totp'), so a role
 *   needing TOTP never rides on a password-only session;
 * - login_throttle: failures and locks keyed by the login identifier as typed (registered or not).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff').addColumn('phone', 'varchar(20)').execute()
  await db.schema.alterTable('staff').addColumn('email', 'varchar(254)').execute()
  await db.schema.alterTable('staff').addColumn('totp_last_step', 'integer').execute()
  await db.schema.createIndex('staff_phone_uq').unique().on('staff').column('phone').execute()
  await db.schema.createIndex('staff_email_uq').unique().on('staff').column('email').execute()

  await db.schema
    .createTable('staff_activations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('staff_id', 'integer', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('purpose', 'varchar(12)', (c) => c.notNull()) // activate | reset | totp
    .addColumn('channel', 'varchar(8)', (c) => c.notNull()) // sms | mail
    .addColumn('totp_secret_enc', 'text') // the secret offered to the holder on the page, until confirmed
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(24)')
    .execute()
  await db.schema.createIndex('staff_activations_staff_idx').on('staff_activations').columns(['staff_id', 'id']).execute()

  await db.schema.alterTable('sessions').addColumn('factors', 'varchar(16)').execute()

  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'varchar(24)')
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_throttle').execute()
  await db.schema.alterTable('sessions').dropColumn('factors').execute()
  await db.schema.dropTable('staff_activations').execute()
  await db.schema.dropIndex('staff_email_uq').on('staff').execute()
  await db.schema.dropIndex('staff_phone_uq').on('staff').execute()
  for (const c of ['totp_last_step', 'email', 'phone']) await db.schema.alterTable('staff').dropColumn(c).execute()
}
