import type { Kysely, Transaction, Insertable } from 'kysely'
import type { Database } from '../../db/database.js'
import { insertedId } from '../../db/helpers.js'
import type { EnterprisesTable, EnterpriseInvitationsTable } from './table.js'

/** Identity's SQL over enterprises, their operators and the invitations to become one (re-exported by repository.ts). */
type Conn = Kysely<Database> | Transaction<Database>

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

export const operatorsOf = (db: Conn, enterpriseId: number) =>
  db
    .selectFrom('enterpriseOperators as o')
    .innerJoin('users as u', 'u.id', 'o.userId')
    .select(['u.id', 'u.realName', 'u.phone', 'o.createdAt'])
    .where('o.enterpriseId', '=', enterpriseId)
    .execute()
export const removeOperator = (db: Conn, enterpriseId: number, userId: number) =>
  db.deleteFrom('enterpriseOperators').where('enterpriseId', '=', enterpriseId).where('userId', '=', userId).execute()

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
