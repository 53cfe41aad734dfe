import type { Kysely } from 'kysely'

/** Service catalog, applications and their history, attachments, drafts, working-day calendar. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('services')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(120)', (c) => c.notNull())
    .addColumn('category', 'varchar(40)', (c) => c.notNull())
    .addColumn('applicant_kind', 'varchar(12)', (c) => c.notNull()) // citizen | enterprise
    .addColumn('status', 'varchar(10)', (c) => c.notNull()) // online | offline
    .addColumn('time_limit_days', 'integer', (c) => c.notNull())
    .addColumn('is_subsidy', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('guide', 'text', (c) => c.notNull()) // JSON: legal basis, conditions, materials, fee, channel, phone
    .addColumn('form', 'text', (c) => c.notNull()) // JSON: declarative form definition
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('applications')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ref', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('service_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('applicant_user_id', 'integer') // null once anonymised after closure
    .addColumn('enterprise_id', 'integer')
    .addColumn('applicant_name', 'varchar(120)')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('channel', 'varchar(10)', (c) => c.notNull()) // online | counter
    .addColumn('submitted_by_staff_id', 'integer')
    .addColumn('form_token', 'varchar(64)', (c) => c.unique())
    .addColumn('data', 'text', (c) => c.notNull()) // JSON answers
    .addColumn('assignee_staff_id', 'integer')
    .addColumn('submitted_at', 'varchar(24)')
    .addColumn('accepted_at', 'varchar(24)')
    .addColumn('decided_at', 'varchar(24)')
    .addColumn('deadline_date', 'varchar(10)')
    .addColumn('paused_at', 'varchar(24)')
    .addColumn('decision_reason', 'text')
    .addColumn('retain_until', 'varchar(24)')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .execute()
  // Every queue filter is served by one of these (keyset on id).
  await db.schema.createIndex('applications_status_idx').on('applications').columns(['status', 'id']).execute()
  await db.schema.createIndex('applications_service_status_idx').on('applications').columns(['service_code', 'status', 'id']).execute()
  await db.schema.createIndex('applications_assignee_idx').on('applications').columns(['assignee_staff_id', 'status', 'id']).execute()
  await db.schema.createIndex('applications_deadline_idx').on('applications').columns(['deadline_date', 'id']).execute()
  await db.schema.createIndex('applications_applicant_idx').on('applications').columns(['applicant_user_id', 'id']).execute()
  await db.schema.createIndex('applications_enterprise_idx').on('applications').columns(['enterprise_id', 'id']).execute()

  await db.schema
    .createTable('application_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('application_id', 'integer', (c) => c.notNull())
    .addColumn('from_status', 'varchar(20)')
    .addColumn('to_status', 'varchar(20)', (c) => c.notNull())
    .addColumn('actor_type', 'varchar(16)', (c) => c.notNull()) // citizen | staff | system
    .addColumn('actor_id', 'integer')
    .addColumn('reason', 'text')
    .addColumn('detail', 'text') // JSON, e.g. supplement items
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('application_events_app_idx').on('application_events').columns(['application_id', 'id']).execute()

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('owner_user_id', 'integer')
    .addColumn('application_id', 'integer')
    .addColumn('draft_id', 'integer')
    .addColumn('item_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('filename', 'varchar(200)', (c) => c.notNull())
    .addColumn('mime', 'varchar(60)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('storage_key', 'varchar(100)', (c) => c.notNull())
    .addColumn('uploaded_by_staff_id', 'integer')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('attachments_app_idx').on('attachments').columns(['application_id']).execute()
  await db.schema.createIndex('attachments_owner_idx').on('attachments').columns(['owner_user_id']).execute()
  await db.schema.createIndex('attachments_draft_idx').on('attachments').columns(['draft_id']).execute()

  await db.schema
    .createTable('drafts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('enterprise_id', 'integer')
    .addColumn('service_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('form_token', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('drafts_user_idx').on('drafts').columns(['user_id', 'service_code']).execute()
  await db.schema.createIndex('drafts_updated_idx').on('drafts').columns(['updated_at']).execute()

  await db.schema
    .createTable('ratings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('application_id', 'integer', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer')
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute()

  // Exceptions to the Mon–Fri rule: holidays (kind=holiday) and make-up working days (kind=workday).
  await db.schema
    .createTable('calendar_days')
    .addColumn('day', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('name', 'varchar(60)', (c) => c.notNull())
    .addColumn('updated_by', 'integer')
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['calendar_days', 'ratings', 'drafts', 'attachments', 'application_events', 'applications', 'services']) {
    await db.schema.dropTable(t).execute()
  }
}
