import type { Kysely } from 'kysely'

/** Citizens, enterprises and their operators, staff and roles, sessions, SMS codes. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('phone', 'varchar(20)', (c) => c.unique()) // null once a closed account is anonymised
    .addColumn('password_hash', 'varchar(200)')
    .addColumn('status', 'varchar(12)', (c) => c.notNull()) // active | closing | closed
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'varchar(24)')
    .addColumn('email', 'varchar(254)')
    .addColumn('email_verified_at', 'varchar(24)')
    .addColumn('real_name', 'varchar(60)')
    .addColumn('id_number_enc', 'text')
    .addColumn('id_number_bidx', 'varchar(64)', (c) => c.unique())
    .addColumn('id_number_masked', 'varchar(32)')
    .addColumn('birth_date', 'varchar(10)')
    .addColumn('sex', 'varchar(1)')
    .addColumn('bank_name', 'varchar(60)')
    .addColumn('bank_account_enc', 'text')
    .addColumn('bank_account_masked', 'varchar(32)')
    .addColumn('verified_at', 'varchar(24)')
    .addColumn('verification_method', 'varchar(60)')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('closed_at', 'varchar(24)')
    .execute()

  await db.schema
    .createTable('enterprises')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'varchar(120)', (c) => c.notNull())
    .addColumn('uscc', 'varchar(18)', (c) => c.notNull().unique())
    .addColumn('legal_rep_name', 'varchar(60)', (c) => c.notNull())
    .addColumn('legal_rep_id_enc', 'text', (c) => c.notNull())
    .addColumn('legal_rep_id_bidx', 'varchar(64)', (c) => c.notNull())
    .addColumn('legal_rep_id_masked', 'varchar(32)', (c) => c.notNull())
    .addColumn('verified_at', 'varchar(24)')
    .addColumn('verification_method', 'varchar(60)')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('enterprise_operators')
    .addColumn('enterprise_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('added_by', 'integer')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addPrimaryKeyConstraint('enterprise_operators_pk', ['enterprise_id', 'user_id'])
    .execute()
  await db.schema.createIndex('enterprise_operators_user_idx').on('enterprise_operators').columns(['user_id']).execute()

  await db.schema
    .createTable('staff')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('password_hash', 'varchar(200)', (c) => c.notNull())
    .addColumn('display_name', 'varchar(60)', (c) => c.notNull())
    .addColumn('staff_no', 'varchar(20)', (c) => c.notNull().unique())
    .addColumn('department', 'varchar(60)', (c) => c.notNull())
    .addColumn('totp_secret_enc', 'text')
    .addColumn('status', 'varchar(12)', (c) => c.notNull()) // active | disabled
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'varchar(24)')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('staff_roles')
    .addColumn('staff_id', 'integer', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('granted_by', 'integer')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addPrimaryKeyConstraint('staff_roles_pk', ['staff_id', 'role'])
    .execute()

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('subject_type', 'varchar(8)', (c) => c.notNull()) // citizen | staff
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('last_seen_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(24)')
    .addColumn('step_up_until', 'varchar(24)')
    .addColumn('acting_enterprise_id', 'integer')
    .addColumn('ip', 'varchar(45)')
    .addColumn('user_agent', 'varchar(200)')
    .execute()
  await db.schema.createIndex('sessions_subject_idx').on('sessions').columns(['subject_type', 'subject_id']).execute()
  await db.schema.createIndex('sessions_expires_idx').on('sessions').columns(['expires_at']).execute()

  await db.schema
    .createTable('sms_codes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('phone', 'varchar(20)', (c) => c.notNull())
    .addColumn('purpose', 'varchar(16)', (c) => c.notNull())
    .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('consumed_at', 'varchar(24)')
    .addColumn('ip', 'varchar(45)')
    .execute()
  await db.schema.createIndex('sms_codes_phone_idx').on('sms_codes').columns(['phone', 'created_at']).execute()
  await db.schema.createIndex('sms_codes_ip_idx').on('sms_codes').columns(['ip', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['sms_codes', 'sessions', 'staff_roles', 'staff', 'enterprise_operators', 'enterprises', 'users']) {
    await db.schema.dropTable(t).execute()
  }
}
