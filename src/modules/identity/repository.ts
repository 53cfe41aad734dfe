import type { Kysely, Transaction, Insertable, Updateable } from 'kysely'
import type { Database } from '../../db/database.js'
import { insertedId } from '../../db/helpers.js'
import { prepared } from '../../db/prepared.js'
import type { UsersTable } from './table.js'
import type { FieldCrypto, KeyRotation } from '../../lib/crypto.js'

/**
 * Identity's repository: the users' own queries here, the other parts in <part>-repository.ts
 * (staff, enterprises, sessions, sign-in codes and limits), re-exported so the module's services
 * import one `repository.js`. Only identity imports any of them (.dependency-cruiser.cjs).
 */
export * from './staff-repository.js'
export * from './enterprise-repository.js'
export * from './session-repository.js'
export * from './sign-in-repository.js'

type Conn = Kysely<Database> | Transaction<Database>

/** The contact and identity columns, empty: a new account has none yet, an erased one none any more. */
const NO_PERSONAL_DATA = {
  email: null,
  emailVerifiedAt: null,
  realName: null,
  idNumberEnc: null,
  idNumberBidx: null,
  idNumberMasked: null,
  birthDate: null,
  sex: null,
  bankName: null,
  bankAccountEnc: null,
  bankAccountMasked: null,
} as const

// users
export const userById = (db: Conn, id: number) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
export const userByPhone = (db: Conn, phone: string) => db.selectFrom('users').selectAll().where('phone', '=', phone).executeTakeFirst()
export const userByIdBidx = (db: Conn, bidx: string) =>
  db.selectFrom('users').selectAll().where('idNumberBidx', '=', bidx).executeTakeFirst()
/** A new, active, not yet verified account: every identity column empty until real-name verification. */
export function newUserRow(phone: string, passwordHash: string | null, at: string): Insertable<UsersTable> {
  return {
    phone,
    passwordHash,
    status: 'active',
    failedLogins: 0,
    lockedUntil: null,
    ...NO_PERSONAL_DATA,
    verifiedAt: null,
    verificationMethod: null,
    createdAt: at,
    updatedAt: at,
    closedAt: null,
  }
}

export async function insertUser(db: Conn, row: Insertable<UsersTable>): Promise<number> {
  return insertedId(await db.insertInto('users').values(row).executeTakeFirst())
}
export const updateUser = (db: Conn, id: number, set: Updateable<UsersTable>) =>
  db.updateTable('users').set(set).where('id', '=', id).execute()
/** Undoes insertUser when the account cannot be completed (a counter registration whose verification fails). */
export const deleteUser = (db: Conn, id: number) => db.deleteFrom('users').where('id', '=', id).execute()
// read for every notice (a submission sends one): prepared once (src/db/prepared.ts)
const contactQuery = prepared((db, id: number) =>
  db.selectFrom('users').select(['phone', 'email', 'emailVerifiedAt', 'locale']).where('id', '=', id),
)
export async function contactOf(db: Conn, id: number) {
  const [u] = await contactQuery(db, id)
  return u ? { phone: u.phone, email: u.emailVerifiedAt ? u.email : null, locale: u.locale } : null
}

/** Closure: wipe every personal field, keep the row as a tombstone (ids in the audit log point to it). */
export async function eraseUser(db: Conn, userId: number, now: string) {
  const u = await userById(db, userId)
  if (u?.phone) await db.deleteFrom('smsCodes').where('phone', '=', u.phone).execute()
  await db.deleteFrom('sessions').where('subjectType', '=', 'citizen').where('subjectId', '=', userId).execute()
  await db.deleteFrom('enterpriseOperators').where('userId', '=', userId).execute()
  await db
    .updateTable('users')
    .set({
      phone: null,
      passwordHash: null,
      ...NO_PERSONAL_DATA,
      guardianName: null,
      guardianRelation: null,
      guardianPhone: null,
      status: 'closed',
      closedAt: now,
      updatedAt: now,
      failedLogins: 0,
      lockedUntil: null,
    })
    .where('id', '=', userId)
    .execute()
}
export const setUserStatus = (db: Conn, userId: number, status: 'active' | 'closing' | 'closed', now: string) =>
  db.updateTable('users').set({ status, updatedAt: now }).where('id', '=', userId).execute()
export const activeUserIds = (db: Conn, phones: string[] | null) => {
  let q = db.selectFrom('users').select(['id']).where('status', '=', 'active')
  if (phones) q = q.where('phone', 'in', phones.length ? phones : ['-'])
  return q.execute()
}
export async function purgeExpired(db: Conn, sessionsBefore: string, codesBefore: string) {
  await db.deleteFrom('sessions').where('expiresAt', '<', sessionsBefore).execute()
  await db.deleteFrom('smsCodes').where('createdAt', '<', codesBefore).execute()
}

/**
 * Key rotation over identity's tables (keys.ts rotateKeys): ID numbers and bank accounts of users, legal
 * representatives' ID numbers, staff TOTP secrets; blind indexes recomputed under the current key.
 */
export async function rotateCiphertexts(db: Kysely<Database>, crypto: FieldCrypto, rot: KeyRotation) {
  const { stale, re } = rot
  let users = 0
  for (const u of await db.selectFrom('users').select(['id', 'idNumberEnc', 'bankAccountEnc', 'idNumberBidx']).execute()) {
    const id = u.idNumberEnc ? crypto.decrypt(u.idNumberEnc) : null
    const bidx = id ? crypto.blindIndex('id_number', id) : null
    if (!stale(u.idNumberEnc) && !stale(u.bankAccountEnc) && bidx === u.idNumberBidx) continue
    await db
      .updateTable('users')
      .set({ idNumberEnc: re(u.idNumberEnc), bankAccountEnc: re(u.bankAccountEnc), idNumberBidx: bidx })
      .where('id', '=', u.id)
      .execute()
    users++
  }
  let enterprises = 0
  for (const e of await db.selectFrom('enterprises').select(['id', 'legalRepIdEnc', 'legalRepIdBidx']).execute()) {
    const bidx = crypto.blindIndex('id_number', crypto.decrypt(e.legalRepIdEnc))
    if (!stale(e.legalRepIdEnc) && bidx === e.legalRepIdBidx) continue
    await db
      .updateTable('enterprises')
      .set({ legalRepIdEnc: re(e.legalRepIdEnc), legalRepIdBidx: bidx })
      .where('id', '=', e.id)
      .execute()
    enterprises++
  }
  let staff = 0
  for (const s of await db.selectFrom('staff').select(['id', 'totpSecretEnc']).where('totpSecretEnc', 'is not', null).execute()) {
    if (!stale(s.totpSecretEnc)) continue
    await db
      .updateTable('staff')
      .set({ totpSecretEnc: re(s.totpSecretEnc) })
      .where('id', '=', s.id)
      .execute()
    staff++
  }
  return { users, enterprises, staff }
}
