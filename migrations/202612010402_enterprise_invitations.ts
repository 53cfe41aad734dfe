import type { Kysely } from 'kysely'

/** Enterprise operators are invited and accept or decline (issue 16 item 8). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('enterprise_invitations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('enterprise_id', 'integer', (c) => c.notNull())
    .addColumn('invitee_user_id', 'integer', (c) => c.notNull())
    .addColumn('invited_by', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('decided_at', 'varchar(24)')
    .execute()
  await db.schema
    .createIndex('enterprise_invitations_invitee_idx')
    .on('enterprise_invitations')
    .columns(['invitee_user_id', 'status'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('enterprise_invitations').execute()
}
