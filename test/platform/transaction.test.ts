import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { DatabaseConnection, Dialect, Driver } from 'kysely'
import { sql, type Kysely, type Transaction } from 'kysely'
import { createTestContext, type TestContext } from '../support/context.js'
import { citizen } from '../support/fixtures.js'
import { PDF, TALENT_FIELDS, ensureCatalog, formToken, multipart } from '../support/cases.js'
import { freshMysqlDatabase } from '../support/processes.js'
import { connect, type DbHandle } from '../../src/db/connect.js'
import { backoffMs, DEFAULT_RETRY, serialisationFailure } from '../../src/db/transaction.js'

/**
 * The transaction runner (decision 0130): a serialisation failure — injected at COMMIT the first N
 * times, as Galera's certification aborts arrive, and a real one between two connections — makes the
 * whole transaction run again; the user sees one success and the database holds the work once.
 */
const mysql = !!process.env.DATABASE_URL
interface Counters {
  counters: { id: number; v: number }
}

/** A fake serialisation failure of the dialect under test, shaped like the driver's own. */
function conflictError(): Error {
  return mysql
    ? Object.assign(new Error('Deadlock found when trying to get lock; try restarting transaction'), {
        code: 'ER_LOCK_DEADLOCK',
        errno: 1213,
        sqlState: '40001',
      })
    : Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
}

/** Wraps the dialect's driver: while `faults.left > 0`, COMMIT rolls back and throws a conflict. */
const faults = { left: 0, injected: 0 }
function failingCommits(d: Dialect): Dialect {
  return {
    createAdapter: () => d.createAdapter(),
    createIntrospector: (db) => d.createIntrospector(db),
    createQueryCompiler: () => d.createQueryCompiler(),
    createDriver: (): Driver => {
      const driver = d.createDriver()
      return new Proxy(driver, {
        get(target, prop) {
          if (prop === 'commitTransaction')
            return async (conn: DatabaseConnection) => {
              if (faults.left > 0) {
                faults.left--
                faults.injected++
                throw conflictError() // Kysely then rolls back, as after a certification failure
              }
              return target.commitTransaction(conn)
            }
          const v: unknown = Reflect.get(target, prop, target)
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
        },
      })
    },
  }
}

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext({ logLevel: 'debug', wrapDialect: failingCommits })
  await ensureCatalog(ctx)
})
afterAll(async () => ctx?.close())

async function submitTalent(client: Awaited<ReturnType<typeof citizen>>['client']) {
  const token = await formToken(client, 'talent-registration')
  return client.postMultipart(
    '/applications',
    multipart(
      { service: 'talent-registration', form_token: token, ...TALENT_FIELDS },
      { file_degree_certificate: PDF, file_labour_contract: PDF },
    ),
  )
}

describe('transaction runner', () => {
  it('knows which errors are serialisation failures', () => {
    expect(serialisationFailure({ errno: 1213, code: 'ER_LOCK_DEADLOCK' })).toBe('ER_LOCK_DEADLOCK')
    expect(serialisationFailure({ errno: 1205, code: 'ER_LOCK_WAIT_TIMEOUT' })).toBe('ER_LOCK_WAIT_TIMEOUT')
    expect(serialisationFailure({ code: 'SQLITE_BUSY' })).toBe('SQLITE_BUSY')
    expect(serialisationFailure({ code: 'SQLITE_BUSY_SNAPSHOT' })).toBe('SQLITE_BUSY_SNAPSHOT')
    expect(serialisationFailure(new Error('x', { cause: { errno: 1213 } }))).toBe('errno 1213')
    expect(serialisationFailure({ errno: 1062, code: 'ER_DUP_ENTRY' })).toBeNull()
    expect(serialisationFailure({ code: 'ECONNREFUSED' })).toBeNull()
    expect(serialisationFailure(new Error('boom'))).toBeNull()
  })

  it('waits a jittered, growing, bounded time between tries', () => {
    expect(backoffMs(DEFAULT_RETRY, 1, () => 1)).toBe(DEFAULT_RETRY.baseMs)
    expect(backoffMs(DEFAULT_RETRY, 3, () => 1)).toBe(DEFAULT_RETRY.baseMs * 4)
    expect(backoffMs(DEFAULT_RETRY, 30, () => 1)).toBe(DEFAULT_RETRY.maxMs)
    expect(backoffMs(DEFAULT_RETRY, 3, () => 0.5)).toBe(DEFAULT_RETRY.baseMs * 2)
    expect(backoffMs(DEFAULT_RETRY, 3, () => 0)).toBe(0)
  })

  it('a conflict at COMMIT the first two times: the submission succeeds once, with its file, audit and message', async () => {
    const a = await citizen(ctx)
    const logsBefore = ctx.logLines.length
    faults.injected = 0
    faults.left = 2
    const r = await submitTalent(a.client)
    expect(faults.injected).toBe(2)
    expect(r.status).toBe(303)
    const ref = r.location!.split('/').pop()!.split('?')[0]
    const { db } = ctx.deps
    const apps = await db.selectFrom('applications').select(['id', 'ref']).where('applicantUserId', '=', a.id).execute()
    expect(apps.map((x) => x.ref)).toEqual([ref])
    const atts = await db.selectFrom('attachments').select(['id', 'storageKey']).where('applicationId', '=', apps[0].id).execute()
    expect(atts).toHaveLength(2)
    // the rolled-back tries left no file behind: exactly the two committed attachments' chunks exist
    const blobs = await db.selectFrom('attachmentBlobs').select('storageKey').distinct().execute()
    const keys = new Set(blobs.map((b) => b.storageKey))
    for (const x of atts) expect(keys.has(x.storageKey)).toBe(true)
    const allAttachments = await db.selectFrom('attachments').select('storageKey').execute()
    expect(keys.size).toBe(allAttachments.length)
    expect(
      await db.selectFrom('auditLog').select('seq').where('action', '=', 'application.submitted').where('subjectId', '=', ref).execute(),
    ).toHaveLength(1)
    expect(await db.selectFrom('messages').select('id').where('userId', '=', a.id).execute()).toHaveLength(1)
    // the file reads back whole
    const page = await a.client.get(`/applications/${ref}`)
    const link = page.text.match(/href="(\/applications\/[^"]+\/attachments\/\d+)"/)![1]
    const dl = await a.client.get(link)
    expect(dl.status).toBe(200)
    // each retry logged once at debug level, naming the failure and never the data
    const retries = ctx.logLines.slice(logsBefore).filter((l) => l.includes('transaction retried'))
    expect(retries).toHaveLength(2)
    expect(JSON.parse(retries[0])).toMatchObject({ level: 20, attempt: 1, failure: mysql ? 'ER_LOCK_DEADLOCK' : 'SQLITE_BUSY' })
  })

  it('a conflict that never clears: bounded tries, then 503 with Retry-After and nothing written', { timeout: 30_000 }, async () => {
    const a = await citizen(ctx)
    faults.injected = 0
    faults.left = 1000
    const r = await submitTalent(a.client)
    const tried = faults.injected
    faults.left = 0
    expect(tried).toBe(DEFAULT_RETRY.attempts)
    expect(r.status).toBe(503)
    expect(r.headers.get('retry-after')).toBe('5')
    expect(await ctx.deps.db.selectFrom('applications').select('id').where('applicantUserId', '=', a.id).execute()).toEqual([])
  })
})

