import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { RegistryLookupsTable } from './table.js'
import type { Insertable } from 'kysely'

type Conn = Kysely<Database> | Transaction<Database>

export const recordOf = (db: Conn, source: string, keyBidx: string) =>
  db
    .selectFrom('registryRecords')
    .select(['dataEnc', 'updatedAt'])
    .where('source', '=', source)
    .where('keyBidx', '=', keyBidx)
    .executeTakeFirst()

export async function putRecord(db: Conn, row: { source: string; keyBidx: string; keyEnc: string; dataEnc: string; updatedAt: string }) {
  const r = await db
    .updateTable('registryRecords')
    .set({ keyEnc: row.keyEnc, dataEnc: row.dataEnc, updatedAt: row.updatedAt })
    .where('source', '=', row.source)
    .where('keyBidx', '=', row.keyBidx)
    .executeTakeFirst()
  if (Number(r.numUpdatedRows) === 0) await db.insertInto('registryRecords').values(row).execute()
}

export const insertAuthorisation = (
  db: Conn,
  row: { userId: number; scope: string; granted: boolean; policyVersion: string | null; channel: string; createdAt: string },
) =>
  db
    .insertInto('registryAuthorisations')
    .values({ ...row, granted: row.granted ? 1 : 0 })
    .execute()

export const authorisationsOf = (db: Conn, userId: number) =>
  db.selectFrom('registryAuthorisations').selectAll().where('userId', '=', userId).orderBy('id', 'asc').execute()

export const insertLookup = (db: Conn, row: Insertable<RegistryLookupsTable>) => db.insertInto('registryLookups').values(row).execute()

/** The newest successful look-up of one source for a citizen since `since` (reused instead of asking again). */
export const recentFound = (db: Conn, userId: number, source: string, purpose: string, since: string) =>
  db
    .selectFrom('registryLookups')
    .select(['dataEnc', 'at'])
    .where('userId', '=', userId)
    .where('source', '=', source)
    // the same purpose: the same form (a person's record and an enterprise's roster are never mixed up)
    .where('purpose', '=', purpose)
    .where('outcome', '=', 'found')
    .where('at', '>=', since)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()

export const insertDispute = (
  db: Conn,
  row: { userId: number; source: string; serviceCode: string; note: string; status: 'reported'; createdAt: string },
) => db.insertInto('registryDisputes').values(row).execute()
export const disputedSources = async (db: Conn, userId: number, serviceCode: string) =>
  (
    await db
      .selectFrom('registryDisputes')
      .select('source')
      .where('userId', '=', userId)
      .where('serviceCode', '=', serviceCode)
      .where('status', '=', 'reported')
      .execute()
  ).map((r) => r.source)

export const lookupsOf = (db: Conn, userId: number, limit = 200) =>
  db.selectFrom('registryLookups').selectAll().where('userId', '=', userId).orderBy('id', 'desc').limit(limit).execute()

/** Closure: the citizen's authorisations and look-up ledger go with the account. */
export async function eraseUser(db: Conn, userId: number) {
  await db.deleteFrom('registryAuthorisations').where('userId', '=', userId).execute()
  await db.deleteFrom('registryLookups').where('userId', '=', userId).execute()
  await db.deleteFrom('registryDisputes').where('userId', '=', userId).execute()
}

// key rotation (keys:rotate): every encrypted column of this module, and the blind index recomputed from key_enc
export const allRecords = (db: Conn) => db.selectFrom('registryRecords').select(['id', 'source', 'keyBidx', 'keyEnc', 'dataEnc']).execute()
export const updateRecordKeys = (db: Conn, id: number, set: { keyBidx: string; keyEnc: string | null; dataEnc: string }) =>
  db.updateTable('registryRecords').set(set).where('id', '=', id).execute()
export const lookupsWithData = (db: Conn) =>
  db.selectFrom('registryLookups').select(['id', 'dataEnc']).where('dataEnc', 'is not', null).execute()
export const updateLookupData = (db: Conn, id: number, dataEnc: string) =>
  db.updateTable('registryLookups').set({ dataEnc }).where('id', '=', id).execute()
