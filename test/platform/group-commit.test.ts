import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { SqliteDialect, sql, type DatabaseConnection, type Dialect, type Driver } from 'kysely'
import { RetryingKysely, type RetryPolicy } from '../../src/db/transaction.js'
import { createGroupCommit, groupCommit, configureGroupCommit } from '../../src/db/group-commit.js'

/**
 * The group-commit runner (decision 0270) on its own: an in-memory SQLite database, a driver wrapper that
 * can hold or fail COMMIT and records every statement. The submit path uses it through
 * test/quality/crash.test.ts and test/modules/applications.
 */
type DB = { t: { v: string } }
const quick: RetryPolicy = { attempts: 3, baseMs: 0, maxMs: 0 }
const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })

interface Hooks {
  statements: string[]
  /** Awaited before each COMMIT reaches SQLite; may throw instead. */
  beforeCommit: (() => Promise<void>) | null
}

function wrapped(inner: Dialect, hooks: Hooks): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createDriver: (): Driver => {
      const d = inner.createDriver()
      const seen = new WeakSet<DatabaseConnection>()
      const spy = (c: DatabaseConnection) => {
        if (!seen.has(c)) {
          seen.add(c)
          const exec = c.executeQuery.bind(c)
          c.executeQuery = (q) => (hooks.statements.push(q.sql), exec(q))
        }
        return c
      }
      return {
        init: () => d.init(),
        acquireConnection: async () => spy(await d.acquireConnection()),
        beginTransaction: (c, s) => d.beginTransaction(c, s),
        commitTransaction: async (c) => {
          if (hooks.beforeCommit) await hooks.beforeCommit()
          return d.commitTransaction(c)
        },
        rollbackTransaction: (c) => d.rollbackTransaction(c),
        releaseConnection: (c) => d.releaseConnection(c),
        destroy: () => d.destroy(),
      }
    },
  }
}

async function setup(maxBatch = 32) {
  const hooks: Hooks = { statements: [], beforeCommit: null }
  const db = new RetryingKysely<DB>({ dialect: wrapped(new SqliteDialect({ database: new Database(':memory:') }), hooks) }, quick)
  await sql`create table t (v text primary key)`.execute(db)
  hooks.statements.length = 0
  const sizes: number[] = []
  const gc = createGroupCommit<DB>(db, { maxBatch, onCommit: (n) => sizes.push(n) })
  const rows = async () => (await db.selectFrom('t').select('v').orderBy('v').execute()).map((r) => r.v)
  return { db, hooks, gc, sizes, rows }
}

/** A promise and its resolver: holds a body (or COMMIT) until the test lets it go. */
function gate() {
  let open!: () => void
  const p = new Promise<void>((r) => (open = r))
  return { p, open }
}

/** Settles of each promise, in order, as they happen. */
function track<T>(ps: Promise<T>[]) {
  const settled: string[] = []
  ps.forEach((p, i) => {
    p.then(
      () => settled.push(`ok ${i}`),
      () => settled.push(`err ${i}`),
    )
  })
  return settled
}

const tick = () => new Promise((r) => setTimeout(r, 5))

