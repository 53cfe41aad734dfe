import type { Kysely } from 'kysely'

/** Guardian consent for 16–17-year-olds (DESIGN §10) and login-failure bookkeeping. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('guardian_name', 'varchar(60)').execute()
  await db.schema.alterTable('users').addColumn('guardian_relation', 'varchar(20)').execute()
  await db.schema.alterTable('users').addColumn('guardian_phone', 'varchar(20)').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('guardian_name').execute()
  await db.schema.alterTable('users').dropColumn('guardian_relation').execute()
  await db.schema.alterTable('users').dropColumn('guardian_phone').execute()
}