/**
 * A real conflict between two connections, no fakes. MariaDB: A locks row 1 then wants row 2, B locks
 * row 2 then wants row 1 — InnoDB picks a deadlock victim (1213). SQLite (WAL): A reads, B commits a
 * write, A's write on its stale snapshot fails with SQLITE_BUSY_SNAPSHOT. Either way the loser's whole
 * transaction runs again and both increments land.
 */
describe('a real conflict between two connections', () => {
  let handle: DbHandle
  let other: DbHandle | null = null
  const cleanups: (() => Promise<void> | void)[] = []
  afterAll(async () => {
    await other?.destroy()
    await handle?.destroy()
    for (const f of cleanups) await f()
  })

  it('the loser retries its whole transaction and both commit', async () => {
    const retries: string[] = []
    const onRetry = (i: { code: string }) => void retries.push(i.code)
    if (mysql) {
      const d = await freshMysqlDatabase(process.env.DATABASE_URL!, 'ttx')
      cleanups.push(() => d.drop())
      handle = connect({ databaseUrl: d.url, sqliteFile: '', onRetry })
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-tx-'))
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
      handle = connect({ databaseUrl: null, sqliteFile: path.join(dir, 'x.db'), onRetry })
      other = connect({ databaseUrl: null, sqliteFile: path.join(dir, 'x.db'), onRetry })
    }
    const db = handle.db as unknown as Kysely<Counters>
    const db2 = (other?.db ?? handle.db) as unknown as Kysely<Counters>
    await sql`create table counters (id integer primary key, v integer not null)`.execute(db)
    await sql`insert into counters (id, v) values (1, 0), (2, 0)`.execute(db)
    const bump = (trx: Transaction<Counters>, id: number) =>
      trx
        .updateTable('counters')
        .set((eb) => ({ v: eb('v', '+', 1) }))
        .where('id', '=', id)
        .execute()
    const gate = () => {
      let open!: () => void
      const p = new Promise<void>((r) => (open = r))
      return { p, open }
    }
    let runsA = 0
    let runsB = 0
    if (mysql) {
      const aHas1 = gate()
      const bHas2 = gate()
      const A = db.transaction().execute(async (trx) => {
        runsA++
        await bump(trx, 1)
        if (runsA === 1) {
          aHas1.open()
          await bHas2.p
        }
        await bump(trx, 2)
      })
      const B = db.transaction().execute(async (trx) => {
        runsB++
        if (runsB === 1) await aHas1.p
        await bump(trx, 2)
        if (runsB === 1) {
          bHas2.open()
          await new Promise((r) => setTimeout(r, 100)) // A now waits for row 2
        }
        await bump(trx, 1)
      })
      await Promise.all([A, B])
      expect(retries).toContain('ER_LOCK_DEADLOCK')
    } else {
      const aRead = gate()
      const bDone = gate()
      const A = db.transaction().execute(async (trx) => {
        runsA++
        await trx.selectFrom('counters').selectAll().execute() // the snapshot starts here
        if (runsA === 1) {
          aRead.open()
          await bDone.p
        }
        await bump(trx, 1)
        await bump(trx, 2)
      })
      await aRead.p
      await db2.transaction().execute(async (trx) => {
        runsB++
        await bump(trx, 1)
        await bump(trx, 2)
      })
      bDone.open()
      await A
      expect(retries).toContain('SQLITE_BUSY_SNAPSHOT')
    }
    expect(runsA + runsB).toBe(3) // one of them ran twice
    const rows = await db.selectFrom('counters').select(['id', 'v']).orderBy('id').execute()
    expect(rows).toEqual([
      { id: 1, v: 2 },
      { id: 2, v: 2 },
    ])
  })
})
