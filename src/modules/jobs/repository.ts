import type { Kysely, Transaction, Insertable } from 'kysely'
import type { Database } from '../../db/database.js'
import type { JobsTable } from './table.js'

type Conn = Kysely<Database> | Transaction<Database>

export const insertJob = (db: Conn, row: Insertable<JobsTable>) => db.insertInto('jobs').values(row).execute()

export async function dueJobIds(db: Conn, now: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('jobs')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('runAt', '<=', now)]),
        eb.and([eb('status', '=', 'running'), eb('lockedUntil', '<', now)]),
      ]),
    )
    .orderBy('runAt')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}

/** Lease a job; a worker that dies loses the lease and the job is picked up again (resumed). */
export async function claimJob(db: Conn, id: number, worker: string, now: string, lockedUntil: string): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set((eb) => ({ status: 'running', lockedBy: worker, lockedUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('runAt', '<=', now)]),
        eb.and([eb('status', '=', 'running'), eb('lockedUntil', '<', now)]),
      ]),
    )
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export const getJob = (db: Conn, id: number) => db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

export const saveProgress = (db: Conn, id: number, progress: string, lockedUntil: string) =>
  db.updateTable('jobs').set({ progress, lockedUntil }).where('id', '=', id).execute()

export const finishJob = (db: Conn, id: number, now: string) =>
  db
    .updateTable('jobs')
    .set({ status: 'done', finishedAt: now, lockedBy: null, lockedUntil: null, lastError: null })
    .where('id', '=', id)
    .execute()

export const failJob = (db: Conn, id: number, status: 'queued' | 'failed', runAt: string, error: string) =>
  db
    .updateTable('jobs')
    .set({ status, runAt, lockedBy: null, lockedUntil: null, lastError: error.slice(0, 500) })
    .where('id', '=', id)
    .execute()

/** Give a leased job back unchanged (worker stopping): due again at once, and this attempt does not count. */
export const releaseJob = (db: Conn, id: number, now: string) =>
  db
    .updateTable('jobs')
    .set((eb) => ({ status: 'queued', runAt: now, lockedBy: null, lockedUntil: null, attempts: eb('attempts', '-', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute()

export const getSchedule = (db: Conn, name: string) => db.selectFrom('jobSchedules').selectAll().where('name', '=', name).executeTakeFirst()

export async function ensureSchedule(db: Conn, name: string, nextRunAt: string) {
  const s = await getSchedule(db, name)
  if (!s) {
    try {
      await db.insertInto('jobSchedules').values({ name, nextRunAt, lastRunAt: null }).execute()
    } catch {
      /* another node inserted it */
    }
  }
}

/** Claim a periodic run by moving next_run_at forward only if nobody else did. */
export async function claimSchedule(db: Conn, name: string, expectedNext: string, newNext: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('jobSchedules')
    .set({ nextRunAt: newNext, lastRunAt: now })
    .where('name', '=', name)
    .where('nextRunAt', '=', expectedNext)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export const jobsByKind = (db: Conn, kind: string) => db.selectFrom('jobs').selectAll().where('kind', '=', kind).orderBy('id').execute()
