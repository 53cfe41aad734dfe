import { sql, type Kysely } from 'kysely'

/**
 * Audit log, keyed chain (docs/decisions/0140, 0141): writers insert rows with a row MAC but no
 * chain position; a sealer assigns `position` and `chain_mac` later under the head lock. `seq`
 * becomes an auto-increment row id (not consecutive on Galera). Rows already present are copied
 * unsealed with no row MAC; `audit_head.legacy_seq` marks them as the only rows the sealer may
 * MAC without one. The old unkeyed hash columns go. Frozen: never import from src/.
 */
const DATA_COLUMNS = [
  'seq',
  'at',
  'actor_type',
  'actor_id',
  'actor_role',
  'action',
  'subject_type',
  'subject_id',
  'purpose',
  'detail',
  'ip',
  'user_agent',
  'request_id',
]
const GENESIS = '0'.repeat(64)

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_log_keyed')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
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
    .addColumn('row_mac', 'varchar(80)')
    .addColumn('position', 'integer')
    .addColumn('chain_mac', 'varchar(80)')
    .execute()
  const cols = sql.join(DATA_COLUMNS.map((c) => sql.ref(c)))
  await sql`INSERT INTO audit_log_keyed (${cols}) SELECT ${cols} FROM audit_log`.execute(db)
  const legacy = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('seq').as('m'))
    .executeTakeFirst()
  await db.schema.dropTable('audit_log').execute()
  await db.schema.alterTable('audit_log_keyed').renameTo('audit_log').execute()
  await db.schema.createIndex('audit_log_position_uq').on('audit_log').column('position').unique().execute()
  await db.schema.createIndex('audit_log_subject_idx').on('audit_log').columns(['subject_type', 'subject_id', 'seq']).execute()
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_type', 'actor_id', 'seq']).execute()
  await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'seq']).execute()
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['at']).execute()

  await db.schema.dropTable('audit_head').execute()
  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('mac', 'varchar(80)', (c) => c.notNull())
    .addColumn('anchor_position', 'integer', (c) => c.notNull())
    .addColumn('anchor_mac', 'varchar(80)', (c) => c.notNull())
    .addColumn('legacy_seq', 'integer', (c) => c.notNull())
    .execute()
  await db
    .insertInto('audit_head')
    .values({ id: 1, position: 0, mac: GENESIS, anchor_position: 0, anchor_mac: GENESIS, legacy_seq: Number(legacy?.m ?? 0) })
    .execute()
}

/** Back to the unkeyed shape; the rows are kept, their hashes are not (the old chain is gone). */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_log_plain')
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
    .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('hash', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .execute()
  const cols = sql.join(DATA_COLUMNS.map((c) => sql.ref(c)))
  await sql`INSERT INTO audit_log_plain (${cols}) SELECT ${cols} FROM audit_log`.execute(db)
  await db.schema.dropTable('audit_log').execute()
  await db.schema.alterTable('audit_log_plain').renameTo('audit_log').execute()
  for (const [name, columns] of [
    ['audit_log_subject_idx', ['subject_type', 'subject_id', 'seq']],
    ['audit_log_actor_idx', ['actor_type', 'actor_id', 'seq']],
    ['audit_log_action_idx', ['action', 'seq']],
    ['audit_log_at_idx', ['at']],
  ] as const)
    await db.schema
      .createIndex(name)
      .on('audit_log')
      .columns([...columns])
      .execute()
  await db.schema.dropTable('audit_head').execute()
  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('anchor_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('anchor_hash', 'varchar(64)', (c) => c.notNull().defaultTo(GENESIS))
    .execute()
  await db.insertInto('audit_head').values({ id: 1, seq: 0, hash: GENESIS }).execute()
}
