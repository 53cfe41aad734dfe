import { sql, type Kysely, type Transaction, type Insertable, type Updateable } from 'kysely'
import type { Database } from '../../db/database.js'
import { insertedId } from '../../db/helpers.js'
import type {
  SessionsTable,
  StaffTable,
  StaffActivationsTable,
  UsersTable,
  EnterprisesTable,
  EnterpriseInvitationsTable,
  SessionRow,
  UserRow,
} from './table.js'
import { prepared } from '../../db/prepared.js'
import type { FieldCrypto, KeyRotation } from '../../lib/crypto.js'

type Conn = Kysely<Database> | Transaction<Database>

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
export async function contactOf(db: Conn, id: number) {
  const u = await db.selectFrom('users').select(['phone', 'email', 'emailVerifiedAt', 'locale']).where('id', '=', id).executeTakeFirst()
  return u ? { phone: u.phone, email: u.emailVerifiedAt ? u.email : null, locale: u.locale } : null
}

// enterprises
export const enterpriseById = (db: Conn, id: number) => db.selectFrom('enterprises').selectAll().where('id', '=', id).executeTakeFirst()
export const enterpriseByUscc = (db: Conn, uscc: string) =>
  db.selectFrom('enterprises').selectAll().where('uscc', '=', uscc).executeTakeFirst()
export async function insertEnterprise(db: Conn, row: Insertable<EnterprisesTable>): Promise<number> {
  return insertedId(await db.insertInto('enterprises').values(row).executeTakeFirst())
}
export const addOperator = (db: Conn, enterpriseId: number, userId: number, addedBy: number | null, now: string) =>
  db.insertInto('enterpriseOperators').values({ enterpriseId, userId, addedBy, createdAt: now }).execute()
export const enterprisesOfUser = (db: Conn, userId: number) =>
  db
    .selectFrom('enterpriseOperators as o')
    .innerJoin('enterprises as e', 'e.id', 'o.enterpriseId')
    .selectAll('e')
    .where('o.userId', '=', userId)
    .orderBy('e.id')
    .execute()
export const isOperator = async (db: Conn, enterpriseId: number, userId: number) =>
  !!(await db
    .selectFrom('enterpriseOperators')
    .select('userId')
    .where('enterpriseId', '=', enterpriseId)
    .where('userId', '=', userId)
    .executeTakeFirst())

// staff
export const staffById = (db: Conn, id: number) => db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst()
export const staffByUsername = (db: Conn, username: string) =>
  db.selectFrom('staff').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst()
export async function insertStaff(db: Conn, row: Insertable<StaffTable>): Promise<number> {
  return insertedId(
    await db
      .insertInto('staff')
      .values({ ...row, username: row.username.toLowerCase() })
      .executeTakeFirst(),
  )
}
export const updateStaff = (db: Conn, id: number, set: Updateable<StaffTable>) =>
  db.updateTable('staff').set(set).where('id', '=', id).execute()
export async function rolesOf(db: Conn, staffId: number): Promise<string[]> {
  const rows = await db.selectFrom('staffRoles').select('role').where('staffId', '=', staffId).execute()
  return rows.map((r) => r.role)
}
export const grantRole = (db: Conn, staffId: number, role: string, grantedBy: number | null, now: string) =>
  db.insertInto('staffRoles').values({ staffId, role, grantedBy, createdAt: now }).execute()
