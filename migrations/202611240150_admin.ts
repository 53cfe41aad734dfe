import type { Kysely } from 'kysely'

/** Phone complaints desk, security incidents, announcements, security settings. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('complaints')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ref', 'varchar(24)', (c) => c.notNull().unique())
    .addColumn('channel', 'varchar(10)', (c) => c.notNull()) // phone | online
    .addColumn('caller_phone', 'varchar(20)', (c) => c.notNull())
    .addColumn('caller_name', 'varchar(60)', (c) => c.notNull())
    .addColumn('category', 'varchar(20)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('related_ref', 'varchar(32)')
    .addColumn('user_id', 'integer')
    .addColumn('priority', 'varchar(8)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull()) // open | resolved | closed
    .addColumn('due_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('assignee_staff_id', 'integer')
    .addColumn('identity_method', 'varchar(16)')
    .addColumn('identity_passed', 'integer')
    .addColumn('identity_checked_at', 'varchar(24)')
    .addColumn('resolution', 'text')
    .addColumn('callback_at', 'varchar(24)')
    .addColumn('callback_result', 'varchar(200)')
    .addColumn('callback_satisfaction', 'varchar(10)')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('resolved_at', 'varchar(24)')
    .execute()
  await db.schema.createIndex('complaints_status_idx').on('complaints').columns(['status', 'id']).execute()
  await db.schema.createIndex('complaints_user_idx').on('complaints').columns(['user_id', 'id']).execute()
  await db.schema.createIndex('complaints_due_idx').on('complaints').columns(['due_date', 'id']).execute()

  await db.schema
    .createTable('complaint_notes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('complaint_id', 'integer', (c) => c.notNull())
    .addColumn('staff_id', 'integer')
    .addColumn('kind', 'varchar(12)', (c) => c.notNull()) // note | reply | citizen
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('complaint_notes_idx').on('complaint_notes').columns(['complaint_id', 'id']).execute()

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('title', 'varchar(120)', (c) => c.notNull())
    .addColumn('what_happened', 'text', (c) => c.notNull())
    .addColumn('data_categories', 'varchar(200)', (c) => c.notNull())
    .addColumn('occurred_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('impact', 'text', (c) => c.notNull())
    .addColumn('measures', 'text', (c) => c.notNull())
    .addColumn('advice', 'text', (c) => c.notNull())
    .addColumn('remedies', 'text', (c) => c.notNull())
    .addColumn('affected', 'text', (c) => c.notNull()) // 'all' or newline-separated phones
    .addColumn('status', 'varchar(12)', (c) => c.notNull()) // recorded | notified | closed
    .addColumn('recorded_by', 'integer')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('notified_at', 'varchar(24)')
    .addColumn('published_at', 'varchar(24)')
    .addColumn('notified_count', 'integer')
    .addColumn('closed_at', 'varchar(24)')
    .execute()

  await db.schema
    .createTable('announcements')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('title', 'varchar(120)', (c) => c.notNull())
    .addColumn('body', 'varchar(1000)', (c) => c.notNull())
    .addColumn('starts_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('value', 'varchar(200)', (c) => c.notNull())
    .addColumn('updated_by', 'integer')
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['settings', 'announcements', 'incidents', 'complaint_notes', 'complaints']) await db.schema.dropTable(t).execute()
}
