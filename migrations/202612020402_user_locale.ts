import type { Kysely } from 'kysely'

/**
 * The citizen's language (zh-CN | en) for SMS and mail sent when they are not on the site (issue 20,
 * decision 0220); set at registration and whenever they switch language while signed in.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('locale', 'varchar(8)', (c) => c.notNull().defaultTo('zh-CN'))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('locale').execute()
}
