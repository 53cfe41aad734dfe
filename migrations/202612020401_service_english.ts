import type { Kysely } from 'kysely'

/**
 * The English of a catalogue service (issue 20, decision 0220): JSON of the same shape as the Chinese
 * name/category/guide/form texts, picked when the request's language is English. Null: Chinese only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('services').addColumn('en', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('services').dropColumn('en').execute()
}
