import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'

/** Identity's SQL over one-time SMS codes and the sign-in throttle (re-exported by repository.ts). */
type Conn = Kysely<Database> | Transaction<Database>

// sms codes
export const insertSmsCode = (
  db: Conn,
  row: { phone: string; purpose: string; codeHash: string; createdAt: string; expiresAt: string; ip: string | null },
) =>
  db
    .insertInto('smsCodes')
    .values({ ...row, attempts: 0, consumedAt: null })
    .execute()
export const lastSmsCodeFor = (db: Conn, phone: string) =>
  db
    .selectFrom('smsCodes')
    .selectAll()
    .where('phone', '=', phone)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
export async function countSmsCodesSince(db: Conn, phone: string, since: string): Promise<number> {
  const r = await db
    .selectFrom('smsCodes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('phone', '=', phone)
    .where('createdAt', '>=', since)
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}
export const liveSmsCode = (db: Conn, phone: string, purpose: string) =>
  db
    .selectFrom('smsCodes')
    .selectAll()
    .where('phone', '=', phone)
    .where('purpose', '=', purpose)
    .where('consumedAt', 'is', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
export const updateSmsCode = (db: Conn, id: number, set: { attempts?: number; consumedAt?: string }) =>
  db.updateTable('smsCodes').set(set).where('id', '=', id).execute()

// sign-in limits keyed by the identifier as typed (throttle.ts)
export const throttleLockedUntil = (db: Conn, key: string) =>
  db.selectFrom('loginThrottle').select('lockedUntil').where('key', '=', key).executeTakeFirst()
/** Adds one failure atomically; numUpdatedRows is 0 when there is no row for `key` yet. */
export const bumpThrottle = (db: Conn, key: string, at: string) =>
  db
    .updateTable('loginThrottle')
    .set((eb) => ({ failures: eb('failures', '+', 1), updatedAt: at }))
    .where('key', '=', key)
    .execute()
export const insertThrottle = (db: Conn, key: string, at: string) =>
  db.insertInto('loginThrottle').values({ key, failures: 1, lockedUntil: null, updatedAt: at }).execute()
/** Locks `key` until `until` if it has reached `threshold` failures (and resets the count). */
export const lockThrottleAt = (db: Conn, key: string, threshold: number, until: string) =>
  db
    .updateTable('loginThrottle')
    .set({ failures: 0, lockedUntil: until })
    .where('key', '=', key)
    .where('failures', '>=', threshold)
    .execute()
export const clearThrottle = (db: Conn, key: string) => db.deleteFrom('loginThrottle').where('key', '=', key).execute()
