import type { Kysely } from 'kysely'

/** Rule evaluations (秒批 and the pre-check behind a manual case) and the human sample of instant approvals. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rule_evaluations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('application_ref', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('service_code', 'varchar(40)', (c) => c.notNull())
    .addColumn('rule_version', 'varchar(20)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(10)', (c) => c.notNull()) // instant | manual
    .addColumn('trace', 'text', (c) => c.notNull())
    .addColumn('sample_status', 'varchar(10)') // null (not drawn) | pending | confirmed | revoked
    .addColumn('sample_reason', 'varchar(500)')
    .addColumn('sampled_by', 'integer')
    .addColumn('sampled_at', 'varchar(24)')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('rule_evaluations_sample_idx').on('rule_evaluations').columns(['sample_status', 'id']).execute()
  await db.schema
    .createIndex('rule_evaluations_version_idx')
    .on('rule_evaluations')
    .columns(['service_code', 'rule_version', 'outcome'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rule_evaluations').execute()
}
