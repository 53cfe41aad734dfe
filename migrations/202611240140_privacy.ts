import type { Kysely } from 'kysely'

/** Account closure requests, identity correction requests, audit retention anchor. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('closure_requests')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ref', 'varchar(24)', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull()) // requested | completed | cancelled
    .addColumn('channel', 'varchar(10)', (c) => c.notNull()) // online | counter
    .addColumn('reason', 'varchar(200)')
    .addColumn('staff_id', 'integer')
    .addColumn('verification_method', 'varchar(40)')
    .addColumn('note', 'varchar(500)')
    .addColumn('contact_enc', 'text') // phone captured at request, for the completion notice; wiped after
    .addColumn('requested_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('execute_after', 'varchar(24)', (c) => c.notNull())
    .addColumn('due_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('completed_at', 'varchar(24)')
    .addColumn('cancelled_at', 'varchar(24)')
    .execute()
  await db.schema.createIndex('closure_requests_user_idx').on('closure_requests').columns(['user_id']).execute()

  await db.schema
    .createTable('correction_requests')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('field', 'varchar(20)', (c) => c.notNull())
    .addColumn('new_value_enc', 'text', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull()) // pending | approved | rejected
    .addColumn('decided_by', 'integer')
    .addColumn('decision_note', 'varchar(500)')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('decided_at', 'varchar(24)')
    .execute()
  await db.schema.createIndex('correction_requests_status_idx').on('correction_requests').columns(['status', 'id']).execute()
  await db.schema.createIndex('correction_requests_user_idx').on('correction_requests').columns(['user_id']).execute()

  // Audit retention: rows before the anchor were purged; verification starts from it.
  await db.schema
    .alterTable('audit_head')
    .addColumn('anchor_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .alterTable('audit_head')
    .addColumn('anchor_hash', 'varchar(64)', (c) =>
      c.notNull().defaultTo('0000000000000000000000000000000000000000000000000000000000000000'),
    )
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('correction_requests').execute()
  await db.schema.dropTable('closure_requests').execute()
  await db.schema.alterTable('audit_head').dropColumn('anchor_seq').execute()
  await db.schema.alterTable('audit_head').dropColumn('anchor_hash').execute()
}