describe('group commit', () => {
  it('runs the bodies that queued behind a transaction in one transaction, a failing body rolled back alone with its own error', async () => {
    const { gc, sizes, rows, hooks } = await setup()
    const hold = gate()
    const first = gc.run(async (trx) => {
      await trx.insertInto('t').values({ v: 'a' }).execute()
      await hold.p
      return 'a'
    })
    await tick()
    const b = gc.run(async (trx) => (await trx.insertInto('t').values({ v: 'b' }).execute(), 'b'))
    const c = gc.run(async (trx) => {
      await trx.insertInto('t').values({ v: 'c' }).execute()
      throw new Error('c is invalid')
    })
    const dup = gc.run(async (trx) => (await trx.insertInto('t').values({ v: 'b' }).execute(), 'dup')) // unique violation
    const d = gc.run(async (trx) => (await trx.insertInto('t').values({ v: 'd' }).execute(), 'd'))
    hold.open()
    await expect(first).resolves.toBe('a')
    await expect(b).resolves.toBe('b')
    await expect(c).rejects.toThrow('c is invalid')
    await expect(dup).rejects.toThrow(/UNIQUE/)
    await expect(d).resolves.toBe('d')
    expect(await rows()).toEqual(['a', 'b', 'd'])
    expect(sizes).toEqual([1, 4])
    // one BEGIN/COMMIT for the four, each in its own savepoint
    expect(hooks.statements.filter((s) => s === 'commit')).toHaveLength(2)
    expect(hooks.statements.filter((s) => /^savepoint/i.test(s))).toHaveLength(4)
    expect(hooks.statements.filter((s) => /^rollback to savepoint/i.test(s))).toHaveLength(2)
    // a member that succeeded keeps its savepoint (the next one replaces or stacks on it): released only after a rollback
    expect(hooks.statements.filter((s) => /^release savepoint/i.test(s))).toHaveLength(2)
  })

  it('answers nobody, not even a failed body, before the shared COMMIT succeeded', async () => {
    const { gc, hooks, rows } = await setup()
    const hold = gate()
    const first = gc.run(async (trx) => {
      await trx.insertInto('t').values({ v: 'a' }).execute()
      await hold.p
    })
    await tick()
    const commit = gate()
    const group: Promise<unknown>[] = [
      gc.run((trx) => trx.insertInto('t').values({ v: 'b' }).execute()),
      gc.run(() => Promise.reject(new Error('no'))),
    ]
    const settled = track<unknown>([first, ...group])
    hooks.beforeCommit = () => commit.p
    hold.open()
    await tick()
    await tick()
    expect(settled).toEqual([]) // the first transaction's COMMIT is held: nothing answered
    commit.open()
    await Promise.allSettled([first, ...group])
    expect(settled).toEqual(['ok 0', 'ok 1', 'err 2'])
    expect(await rows()).toEqual(['a', 'b'])
  })

  it('a COMMIT that fails rejects every member and keeps none of their writes', async () => {
    const { gc, hooks, rows } = await setup()
    const hold = gate()
    const first = gc.run(async (trx) => {
      await trx.insertInto('t').values({ v: 'a' }).execute()
      await hold.p
    })
    await tick()
    const group = ['b', 'c'].map((v) => gc.run((trx) => trx.insertInto('t').values({ v }).execute()))
    hooks.beforeCommit = () => Promise.reject(new Error('disk I/O error'))
    hold.open()
    for (const p of [first, ...group]) await expect(p).rejects.toThrow('disk I/O error')
    expect(await rows()).toEqual([])
    // and the runner goes on afterwards
    hooks.beforeCommit = null
    await expect(gc.run(async (trx) => (await trx.insertInto('t').values({ v: 'e' }).execute(), 'e'))).resolves.toBe('e')
    expect(await rows()).toEqual(['e'])
  })

  it('a serialisation failure at COMMIT or in one body runs the whole group again; still failing, every member is rejected', async () => {
    const { gc, hooks, rows, sizes } = await setup()
    const runs: Record<string, number> = { a: 0, b: 0, c: 0 }
    const hold = gate()
    const first = gc.run(async (trx) => {
      runs.a++
      await trx.insertInto('t').values({ v: 'a' }).execute()
      await hold.p
    })
    await tick()
    let failsLeft = 1
    const group = [
      gc.run(async (trx) => (runs.b++, await trx.insertInto('t').values({ v: 'b' }).execute(), 'b')),
      gc.run(async (trx) => {
        runs.c++
        if (failsLeft-- > 0) throw busy() // not this body's own error: the transaction is gone on InnoDB
        await trx.insertInto('t').values({ v: 'c' }).execute()
        return 'c'
      }),
    ]
    let commitFails = 1
    hooks.beforeCommit = () => (commitFails-- > 0 ? Promise.reject(busy()) : Promise.resolve())
    hold.open()
    await first
    expect(await Promise.all(group)).toEqual(['b', 'c'])
    expect(runs).toEqual({ a: 2, b: 2, c: 2 }) // a: COMMIT busy once; b and c: c busy once
    expect(await rows()).toEqual(['a', 'b', 'c'])
    expect(sizes).toEqual([1, 2])

    // always busy: after the policy's 3 attempts every member gets the error
    hooks.beforeCommit = () => Promise.reject(busy())
    const settled = await Promise.allSettled(['x', 'y'].map((v) => gc.run((trx) => trx.insertInto('t').values({ v }).execute())))
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected'])
    expect(await rows()).toEqual(['a', 'b', 'c'])
  })

  it('never puts more than maxBatch bodies in one transaction', async () => {
    const { gc, sizes, rows } = await setup(2)
    const hold = gate()
    const all = [
      gc.run(async (trx) => {
        await trx.insertInto('t').values({ v: '0' }).execute()
        await hold.p
      }),
    ]
    await tick()
    for (let i = 1; i <= 5; i++)
      all.push(
        gc.run((trx) =>
          trx
            .insertInto('t')
            .values({ v: String(i) })
            .execute()
            .then(() => {}),
        ),
      )
    hold.open()
    await Promise.all(all)
    expect(sizes).toEqual([1, 2, 2, 1])
    expect(await rows()).toEqual(['0', '1', '2', '3', '4', '5'])
  })

  it('with parallel lanes, a body that arrives while one group is in flight starts its own', async () => {
    for (const parallel of [1, 2]) {
      const hooks: Hooks = { statements: [], beforeCommit: null }
      const db = new RetryingKysely<DB>({ dialect: wrapped(new SqliteDialect({ database: new Database(':memory:') }), hooks) }, quick)
      const sizes: number[] = []
      const gc = createGroupCommit<DB>(db, { parallel, onCommit: (n) => sizes.push(n) })
      const hold = gate()
      const all = [gc.run(() => hold.p)]
      await tick()
      all.push(gc.run(() => Promise.resolve())) // parallel 2: a second lane takes it at once
      await tick()
      all.push(
        gc.run(() => Promise.resolve()),
        gc.run(() => Promise.resolve()),
      )
      hold.open()
      await Promise.all(all)
      expect(sizes).toEqual(parallel === 1 ? [1, 3] : [1, 1, 2])
    }
  })

  it('when idle, a body starts at once in a plain transaction: no savepoint, no timer', async () => {
    const { gc, hooks, sizes } = await setup()
    let started = false
    const timer = new Promise<boolean>((r) => setTimeout(() => r(started), 0))
    const p = gc.run(() => {
      started = true
      return Promise.resolve(1)
    })
    expect(await timer).toBe(true)
    await p
    expect(sizes).toEqual([1])
    expect(hooks.statements).toEqual(['begin', 'commit'])
  })

  it('one runner per database handle: configureGroupCommit sets it, groupCommit finds it', async () => {
    const { db } = await setup()
    const a = groupCommit<DB>(db)
    expect(groupCommit<DB>(db)).toBe(a)
    const b = configureGroupCommit<DB>(db, { maxBatch: 4 })
    expect(groupCommit<DB>(db)).toBe(b)
    expect(b).not.toBe(a)
  })

  it('the default runner works without options, and a failing member of a group gets its own error', async () => {
    const { db, rows } = await setup()
    const a = groupCommit<DB>(db) // never configured: made on first use, no onCommit hook
    expect(a).toBeDefined()
    const hold = gate()
    const first = a.run(async (trx) => {
      await hold.p
      await trx.insertInto('t').values({ v: 'a' }).execute()
      return 'a'
    })
    // these two queue while the first holds the writer, then commit together, each in its savepoint
    const second = a.run(async (trx) => {
      await trx.insertInto('t').values({ v: 'b' }).execute()
      return 'b'
    })
    const third = a.run(async (trx) => {
      await trx.insertInto('t').values({ v: 'c' }).execute()
      throw new Error('third refused')
    })
    hold.open()
    await expect(first).resolves.toBe('a')
    await expect(second).resolves.toBe('b')
    // its own error object (rejects.toThrow would also pass for a rejection with undefined)
    const err: unknown = await third.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).message).toBe('third refused')
    expect(await rows()).toEqual(['a', 'b'])
  })
})
