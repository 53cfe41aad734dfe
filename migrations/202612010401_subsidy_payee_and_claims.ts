import type { Kysely } from 'kysely'

/**
 * Money goes where the citizen confirmed (issue 16 items 4 and 12): each subsidy application keeps
 * the payee account confirmed at submission (encrypted + masked), and every month a subsidy claim
 * covers is held in `subsidy_claim_months`, unique per service, applicant and month, so a second
 * claim for the same period cannot be stored even by two concurrent submits.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('applications').addColumn('payee_bank_name', 'varchar(40)').execute()
  await db.schema.alterTable('applications').addColumn('payee_account_enc', 'varchar(255)').execute()
  await db.schema.alterTable('applications').addColumn('payee_account_masked', 'varchar(40)').execute()
  await db.schema
    .createTable('subsidy_claim_months')
    .addColumn('service_code', 'varchar(60)', (c) => c.notNull())
    .addColumn('applicant_key', 'varchar(40)', (c) => c.notNull())
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('application_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('subsidy_claim_months_pk', ['service_code', 'applicant_key', 'month'])
    .execute()
  await db.schema.createIndex('subsidy_claim_months_app_idx').on('subsidy_claim_months').column('application_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('subsidy_claim_months').execute()
  await db.schema.alterTable('applications').dropColumn('payee_account_masked').execute()
  await db.schema.alterTable('applications').dropColumn('payee_account_enc').execute()
  await db.schema.alterTable('applications').dropColumn('payee_bank_name').execute()
}
