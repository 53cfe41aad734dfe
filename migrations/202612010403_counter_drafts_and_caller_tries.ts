import type { Kysely } from 'kysely'

/**
 * Counter applications start a staff-side draft that the citizen's own form never resumes (and that
 * no clerk sees unless they started it); hotline caller checks count their tries per ticket
 * (issue 16 items 5 and 6).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('drafts').addColumn('staff_id', 'integer').execute()
  await db.schema
    .alterTable('complaints')
    .addColumn('identity_tries', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('complaints').dropColumn('identity_tries').execute()
  await db.schema.alterTable('drafts').dropColumn('staff_id').execute()
}