export async function countStaff(db: Conn): Promise<number> {
  const r = await db
    .selectFrom('staff')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

// sessions
export const insertSession = (db: Conn, row: Insertable<SessionsTable>) => db.insertInto('sessions').values(row).execute()
export const sessionById = (db: Conn, id: string) => db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst()
/**
 * A session and, when it is a citizen's, the user and the ids of the enterprises they operate, in one
 * round trip: every signed-in citizen request needs all three (was three queries). Prepared once.
 */
const sessionWithCitizenQuery = prepared((db, id: string) =>
  db
    .selectFrom('sessions as s')
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 's.subjectId').on('s.subjectType', '=', 'citizen'))
    .selectAll('u')
    .select([
      's.id as sId',
      's.subjectType as sSubjectType',
      's.subjectId as sSubjectId',
      's.createdAt as sCreatedAt',
      's.lastSeenAt as sLastSeenAt',
      's.expiresAt as sExpiresAt',
      's.revokedAt as sRevokedAt',
      's.stepUpUntil as sStepUpUntil',
      's.actingEnterpriseId as sActingEnterpriseId',
      's.ip as sIp',
      's.userAgent as sUserAgent',
      's.factors as sFactors',
    ])
    .select((eb) =>
      eb
        .selectFrom('enterpriseOperators as o')
        .select(sql<string | null>`group_concat(o.enterprise_id)`.as('ids'))
        .whereRef('o.userId', '=', 'u.id')
        .as('enterpriseIdList'),
    )
    .where('s.id', '=', id),
)
export async function sessionWithCitizen(
  db: Kysely<Database>,
  id: string,
): Promise<{ session: SessionRow; user: UserRow | null; enterpriseIds: number[] } | null> {
  const [row] = await sessionWithCitizenQuery(db, id)
  if (!row) return null
  const {
    sId,
    sSubjectType,
    sSubjectId,
    sCreatedAt,
    sLastSeenAt,
    sExpiresAt,
    sRevokedAt,
    sStepUpUntil,
    sActingEnterpriseId,
    sIp,
    sUserAgent,
    sFactors,
    enterpriseIdList,
    ...user
  } = row
  const session: SessionRow = {
    id: sId,
    subjectType: sSubjectType,
    subjectId: sSubjectId,
    createdAt: sCreatedAt,
    lastSeenAt: sLastSeenAt,
    expiresAt: sExpiresAt,
    revokedAt: sRevokedAt,
    stepUpUntil: sStepUpUntil,
    actingEnterpriseId: sActingEnterpriseId,
    ip: sIp,
    userAgent: sUserAgent,
    factors: sFactors,
  }
  const enterpriseIds = enterpriseIdList
    ? String(enterpriseIdList)
        .split(',')
        .map(Number)
        .sort((a, b) => a - b)
    : []
  return { session, user: user.id === null ? null : (user as UserRow), enterpriseIds }
}
export const updateSession = (db: Conn, id: string, set: Updateable<SessionsTable>) =>
  db.updateTable('sessions').set(set).where('id', '=', id).execute()
export const revokeSessionsOf = (db: Conn, subjectType: 'citizen' | 'staff', subjectId: number, now: string) =>
  db
    .updateTable('sessions')
    .set({ revokedAt: now })
    .where('subjectType', '=', subjectType)
    .where('subjectId', '=', subjectId)
    .where('revokedAt', 'is', null)
    .execute()
export const activeSessionsOf = (db: Conn, subjectType: 'citizen' | 'staff', subjectId: number, now: string) =>
  db
    .selectFrom('sessions')
    .selectAll()
    .where('subjectType', '=', subjectType)
    .where('subjectId', '=', subjectId)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', now)
    .orderBy('lastSeenAt', 'desc')
    .execute()

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
export const operatorsOf = (db: Conn, enterpriseId: number) =>
  db
    .selectFrom('enterpriseOperators as o')
    .innerJoin('users as u', 'u.id', 'o.userId')
    .select(['u.id', 'u.realName', 'u.phone', 'o.createdAt'])
    .where('o.enterpriseId', '=', enterpriseId)
    .execute()
export const removeOperator = (db: Conn, enterpriseId: number, userId: number) =>
  db.deleteFrom('enterpriseOperators').where('enterpriseId', '=', enterpriseId).where('userId', '=', userId).execute()

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
export const sessionsOf = (db: Conn, userId: number) =>
  db
    .selectFrom('sessions')
    .select(['createdAt', 'lastSeenAt', 'ip', 'userAgent', 'revokedAt', 'expiresAt'])
    .where('subjectType', '=', 'citizen')
    .where('subjectId', '=', userId)
    .orderBy('createdAt', 'desc')
    .limit(100)
    .execute()
export const staffNumbers = (db: Conn, ids: number[]) =>
  ids.length ? db.selectFrom('staff').select(['id', 'staffNo', 'department']).where('id', 'in', ids).execute() : Promise.resolve([])
export async function purgeExpired(db: Conn, sessionsBefore: string, codesBefore: string) {
  await db.deleteFrom('sessions').where('expiresAt', '<', sessionsBefore).execute()
  await db.deleteFrom('smsCodes').where('createdAt', '<', codesBefore).execute()
}

// enterprise operator invitations (issue 16 item 8)
export async function insertInvitation(db: Conn, row: Insertable<EnterpriseInvitationsTable>): Promise<number> {
  return insertedId(await db.insertInto('enterpriseInvitations').values(row).executeTakeFirst())
}
export const invitationById = (db: Conn, id: number) =>
  db.selectFrom('enterpriseInvitations').selectAll().where('id', '=', id).executeTakeFirst()
export const pendingInvitation = (db: Conn, enterpriseId: number, inviteeUserId: number, now: string) =>
  db
    .selectFrom('enterpriseInvitations')
    .selectAll()
    .where('enterpriseId', '=', enterpriseId)
    .where('inviteeUserId', '=', inviteeUserId)
    .where('status', '=', 'pending')
    .where('expiresAt', '>', now)
    .executeTakeFirst()
