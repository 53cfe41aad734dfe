import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { SqliteDialect, sql } from 'kysely'
import {
  DEFAULT_RETRY,
  RetryingKysely,
  retryConflicts,
  serialisationFailure,
  withRetries,
  type RetryPolicy,
} from '../../src/db/transaction.js'

/**
 * The transaction runner's rules one by one, without a portal (transaction.test.ts drives it through
 * real submissions and real conflicts). Written from the mutation run (issue 23): each case below
 * kills mutants that the end-to-end tests left alive.
 */
const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
const wrap = (e: unknown, times: number): unknown => (times === 0 ? e : new Error('wrapped', { cause: wrap(e, times - 1) }))
const quick = (attempts: number): RetryPolicy => ({ attempts, baseMs: 0, maxMs: 0 })

describe('serialisationFailure: which errors make the whole transaction run again', () => {
  it('knows every retryable code on its own, and the MySQL errnos with or without a code', () => {
    for (const code of ['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED'])
      expect(serialisationFailure({ code })).toBe(code)
    expect(serialisationFailure({ errno: 1213 })).toBe('errno 1213')
    expect(serialisationFailure({ errno: 1205, code: 'ER_LOCK_WAIT_TIMEOUT' })).toBe('ER_LOCK_WAIT_TIMEOUT')
    expect(serialisationFailure({ errno: '1213' })).toBeNull()
    expect(serialisationFailure({ code: 'SQLITE_CONSTRAINT', errno: 19 })).toBeNull()
    expect(serialisationFailure({ code: '' })).toBeNull()
  })

  it('looks through causes up to five deep, and ends on a cycle', () => {
    expect(serialisationFailure(wrap(busy(), 4))).toBe('SQLITE_BUSY')
    expect(serialisationFailure(wrap(busy(), 5))).toBeNull()
    const cyclic = new Error('loop') as Error & { cause?: unknown }
    cyclic.cause = cyclic
    expect(serialisationFailure(cyclic)).toBeNull()
  })

  it('answers null for anything that is not such an error', () => {
    for (const v of [null, undefined, 'SQLITE_BUSY', 1213, new Error('boom')]) expect(serialisationFailure(v)).toBeNull()
  })
})

describe('withRetries', () => {
  it('retries a conflict without an onRetry hook, and gives up after the last attempt', async () => {
    let calls = 0
    await expect(withRetries(async () => (++calls < 3 ? Promise.reject(busy()) : 'ok'), quick(3))).resolves.toBe('ok')
    expect(calls).toBe(3)
    calls = 0
    await expect(withRetries(() => (calls++, Promise.reject(busy())), quick(2))).rejects.toThrow('database is locked')
    expect(calls).toBe(2)
  })

  it('throws any other error at once', async () => {
    let calls = 0
    await expect(withRetries(() => (calls++, Promise.reject(new Error('constraint'))), quick(5))).rejects.toThrow('constraint')
    expect(calls).toBe(1)
  })
})

describe('RetryingKysely: every way of opening a transaction retries', () => {
  function db(policy: RetryPolicy) {
    return new RetryingKysely<{ t: { v: number } }>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) }, policy)
  }
  async function conflictOnce(k: ReturnType<typeof db>, open: (k: ReturnType<typeof db>) => ReturnType<typeof k.transaction>) {
    await sql`create table t (v integer)`.execute(k)
    let runs = 0
    await open(k).execute(async (trx) => {
      runs++
      await trx.insertInto('t').values({ v: runs }).execute()
      if (runs === 1) throw busy()
    })
    const rows = await k.selectFrom('t').select('v').execute()
    await k.destroy()
    return { runs, rows }
  }

  it('keeps its policy, and retries transaction(), setIsolationLevel() and setAccessMode() alike — the first run rolled back', async () => {
    const policy = quick(3)
    expect(db(policy).retryPolicy).toBe(policy)
    for (const open of [
      (k: ReturnType<typeof db>) => k.transaction(),
      (k: ReturnType<typeof db>) => k.transaction().setIsolationLevel('serializable'),
      (k: ReturnType<typeof db>) => k.transaction().setAccessMode('read write'),
    ]) {
      const { runs, rows } = await conflictOnce(db(policy), open)
      expect(runs).toBe(2)
      expect(rows).toEqual([{ v: 2 }])
    }
  })

  it("retryConflicts uses the database's own policy, and the default for anything else", async () => {
    const k = db(quick(2))
    let calls = 0
    await expect(retryConflicts(k, () => (calls++, Promise.reject(busy())))).rejects.toThrow()
    expect(calls).toBe(2)
    await k.destroy()
    calls = 0
    const result = await retryConflicts({}, async () => (++calls < DEFAULT_RETRY.attempts ? Promise.reject(busy()) : 'last try'))
    expect(result).toBe('last try')
    expect(calls).toBe(DEFAULT_RETRY.attempts)
  })
})
