import type { Insertable, Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { CertificateKeysTable, CertificateSharesTable, CertificatesTable, CertificateVerificationsTable } from './table.js'

type Conn = Kysely<Database> | Transaction<Database>

export const activeKey = (db: Conn) =>
  db.selectFrom('certificateKeys').selectAll().where('retiredAt', 'is', null).orderBy('createdAt', 'desc').executeTakeFirst()
export const keyById = (db: Conn, kid: string) => db.selectFrom('certificateKeys').selectAll().where('kid', '=', kid).executeTakeFirst()
export const allKeys = (db: Conn) => db.selectFrom('certificateKeys').selectAll().orderBy('createdAt', 'asc').execute()
export const insertKey = (db: Conn, row: Insertable<CertificateKeysTable>) => db.insertInto('certificateKeys').values(row).execute()
export const retireKeys = (db: Conn, exceptKid: string, at: string) =>
  db.updateTable('certificateKeys').set({ retiredAt: at }).where('kid', '!=', exceptKid).where('retiredAt', 'is', null).execute()

export async function insertCertificate(db: Conn, row: Insertable<CertificatesTable>): Promise<number> {
  const r = await db.insertInto('certificates').values(row).executeTakeFirstOrThrow()
  return Number(r.insertId)
}
export const setToken = (db: Conn, id: number, token: string) =>
  db.updateTable('certificates').set({ token }).where('id', '=', id).execute()
export const byId = (db: Conn, id: number) => db.selectFrom('certificates').selectAll().where('id', '=', id).executeTakeFirst()
export const byNumber = (db: Conn, number: string) =>
  db.selectFrom('certificates').selectAll().where('number', '=', number).executeTakeFirst()
export const byApplication = (db: Conn, ref: string) =>
  db.selectFrom('certificates').selectAll().where('applicationRef', '=', ref).executeTakeFirst()
export const ofUser = (db: Conn, userId: number) =>
  db.selectFrom('certificates').selectAll().where('userId', '=', userId).orderBy('id', 'desc').execute()
export const revoke = (db: Conn, id: number, at: string, reason: string) =>
  db
    .updateTable('certificates')
    .set({ status: 'revoked', revokedAt: at, revokeReason: reason })
    .where('id', '=', id)
    .where('status', '=', 'valid')
    .execute()

export const insertVerification = (db: Conn, row: Insertable<CertificateVerificationsTable>) =>
  db.insertInto('certificateVerifications').values(row).execute()
export const verificationsOf = (db: Conn, certificateIds: number[]) =>
  certificateIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('certificateVerifications')
        .selectAll()
        .where('certificateId', 'in', certificateIds)
        .orderBy('id', 'desc')
        .limit(500)
        .execute()

export const insertShare = (db: Conn, row: Insertable<CertificateSharesTable>) => db.insertInto('certificateShares').values(row).execute()
export const shareByHash = (db: Conn, tokenHash: string) =>
  db.selectFrom('certificateShares').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst()
export const sharesOf = (db: Conn, certificateId: number) =>
  db.selectFrom('certificateShares').selectAll().where('certificateId', '=', certificateId).orderBy('id', 'desc').execute()
export const revokeShare = (db: Conn, id: number, certificateId: number, at: string) =>
  db.updateTable('certificateShares').set({ revokedAt: at }).where('id', '=', id).where('certificateId', '=', certificateId).execute()

/** Account closure: the certificate stays verifiable (masked name, status) but no longer points at the person. */
export async function detachUser(db: Conn, userId: number) {
  await db.updateTable('certificates').set({ userId: null, holderNameEnc: null }).where('userId', '=', userId).execute()
}

// key rotation (keys:rotate)
export const encryptedHolders = (db: Conn) =>
  db.selectFrom('certificates').select(['id', 'holderNameEnc']).where('holderNameEnc', 'is not', null).execute()
export const setHolderEnc = (db: Conn, id: number, holderNameEnc: string) =>
  db.updateTable('certificates').set({ holderNameEnc }).where('id', '=', id).execute()
export const setPrivateEnc = (db: Conn, kid: string, privateEnc: string) =>
  db.updateTable('certificateKeys').set({ privateEnc }).where('kid', '=', kid).execute()
