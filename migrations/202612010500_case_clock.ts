import type { Kysely } from 'kysely'

/**
 * The lifecycle in one state machine (docs/decisions/0170-lifecycle-and-statutory-clock.md):
 * - applications.paused_days: working days the statutory clock stood still for a supplement after 受理
 *   (the statistics' working days taken leave them out);
 * - application_events.action: which lifecycle action made the row (accept, supplement, answer, …);
 * - the states no path may reach any more are folded into the ones that replace them: in_review and
 *   resubmitted after 受理 are `accepted`; resubmitted before 受理 goes back to `submitted` for the clerk
 *   to accept (the rule that the answer itself is the 受理 needs the calendar, which SQL does not have).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('applications')
    .addColumn('paused_days', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('application_events').addColumn('action', 'varchar(20)').execute()
  await db.updateTable('applications').set({ status: 'accepted' }).where('status', '=', 'in_review').execute()
  await db
    .updateTable('applications')
    .set({ status: 'accepted' })
    .where('status', '=', 'resubmitted')
    .where('accepted_at', 'is not', null)
    .execute()
  await db.updateTable('applications').set({ status: 'submitted' }).where('status', '=', 'resubmitted').execute()
  await db.updateTable('applications').set({ status: 'approved' }).where('status', '=', 'closed').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('application_events').dropColumn('action').execute()
  await db.schema.alterTable('applications').dropColumn('paused_days').execute()
}
