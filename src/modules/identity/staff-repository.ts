import type { Kysely, Transaction, Insertable, Updateable } from 'kysely'
import type { Database } from '../../db/database.js'
import { insertedId } from '../../db/helpers.js'
import type { StaffTable, StaffActivationsTable } from './table.js'

/** Identity's SQL over staff, their roles, activation links and TOTP steps (re-exported by repository.ts). */
type Conn = Kysely<Database> | Transaction<Database>

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

export const staffNumbers = (db: Conn, ids: number[]) =>
  ids.length ? db.selectFrom('staff').select(['id', 'staffNo', 'department']).where('id', 'in', ids).execute() : Promise.resolve([])
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
