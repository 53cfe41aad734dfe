import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import { addToCounts } from './count-repository.js'

type Conn = Kysely<Database> | Transaction<Database>

/**
 * Closure: drafts and their files go; open/undecided or non-subsidy applications go with their
 * history and files; decided subsidy applications stay, anonymised, until retain_until.
 * Returns storage keys of deleted files (the caller removes them from disk).
 */
export async function anonymiseForUser(db: Conn, userId: number, keepCodes: string[], retainUntil: string): Promise<string[]> {
  const keys: string[] = []
  const drafts = await db.selectFrom('drafts').select('id').where('userId', '=', userId).execute()
  for (const d of drafts) {
    const atts = await db.selectFrom('attachments').select(['id', 'storageKey']).where('draftId', '=', d.id).execute()
    keys.push(...atts.map((a) => a.storageKey))
    await db.deleteFrom('attachments').where('draftId', '=', d.id).execute()
  }
  await db.deleteFrom('drafts').where('userId', '=', userId).execute()
  const apps = await db
    .selectFrom('applications')
    .select(['id', 'serviceCode', 'status', 'enterpriseId'])
    .where('applicantUserId', '=', userId)
    .execute()
  for (const a of apps) {
    const keep = keepCodes.includes(a.serviceCode) && (a.status === 'paid' || a.status === 'approved')
    if (keep || a.enterpriseId) {
      // Enterprise cases belong to the enterprise; subsidy records are kept by law — both lose the person.
      await db
        .updateTable('applications')
        .set({
          applicantUserId: null,
          applicantName: a.enterpriseId ? undefined : null,
          formToken: null,
          retainUntil: keep ? retainUntil : undefined,
        })
        .where('id', '=', a.id)
        .execute()
      await db.updateTable('attachments').set({ ownerUserId: null }).where('applicationId', '=', a.id).execute()
      await db
        .updateTable('applicationEvents')
        .set({ actorId: null })
        .where('applicationId', '=', a.id)
        .where('actorType', '=', 'citizen')
        .execute()
      continue
    }
    const atts = await db.selectFrom('attachments').select('storageKey').where('applicationId', '=', a.id).execute()
    keys.push(...atts.map((x) => x.storageKey))
    await db.deleteFrom('attachments').where('applicationId', '=', a.id).execute()
    await db.deleteFrom('applicationEvents').where('applicationId', '=', a.id).execute()
    await db.deleteFrom('ratings').where('applicationId', '=', a.id).execute()
    await db.deleteFrom('subsidyClaimMonths').where('applicationId', '=', a.id).execute()
    await db.deleteFrom('applications').where('id', '=', a.id).execute()
    await addToCounts(db, { [a.status]: -1 })
  }
  await db.updateTable('ratings').set({ userId: null }).where('userId', '=', userId).execute()
  return keys
}

export async function purgeDrafts(db: Conn, before: string): Promise<string[]> {
  const old = await db.selectFrom('drafts').select('id').where('updatedAt', '<', before).execute()
  const keys: string[] = []
  for (const d of old) {
    const atts = await db.selectFrom('attachments').select('storageKey').where('draftId', '=', d.id).execute()
    keys.push(...atts.map((a) => a.storageKey))
    await db.deleteFrom('attachments').where('draftId', '=', d.id).execute()
    await db.deleteFrom('drafts').where('id', '=', d.id).execute()
  }
  return keys
}