/** Pending, unexpired invitations addressed to the user, with the inviting enterprise's name (never the inviter's). */
export const invitationsFor = (db: Conn, userId: number, now: string) =>
  db
    .selectFrom('enterpriseInvitations as i')
    .innerJoin('enterprises as e', 'e.id', 'i.enterpriseId')
    .select(['i.id', 'i.enterpriseId', 'e.name', 'e.uscc', 'i.createdAt', 'i.expiresAt'])
    .where('i.inviteeUserId', '=', userId)
    .where('i.status', '=', 'pending')
    .where('i.expiresAt', '>', now)
    .orderBy('i.id', 'desc')
    .execute()
/** Decides a pending invitation once: false when it was no longer pending (double click, race). */
export async function decideInvitation(db: Conn, id: number, status: 'accepted' | 'declined', now: string): Promise<boolean> {
  const r = await db
    .updateTable('enterpriseInvitations')
    .set({ status, decidedAt: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}
export const countOperators = async (db: Conn, enterpriseId: number) =>
  Number(
    (
      await db
        .selectFrom('enterpriseOperators')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('enterpriseId', '=', enterpriseId)
        .executeTakeFirstOrThrow()
    ).n,
  )
/** Sessions acting for an enterprise the user no longer operates fall back to the person. */
export const stopActingFor = (db: Conn, userId: number, enterpriseId: number) =>
  db
    .updateTable('sessions')
    .set({ actingEnterpriseId: null })
    .where('subjectType', '=', 'citizen')
    .where('subjectId', '=', userId)
    .where('actingEnterpriseId', '=', enterpriseId)
    .execute()
export const activeUserIds = (db: Conn, phones: string[] | null) => {
  let q = db.selectFrom('users').select(['id']).where('status', '=', 'active')
  if (phones) q = q.where('phone', 'in', phones.length ? phones : ['-'])
  return q.execute()
}
export const allStaff = (db: Conn) =>
  db
    .selectFrom('staff')
    .select(['id', 'username', 'displayName', 'staffNo', 'department', 'status', 'mustChangePassword', 'phone', 'email'])
    .orderBy('id')
    .execute()
export const allRoles = (db: Conn) => db.selectFrom('staffRoles').selectAll().execute()
export const revokeRole = (db: Conn, staffId: number, role: string) =>
  db.deleteFrom('staffRoles').where('staffId', '=', staffId).where('role', '=', role).execute()

// staff activation / reset / TOTP-enrolment links (staff.ts)
/** One live link per holder: a new one replaces the old. */
export const endLiveActivations = (db: Conn, staffId: number, at: string) =>
  db.updateTable('staffActivations').set({ usedAt: at }).where('staffId', '=', staffId).where('usedAt', 'is', null).execute()
export const insertActivation = (db: Conn, row: Insertable<StaffActivationsTable>) =>
  db.insertInto('staffActivations').values(row).execute()
export const activationByTokenHash = (db: Conn, tokenHash: string) =>
  db.selectFrom('staffActivations').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst()
export const setActivationTotpSecret = (db: Conn, id: number, totpSecretEnc: string) =>
  db.updateTable('staffActivations').set({ totpSecretEnc }).where('id', '=', id).execute()
/** Marks a link used unless it already was; numUpdatedRows tells whether this call claimed it. */
export const claimActivation = (db: Conn, id: number, at: string) =>
  db.updateTable('staffActivations').set({ usedAt: at }).where('id', '=', id).where('usedAt', 'is', null).execute()
/** A no-op update that takes the staff row's lock, so concurrent role changes on one person run one after the other. */
export const lockStaffRow = (db: Conn, id: number) =>
  db
    .updateTable('staff')
    .set((eb) => ({ failedLogins: eb.ref('failedLogins') }))
    .where('id', '=', id)
    .execute()

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

/**
 * Records `step` as the last one used, only if it is later than the one before: one conditional
 * UPDATE, so two sign-ins racing with the same code cannot both win. A replayed code, or an older
 * one (the drift window looks back one step), claims nothing → false.
 */
export async function claimTotpStep(db: Conn, staffId: number, step: number): Promise<boolean> {
  const [r] = await db
    .updateTable('staff')
    .set({ totpLastStep: step })
    .where('id', '=', staffId)
    .where((eb) => eb.or([eb('totpLastStep', 'is', null), eb('totpLastStep', '<', step)]))
    .execute()
  return Number(r?.numUpdatedRows ?? 0) === 1
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
