import type { Kysely } from 'kysely'

/**
 * English beside stored Chinese text (issue 20, decision 0255), JSON of the row's texts, null when
 * there is none:
 *  - messages.en: the in-site message in English ({ title, body }), written at send time next to the
 *    Chinese, so the inbox reads in whichever language the citizen uses;
 *  - policy_versions.en: the privacy policy's optional English ({ title, summary, body });
 *  - incidents.en: a security notice's optional English (its public fields).
 * The Chinese columns stay the text of record.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('en', 'text').execute()
  await db.schema.alterTable('policy_versions').addColumn('en', 'text').execute()
  await db.schema.alterTable('incidents').addColumn('en', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('incidents').dropColumn('en').execute()
  await db.schema.alterTable('policy_versions').dropColumn('en').execute()
  await db.schema.alterTable('messages').dropColumn('en').execute()
}
