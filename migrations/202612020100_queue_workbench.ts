import type { Kysely } from 'kysely'

/**
 * The clerk's workbench (issue 18): indexes for the queue's new sort orders and searches, and each
 * staff member's saved filters. Sorting by deadline runs per open status on (status, deadline_date, id),
 * "my cases by deadline" on (assignee_staff_id, status, deadline_date, id); the applicant-name search is
 * an exact match on (applicant_name, id) (docs/queue-plans.md, docs/decisions/0200).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('applications_status_deadline_idx').on('applications').columns(['status', 'deadline_date', 'id']).execute()
  await db.schema
    .createIndex('applications_assignee_deadline_idx')
    .on('applications')
    .columns(['assignee_staff_id', 'status', 'deadline_date', 'id'])
    .execute()
  await db.schema.createIndex('applications_applicant_name_idx').on('applications').columns(['applicant_name', 'id']).execute()

  await db.schema
    .createTable('staff_saved_filters')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('staff_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(40)', (c) => c.notNull())
    .addColumn('query', 'varchar(500)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('staff_saved_filters_name_idx').on('staff_saved_filters').columns(['staff_id', 'name']).unique().execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('staff_saved_filters').execute()
  await db.schema.dropIndex('applications_applicant_name_idx').on('applications').execute()
  await db.schema.dropIndex('applications_assignee_deadline_idx').on('applications').execute()
  await db.schema.dropIndex('applications_status_deadline_idx').on('applications').execute()
}
