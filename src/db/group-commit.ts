import { sql, type Kysely, type Transaction } from 'kysely'
import { serialisationFailure } from './transaction.js'

/**
 * Group commit (decision 0270): transaction bodies that arrive while another group is committing run
 * together in ONE database transaction, each in its own SAVEPOINT, so that BEGIN, COMMIT and the pages
 * COMMIT writes (WAL frames on SQLite, the redo log flush on InnoDB) are paid once per group instead of
 * once per body.
 *
 * - A body that throws is rolled back to its savepoint alone and gets its own error; the others go on.
 * - Nobody is answered before the shared COMMIT succeeded: results and errors are handed out after it,
 *   so an acknowledged body is durable (the crash test's promise), and a failing body's caller reads
 *   the database only once the group is settled (what it sees is final).
 * - A serialisation failure (SQLITE_BUSY, 1213 deadlock or Galera certification, 1205 lock wait) in a
 *   body or at COMMIT undoes the whole transaction on MySQL/MariaDB, so it is never caught per body:
 *   the whole group runs again through the database's transaction runner (RetryingKysely, decision
 *   0130), every body from the start. When the retries are spent, or COMMIT fails otherwise, every
 *   member is rejected with that error (the route answers 503 with Retry-After; the form_token makes
 *   the retry idempotent).
 * - When idle, a body starts at once in a plain transaction (no savepoint, no wait); a group forms only
 *   from the bodies that queued while the previous one ran, at most `maxBatch` of them. `parallel` groups
 *   may be in flight at once (one on SQLite, the single writer; a few on MySQL/MariaDB).
 *
 * Bodies follow the transaction rules (no effect outside the transaction, everything on `trx`), and
 * also must not wait for each other: they run one after the other on the one connection.
 */
export interface GroupCommitOptions {
  /** Most bodies in one transaction (default 32): bounds the time the group holds the writer lock. */
  maxBatch?: number
  /**
   * Groups that may be in flight at once (default 1). SQLite has one writer, so 1; on MySQL/MariaDB
   * transactions on different rows run side by side on the pool's connections and InnoDB already flushes
   * their redo log together, so several lanes keep that parallelism while each still shares its COMMIT.
   */
  parallel?: number
  /** Told about each group that committed (size), for tests and debugging. */
  onCommit?: (size: number) => void
}

export interface GroupCommit<DB> {
  run<T>(body: (trx: Transaction<DB>) => Promise<T>): Promise<T>
}

interface Member<DB> {
  body: (trx: Transaction<DB>) => Promise<unknown>
  resolve: (v: unknown) => void
  reject: (e: unknown) => void
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

export function createGroupCommit<DB>(db: Kysely<DB>, opts: GroupCommitOptions = {}): GroupCommit<DB> {
  const maxBatch = Math.max(1, opts.maxBatch ?? 32)
  const parallel = Math.max(1, opts.parallel ?? 1)
  const queue: Member<DB>[] = []
  let running = 0

  /** One lane: commits groups from the queue until it is empty. */
  async function lane() {
    running++
    try {
      while (queue.length) await commit(queue.splice(0, maxBatch))
    } finally {
      running--
    }
  }

  async function commit(group: Member<DB>[]) {
    let outcomes: Outcome[]
    try {
      outcomes =
        group.length === 1
          ? [{ ok: true, value: await db.transaction().execute(group[0].body) }]
          : await db.transaction().execute(async (trx) => {
              const out: Outcome[] = []
              for (const m of group) out.push(await inSavepoint(trx, m.body))
              return out
            })
    } catch (error) {
      for (const m of group) m.reject(error)
      return
    }
    opts.onCommit?.(group.length)
    group.forEach((m, i) => {
      const o = outcomes[i]
      if (o.ok) m.resolve(o.value)
      else m.reject(o.error)
    })
  }

  return {
    run<T>(body: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ body, resolve: resolve as (v: unknown) => void, reject })
        if (running < parallel) void lane()
      })
    },
  }
}

/**
 * One body in its own savepoint: its error rolls back only its own writes, unless it is a serialisation failure.
 * A body that succeeds leaves its savepoint in place, for a statement fewer (a round trip on MySQL/MariaDB): the next
 * member's `savepoint group_member` replaces it on MySQL/MariaDB and stacks on it on SQLite, and `rollback to` goes back
 * to the newest of that name on both, so a later failure still undoes only its own writes; COMMIT ends them all.
 */
async function inSavepoint<DB>(trx: Transaction<DB>, body: (trx: Transaction<DB>) => Promise<unknown>): Promise<Outcome> {
  await sql`savepoint group_member`.execute(trx)
  try {
    const value = await body(trx)
    return { ok: true, value }
  } catch (error) {
    if (serialisationFailure(error)) throw error // the whole transaction is gone (InnoDB) or unsure: the group runs again
    await sql`rollback to savepoint group_member`.execute(trx)
    await sql`release savepoint group_member`.execute(trx)
    return { ok: false, error }
  }
}

const runners = new WeakMap<object, GroupCommit<unknown>>()

/** Sets the runner of a database handle (connect() does, with GROUP_COMMIT_MAX_BATCH). */
export function configureGroupCommit<DB>(db: Kysely<DB>, opts: GroupCommitOptions): GroupCommit<DB> {
  const r = createGroupCommit(db, opts)
  runners.set(db, r as GroupCommit<unknown>)
  return r
}

/** The group-commit runner of a database handle (the one connect() configured, else a default one made on first use). */
export function groupCommit<DB>(db: Kysely<DB>): GroupCommit<DB> {
  let r = runners.get(db) as GroupCommit<DB> | undefined
  if (!r) {
    r = createGroupCommit(db)
    runners.set(db, r as GroupCommit<unknown>)
  }
  return r
}
