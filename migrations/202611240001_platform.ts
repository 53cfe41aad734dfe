import type { Kysely } from 'kysely'

/**
 * Platform tables: audit chain, jobs, outbox, in-site messages, rate limits, policy versions, consents.
 * Portable types only (integer, varchar, text); timestamps are varchar(24) ISO strings (see src/db/time.ts).
 * Frozen: never import from src/.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'varchar(24)', (c) => c.notNull())
    .addColumn('actor_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(40)')
    .addColumn('actor_role', 'varchar(40)')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('subject_type', 'varchar(16)')
    .addColumn('subject_id', 'varchar(40)')
    .addColumn('purpose', 'varchar(200)')
    .addColumn('detail', 'text')
    .addColumn('ip', 'varchar(45)')
    .addColumn('user_agent', 'varchar(200)')
    .addColumn('request_id', 'varchar(64)')
    .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('audit_log_subject_idx').on('audit_log').columns(['subject_type', 'subject_id', 'seq']).execute()
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_type', 'actor_id', 'seq']).execute()
  await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'seq']).execute()
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['at']).execute()

  // One row (id = 1): the chain head. Writers lock it, so concurrent writers on MySQL cannot fork the chain.
  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .execute()
  await db
    .insertInto('audit_head')
    .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
    .execute()

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('unique_key', 'varchar(120)', (c) => c.unique())
    .addColumn('status', 'varchar(12)', (c) => c.notNull()) // queued | running | done | failed
    .addColumn('run_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('locked_by', 'varchar(64)')
    .addColumn('locked_until', 'varchar(24)')
    .addColumn('progress', 'text')
    .addColumn('last_error', 'varchar(500)')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(24)')
    .execute()
  await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['status', 'run_at']).execute()

  await db.schema
    .createTable('job_schedules')
    .addColumn('name', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('next_run_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('last_run_at', 'varchar(24)')
    .execute()

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('channel', 'varchar(8)', (c) => c.notNull()) // mail | sms
    .addColumn('recipient', 'varchar(254)', (c) => c.notNull())
    .addColumn('subject', 'varchar(200)')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('status', 'varchar(10)', (c) => c.notNull()) // pending | sending | sent | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('locked_until', 'varchar(24)')
    .addColumn('last_error', 'varchar(500)')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(24)')
    .execute()
  await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['status', 'next_attempt_at']).execute()
  await db.schema.createIndex('outbox_user_idx').on('outbox').columns(['user_id']).execute()

  await db.schema
    .createTable('messages')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'varchar(200)')
    .addColumn('category', 'varchar(20)', (c) => c.notNull())
    .addColumn('read_at', 'varchar(24)')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('messages_user_idx').on('messages').columns(['user_id', 'id']).execute()

  await db.schema
    .createTable('rate_limits')
    .addColumn('bucket', 'varchar(160)', (c) => c.notNull())
    .addColumn('window_start', 'varchar(24)', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limits_pk', ['bucket', 'window_start'])
    .execute()

  await db.schema
    .createTable('policy_versions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('version', 'varchar(20)', (c) => c.notNull().unique())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('material', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('effective_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('published_by', 'integer')
    .execute()

  await db.schema
    .createTable('consents')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('consent', 'varchar(40)', (c) => c.notNull())
    .addColumn('granted', 'integer', (c) => c.notNull())
    .addColumn('policy_version', 'varchar(20)')
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('ip', 'varchar(45)')
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('consents_user_idx').on('consents').columns(['user_id', 'consent', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'consents',
    'policy_versions',
    'rate_limits',
    'messages',
    'outbox',
    'job_schedules',
    'jobs',
    'audit_head',
    'audit_log',
  ]) {
    await db.schema.dropTable(t).execute()
  }
}
