import type { Kysely, Transaction } from 'kysely'
import { retryConflicts } from '../../db/transaction.js'
import crypto from 'node:crypto'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import type { Logger } from '../../lib/logger.js'
import { addMs, toTimestamp } from '../../db/time.js'
import { isUniqueViolation } from '../../db/helpers.js'
import * as repo from './repository.js'

export interface JobContext {
  now: Date
  /** Last saved progress (JSON) — a resumed job continues from here. */
  progress: unknown
  /** Persist progress and extend the lease; call between steps of a long job. Pass the step's transaction to commit both together. */
  saveProgress(p: unknown, trx?: Transaction<Database>): Promise<void>
  /** Aborted when the worker stops: a long job ends at its next saveProgress and resumes later. */
  signal: AbortSignal
}
export type JobHandler<P = unknown> = (payload: P, ctx: JobContext) => Promise<void>
/** `signal` is aborted when the worker stops; a task that loops over a batch stops between items. */
export type PeriodicTask = (now: Date, signal: AbortSignal) => Promise<unknown>

/** Thrown by saveProgress once the worker is stopping: the job's lease is released, not counted as a failure. */
class JobStopped extends Error {
  constructor() {
    super('worker stopping')
  }
}

const LEASE_MS = 5 * 60_000

/**
 * DB-backed jobs: queued one-off jobs (e.g. an account closure) and periodic tasks (outbox,
 * retention purge, deadline warnings). All state is in the database, so any number of nodes can
 * run workers, and a job whose worker died is picked up again when its lease runs out.
 * Handlers must be idempotent and save progress between steps.
 */
