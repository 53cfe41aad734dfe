import type { Kysely, Transaction } from 'kysely'
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
}

/** Keyset page of the queue, newest first. Each filter combination is served by an index (docs/queue-plans.md). */
export function queuePage(db: Conn, f: QueueFilter, limit: number) {
  return queueQuery(db, f, limit).execute()
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
  if (f.overdueBefore) q = q.where('deadlineDate', '<', f.overdueBefore)
  if (f.dueBy) q = q.where('deadlineDate', '<=', f.dueBy)
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
