import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { isUniqueViolation } from '../../db/helpers.js'

/** One hit on a (bucket, window) counter: the first creates the row, a unique violation means it exists. */
export async function countHit(db: Kysely<Database>, bucket: string, windowStart: string): Promise<number> {
  try {
    await db.insertInto('rateLimits').values({ bucket, windowStart, hits: 1 }).execute()
  } catch (e) {
    if (!isUniqueViolation(e)) throw e
    await db
      .updateTable('rateLimits')
      .set((eb) => ({ hits: eb('hits', '+', 1) }))
      .where('bucket', '=', bucket)
      .where('windowStart', '=', windowStart)
      .execute()
  }
  return hitsIn(db, bucket, windowStart)
}

/** The hits counted so far in a window (0 when none). */
export async function hitsIn(db: Kysely<Database>, bucket: string, windowStart: string): Promise<number> {
  const row = await db
    .selectFrom('rateLimits')
    .select('hits')
    .where('bucket', '=', bucket)
    .where('windowStart', '=', windowStart)
    .executeTakeFirst()
  return row?.hits ?? 0
}

export async function purgeBefore(db: Kysely<Database>, windowStart: string): Promise<void> {
  await db.deleteFrom('rateLimits').where('windowStart', '<', windowStart).execute()
}
