import { sql, type Kysely, type Transaction, type Insertable, type Updateable } from 'kysely'
import type { Database } from '../../db/database.js'
import type { SessionsTable, SessionRow, UserRow } from './table.js'
import { prepared } from '../../db/prepared.js'

/** Identity's SQL over sessions (signed-in devices) of citizens and staff (re-exported by repository.ts). */
type Conn = Kysely<Database> | Transaction<Database>

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
/** A password change signs out every other device of the subject; the one in use (`keep`) stays. */
export const revokeOtherSessions = (db: Conn, subjectType: 'citizen' | 'staff', subjectId: number, keep: string, now: string) =>
  db
    .updateTable('sessions')
    .set({ revokedAt: now })
    .where('subjectType', '=', subjectType)
    .where('subjectId', '=', subjectId)
    .where('id', '!=', keep)
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

export const sessionsOf = (db: Conn, userId: number) =>
  db
    .selectFrom('sessions')
    .select(['createdAt', 'lastSeenAt', 'ip', 'userAgent', 'revokedAt', 'expiresAt'])
    .where('subjectType', '=', 'citizen')
    .where('subjectId', '=', userId)
    .orderBy('createdAt', 'desc')
    .limit(100)
    .execute()
/** Sessions acting for an enterprise the user no longer operates fall back to the person. */
export const stopActingFor = (db: Conn, userId: number, enterpriseId: number) =>
  db
    .updateTable('sessions')
    .set({ actingEnterpriseId: null })
    .where('subjectType', '=', 'citizen')
    .where('subjectId', '=', userId)
    .where('actingEnterpriseId', '=', enterpriseId)
    .execute()
