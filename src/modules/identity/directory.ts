import type { Kysely, Transaction, Updateable } from 'kysely'
import type { Database } from '../../db/database.js'
import * as repo from './repository.js'
import type { UsersTable } from './table.js'

type Conn = Kysely<Database> | Transaction<Database>

/**
 * What other modules may ask of identity's user tables (identity owns them): look-ups, and the
 * lifecycle steps privacy runs for closure and erasure, inside the caller's transaction. Built first
 * in services.ts (it needs only the database), so notifications, policy and admin can use it.
 */
export function createUserDirectory(deps: { db: Kysely<Database> }) {
  const { db } = deps
  return {
    contactOf: (conn: Conn, userId: number) => repo.contactOf(conn, userId),
    userByPhone: (phone: string) => repo.userByPhone(db, phone),
    /** Active citizens (all, or those with one of `phones`). */
    activeUserIds: (phones: string[] | null) => repo.activeUserIds(db, phones),
    sessionsOf: (userId: number) => repo.sessionsOf(db, userId),
    staffNumbers: (ids: number[]) => repo.staffNumbers(db, ids),
    updateUser: (conn: Conn, userId: number, set: Updateable<UsersTable>) => repo.updateUser(conn, userId, set),
    setUserStatus: (conn: Conn, userId: number, status: 'active' | 'closing' | 'closed', now: string) =>
      repo.setUserStatus(conn, userId, status, now),
    eraseUser: (conn: Conn, userId: number, now: string) => repo.eraseUser(conn, userId, now),
    /** Expired sessions and SMS codes (retention job). */
    purgeExpired: (sessionsBefore: string, codesBefore: string) => repo.purgeExpired(db, sessionsBefore, codesBefore),
  }
}
export type UserDirectory = ReturnType<typeof createUserDirectory>
