import { Kysely, type KyselyConfig, type TransactionBuilder } from 'kysely'

/**
 * The one transaction runner (decision 0130). Every `db.transaction().execute(cb)` on a Kysely built by
 * connect() goes through it: on a serialisation failure the WHOLE transaction is rolled back and `cb`
 * runs again from the start, a bounded number of times with jittered exponential backoff.
 *
 * Serialisation failures: MySQL/MariaDB 1213 (deadlock — Galera's certification aborts arrive as 1213
 * at COMMIT) and 1205 (lock wait timeout), and SQLite's busy/locked-snapshot errors. Anything else is
 * thrown at once. Transaction bodies must therefore have no effect outside the transaction (no SMS,
 * mail or file writes; no outer state that a second run would double) — the outbox and the audit log
 * are written inside it and are rolled back with it.
 */
export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number
  baseMs: number
  maxMs: number
  onRetry?: (info: { attempt: number; code: string; delayMs: number }) => void
}

// 8 tries: in the cluster test (12 concurrent journeys on 3 Galera nodes) a few transactions needed 5
export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseMs: 20, maxMs: 500 }

const RETRY_ERRNOS = new Set([1213, 1205])
const RETRY_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED'])

/** The error's code when it is a serialisation failure worth retrying the whole transaction for, else null. */
export function serialisationFailure(err: unknown): string | null {
  // the driver's error, or one wrapping it (`cause`), at most five deep (a cycle of causes ends too)
  let e = err as { code?: unknown; errno?: unknown; cause?: unknown } | null | undefined
  for (let depth = 0; e != null && depth < 5; depth++, e = e.cause as typeof e) {
    const { code, errno } = e
    if (RETRY_ERRNOS.has(errno as number)) return typeof code === 'string' ? code : `errno ${String(errno)}`
    if (RETRY_CODES.has(code as string)) return code as string
  }
  return null
}

/** Full jitter: a random delay in [0, min(max, base·2^(attempt-1))] so retrying writers spread out. */
export function backoffMs(policy: RetryPolicy, attempt: number, random = Math.random): number {
  return Math.round(random() * Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1)))
}

/** Runs `fn` (a whole transaction, or one autocommit write) again on serialisation failures. */
export async function withRetries<T>(fn: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (e) {
      const code = serialisationFailure(e)
      if (!code || attempt >= policy.attempts) throw e
      const delayMs = backoffMs(policy, attempt)
      policy.onRetry?.({ attempt, code, delayMs })
      await new Promise((r) => setTimeout(r, delayMs))
    }
  }
}

/**
 * Kysely whose transaction builder retries: `transaction().execute(cb)` (also after setIsolationLevel /
 * setAccessMode) runs through withRetries. Nothing else changes, so the 48 call sites stay as they are.
 */
export class RetryingKysely<DB> extends Kysely<DB> {
  readonly retryPolicy: RetryPolicy
  constructor(config: KyselyConfig, policy: RetryPolicy = DEFAULT_RETRY) {
    super(config)
    this.retryPolicy = policy
  }
  override transaction(): TransactionBuilder<DB> {
    return retryingBuilder(super.transaction(), this.retryPolicy)
  }
}

function retryingBuilder<DB>(builder: TransactionBuilder<DB>, policy: RetryPolicy): TransactionBuilder<DB> {
  // TransactionBuilder's whole public surface is these three methods (kysely 0.28); its #private
  // field makes the class nominal, hence the cast.
  const retrying: Pick<TransactionBuilder<DB>, 'execute' | 'setIsolationLevel' | 'setAccessMode'> = {
    execute: (cb) => withRetries(() => builder.execute(cb), policy),
    setIsolationLevel: (level) => retryingBuilder(builder.setIsolationLevel(level), policy),
    setAccessMode: (mode) => retryingBuilder(builder.setAccessMode(mode), policy),
  }
  return retrying as TransactionBuilder<DB>
}

/** For writes outside a transaction (rate-limit counters, job leases): retried with the db's own policy. */
export function retryConflicts<T>(db: object, fn: () => Promise<T>): Promise<T> {
  return withRetries(fn, db instanceof RetryingKysely ? db.retryPolicy : DEFAULT_RETRY)
}