export function createJobService(deps: { db: Kysely<Database>; clock: Clock; logger: Logger; concurrency?: number }) {
  const { db, clock, logger } = deps
  const concurrency = deps.concurrency ?? 1
  const handlers = new Map<string, JobHandler>()
  const periodic = new Map<string, { everyMs: number; task: PeriodicTask }>()
  const workerId = `${process.pid}-${crypto.randomBytes(3).toString('hex')}`
  let timer: NodeJS.Timeout | null = null
  let running: Promise<unknown> | null = null
  let stopping = false
  let abort = new AbortController()
  /** Jobs this worker holds a lease on right now (for the shutdown log). */
  const active = new Map<number, string>()

  async function runJob(id: number, nowDate: Date) {
    const now = toTimestamp(nowDate)
    // a lease taken on another node at the same moment is a certification conflict: try the claim again
    if (!(await retryConflicts(db, () => repo.claimJob(db, id, workerId, now, addMs(now, LEASE_MS))))) return false
    const job = await repo.getJob(db, id)
    const handler = handlers.get(job.kind)
    const signal = abort.signal
    active.set(id, job.kind)
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`)
      await handler(JSON.parse(job.payload), {
        now: nowDate,
        progress: job.progress ? JSON.parse(job.progress) : null,
        signal,
        saveProgress: async (p, trx) => {
          await repo.saveProgress(trx ?? db, id, JSON.stringify(p), addMs(toTimestamp(clock.now()), LEASE_MS))
          // the step and its progress are saved; stop before the next step rather than hold the lease
          if (signal.aborted) throw new JobStopped()
        },
      })
      await repo.finishJob(db, id, toTimestamp(clock.now()))
    } catch (e) {
      if (e instanceof JobStopped) {
        await repo.releaseJob(db, id, toTimestamp(clock.now()))
        logger.info({ jobId: id, kind: job.kind }, 'job paused for shutdown, lease released')
        return true
      }
      const giveUp = job.attempts >= job.maxAttempts
      await repo.failJob(
        db,
        id,
        giveUp ? 'failed' : 'queued',
        addMs(now, Math.min(60_000 * 2 ** job.attempts, 6 * 3_600_000)),
        (e as Error).message,
      )
      logger.error({ jobId: id, kind: job.kind, attempts: job.attempts, err: (e as Error).message }, 'job failed')
    } finally {
      active.delete(id)
    }
    return true
  }

  const service = {
    workerId,
    /** The handler's payload type is the caller's word for what it enqueues under `kind`. */
    register<P>(kind: string, handler: JobHandler<P>) {
      handlers.set(kind, handler as JobHandler)
    },
    every(name: string, everyMs: number, task: PeriodicTask) {
      periodic.set(name, { everyMs, task })
    },

    /** Queue a job in the caller's transaction. `uniqueKey` makes enqueueing idempotent. */
    async enqueue(
      trx: Kysely<Database> | Transaction<Database>,
      kind: string,
      payload: unknown,
      opts: { runAt?: Date; uniqueKey?: string; maxAttempts?: number } = {},
    ) {
      try {
        await repo.insertJob(trx, {
          kind,
          payload: JSON.stringify(payload),
          uniqueKey: opts.uniqueKey ?? null,
          status: 'queued',
          runAt: toTimestamp(opts.runAt ?? clock.now()),
          maxAttempts: opts.maxAttempts ?? 10,
          lockedBy: null,
          lockedUntil: null,
          progress: null,
          lastError: null,
          createdAt: toTimestamp(clock.now()),
          finishedAt: null,
        })
      } catch (e) {
        if (!isUniqueViolation(e)) throw e
      }
    },

    /** Run everything due once: periodic tasks, then queued jobs. `now` overrides the clock (CLI --now). */
    async runDue(nowOverride?: Date): Promise<{ periodic: string[]; jobs: number }> {
      const nowDate = nowOverride ?? clock.now()
      const now = toTimestamp(nowDate)
      const ran: string[] = []
      for (const [name, p] of periodic) {
        if (stopping) break
        await repo.ensureSchedule(db, name, now)
        const s = await repo.getSchedule(db, name)
        if (!s || s.nextRunAt > now) continue
        if (!(await retryConflicts(db, () => repo.claimSchedule(db, name, s.nextRunAt, addMs(now, p.everyMs), now)))) continue
        try {
          await p.task(nowDate, abort.signal)
          ran.push(name)
        } catch (e) {
          logger.error({ task: name, err: (e as Error).message }, 'periodic task failed')
        }
      }
      let jobs = 0
      for (;;) {
        if (stopping) break
        const ids = await repo.dueJobIds(db, now, 20 * concurrency)
        if (ids.length === 0) break
        // Up to `concurrency` jobs at once: on MySQL/MariaDB the round trips and commits of
        // independent jobs overlap (group commit); each job is still claimed by its own lease.
        let progressed = false
        let i = 0
        const lane = async () => {
          while (i < ids.length && !stopping)
            if (await runJob(ids[i++], nowDate)) {
              jobs++
              progressed = true
            }
        }
        await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, lane))
        if (!progressed) break
      }
      return { periodic: ran, jobs }
    },

    /**
     * In-process worker loop (default). Its timer is unref'd: the worker never keeps a process alive
     * on its own, and after stop() no tick can arm it again (issue 22).
     */
    start(intervalMs = 2000) {
      if (running || timer) return
      stopping = false
      abort = new AbortController()
      const arm = (ms: number) => {
        if (stopping) return
        timer = setTimeout(() => void tick(), ms)
        timer.unref()
      }
      const tick = async () => {
        timer = null
        if (stopping) return
        running = service.runDue().catch((e) => logger.error({ err: (e as Error).message }, 'job loop failed'))
        await running
        running = null
        arm(intervalMs)
      }
      arm(200)
    },
    /** Stops the loop: no new job or task starts, a running job ends at its next saveProgress. Resolves when nothing runs. */
    async stop() {
      stopping = true
      abort.abort()
      if (timer) clearTimeout(timer)
      timer = null
      if (running) await running
    },
    /** Job ids and kinds this worker is running now. */
    activeJobs: () => [...active].map(([id, kind]) => ({ id, kind })),
    jobsByKind: (kind: string) => repo.jobsByKind(db, kind),
  }
  return service
}

export type JobService = ReturnType<typeof createJobService>
