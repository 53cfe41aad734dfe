import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import { OPEN_STATUSES } from './lifecycle.js'

type Conn = Kysely<Database> | Transaction<Database>

// --- staff-side queries (used by the cases module through the applications service)
export interface QueueFilter {
  status?: string
  service?: string
  assignee?: number | 'none'
  channel?: 'online' | 'counter'
  overdueBefore?: string
  dueBy?: string
  q?: string
  /** Search results: every case of one applicant account (ID-number look-up) or of one exact name, any status. */
  applicantUserId?: number
  applicantName?: string
  /** Order: `id` (= submission order; desc newest first, asc longest waiting first) or `deadline` (earliest first). */
  sort?: 'id' | 'deadline'
  dir?: 'asc' | 'desc'
  /** Keyset cursor: the last row of the previous page (its id, and its deadline for the deadline order). */
  afterId?: number
  /** The page before this id (the workbench's "previous case"): ascending from it. */
  beforeId?: number
  afterDeadline?: string
  /**
   * With a deadline filter in the id order: walk the (status, id) index and test each case's deadline, instead of
   * reading every case in the deadline range and sorting it. `queuePage` decides (decision 0296).
   */
  walkIds?: boolean
}

/** Above this many cases per open status in a deadline range, walking the ids finds a page sooner than sorting. */
export const DEADLINE_RANGE_SORT_LIMIT = 2000

/** Keyset page of the queue, newest first. Each filter combination is served by an index (docs/queue-plans.md). */
export async function queuePage(db: Conn, f: QueueFilter, limit: number) {
  const walkIds = await deadlineRangeIsLarge(db, f)
  return queueQuery(db, walkIds ? { ...f, walkIds } : f, limit).execute()
}

/**
 * The overdue and near-deadline filters in the id order (decision 0296). The (status, deadline_date, id) index
 * finds the cases in the range, but in deadline order: every one of them is read and sorted by id. That is cheap for
 * a few hundred and was 43 ms for the overdue cases among 1,000,000. The (status, id) index gives the id order
 * and stops after one page, but tests each case's deadline on the way, which is slow when few are in the range.
 * So count, index-only and at most DEADLINE_RANGE_SORT_LIMIT + 1 entries per status, how many are in the range.
 */
async function deadlineRangeIsLarge(db: Conn, f: QueueFilter): Promise<boolean> {
  const bound = f.overdueBefore ?? f.dueBy
  if (!bound || f.sort === 'deadline' || f.q || f.applicantUserId !== undefined || f.applicantName !== undefined) return false
  for (const status of f.status ? [f.status] : OPEN_STATUSES) {
    const inRange = db
      .selectFrom('applications')
      .select(sql<number>`1`.as('one'))
      .where('status', '=', status)
      .where('deadlineDate', f.overdueBefore ? '<' : '<=', bound)
      .limit(DEADLINE_RANGE_SORT_LIMIT + 1)
    const r = await db
      .selectFrom(inRange.as('r'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    if (Number(r.n) > DEADLINE_RANGE_SORT_LIMIT) return true
  }
  return false
}

/** The queue query itself (compiled by the plan test and docs/queue-plans.md). */
export function queueQuery(db: Conn, f: QueueFilter, limit: number) {
  let q = db
    .selectFrom('applications')
    .select([
      'id',
      'ref',
      'serviceCode',
      'applicantUserId',
      'applicantName',
      'status',
      'channel',
      'assigneeStaffId',
      'submittedAt',
      'deadlineDate',
    ])
  if (f.q) return q.where('ref', '=', f.q).limit(1)
  if (f.applicantUserId !== undefined) q = q.where('applicantUserId', '=', f.applicantUserId)
  else if (f.applicantName !== undefined) q = q.where('applicantName', '=', f.applicantName)
  else if (f.status) q = q.where('status', '=', f.status)
  else q = q.where('status', 'in', OPEN_STATUSES)
  if (f.service) q = q.where('serviceCode', '=', f.service)
  if (f.assignee === 'none') q = q.where('assigneeStaffId', 'is', null)
  else if (f.assignee) q = q.where('assigneeStaffId', '=', f.assignee)
  if (f.channel) q = q.where('channel', '=', f.channel)
  // `+deadline_date`: the same comparison, but no index can serve it, so the planner walks (status, id)
  const deadline = f.walkIds ? sql<string | null>`+${sql.ref('deadlineDate')}` : ('deadlineDate' as const)
  if (f.overdueBefore) q = q.where(deadline, '<', f.overdueBefore)
  if (f.dueBy) q = q.where(deadline, '<=', f.dueBy)
  if (f.sort === 'deadline') {
    // Earliest deadline first; only cases whose clock has started have one. Keyset on (deadline_date, id).
    q = q.where('deadlineDate', 'is not', null)
    if (f.afterDeadline && f.afterId) {
      const d = f.afterDeadline
      const id = f.afterId
      q = q.where('deadlineDate', '>=', d).where((eb) => eb.or([eb('deadlineDate', '>', d), eb('id', '>', id)]))
    }
    return q.orderBy('deadlineDate').orderBy('id').limit(limit)
  }
  if (f.beforeId) return q.where('id', '>', f.beforeId).orderBy('id', 'asc').limit(limit)
  const asc = f.dir === 'asc'
  if (f.afterId) q = q.where('id', asc ? '>' : '<', f.afterId)
  return q.orderBy('id', asc ? 'asc' : 'desc').limit(limit)
}

/** Claim only if nobody holds it (or I already do): race-safe across nodes. */
export async function claim(db: Conn, id: number, staffId: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('applications')
    .set({ assigneeStaffId: staffId, updatedAt: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('assigneeStaffId', 'is', null), eb('assigneeStaffId', '=', staffId)]))
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export const overdueOpen = (db: Conn, before: string) =>
  db
    .selectFrom('applications')
    .select(['id', 'ref', 'assigneeStaffId', 'deadlineDate', 'status'])
    .where('deadlineDate', '<', before)
    .where('status', 'in', OPEN_STATUSES)
    .orderBy('deadlineDate')
    .limit(1000)
    .execute()

export const decidedBetween = (db: Conn, from: string, to: string) =>
  db
    .selectFrom('applications')
    .select(['serviceCode', 'status', 'submittedAt', 'acceptedAt', 'decidedAt', 'deadlineDate'])
    .where('submittedAt', '>=', from)
    .where('submittedAt', '<', to)
    .execute()

/** Cases with any event (submission, 受理, decision) between the two instants, with their rating. */
export const statsRows = (db: Conn, from: string, to: string) =>
  db
    .selectFrom('applications as a')
    .leftJoin('ratings as r', 'r.applicationId', 'a.id')
    .select(['a.serviceCode', 'a.submittedAt', 'a.acceptedAt', 'a.decidedAt', 'a.deadlineDate', 'a.pausedDays', 'r.score'])
    .where('a.submittedAt', '<', to)
    .where((eb) => eb.or([eb('a.decidedAt', 'is', null), eb('a.decidedAt', '>=', from)]))
    .execute()
