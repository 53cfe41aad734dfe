import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { createTestContext, type TestContext } from '../support/context.js'
import { PDF, ensureCatalog, submittedCase } from '../support/cases.js'
import { connect } from '../../src/db/connect.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { freshMysqlDatabase } from '../support/processes.js'
import { CHUNK_BYTES, createFileStore, importFilesFromDirectory } from '../../src/modules/applications/storage.js'

/**
 * Galera's rules (decision 0132) and files every node can read (decision 0131): every table has a
 * primary key, no LOCK TABLES / GET_LOCK / XA anywhere in the code, migrators on several nodes take a
 * replicated lease, and attachment bytes are rows — chunked, and importable from an older disk store.
 */
const mysql = !!process.env.DATABASE_URL
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
})
afterAll(async () => ctx?.close())

describe('Galera rules', () => {
  it('every table has a primary key', async () => {
    const db = ctx.deps.db
    let withoutPk: string[]
    if (mysql) {
      const r = await sql<{ t: string }>`
        select t.table_name as t from information_schema.tables t
        where t.table_schema = database() and t.table_type = 'BASE TABLE' and not exists (
          select 1 from information_schema.table_constraints c
          where c.table_schema = t.table_schema and c.table_name = t.table_name and c.constraint_type = 'PRIMARY KEY')`.execute(db)
      withoutPk = r.rows.map((x) => x.t)
      const tables = await sql`select table_name from information_schema.tables where table_schema = database()`.execute(db)
      expect(tables.rows.length).toBeGreaterThan(30)
    } else {
      const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(
        db,
      )
      expect(tables.rows.length).toBeGreaterThan(30)
      withoutPk = []
      for (const { name } of tables.rows) {
        const cols = await sql<{ pk: number }>`select pk from pragma_table_info(${name})`.execute(db)
        if (!cols.rows.some((c) => c.pk > 0)) withoutPk.push(name)
      }
    }
    expect(withoutPk).toEqual([])
  })

  it('no LOCK TABLES, GET_LOCK or XA in the code or the migrations', () => {
    const files: string[] = []
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name)
        if (e.isDirectory()) walk(p)
        else if (/\.(ts|tsx)$/.test(e.name)) files.push(p)
      }
    }
    walk('src')
    walk('migrations')
    expect(files.length).toBeGreaterThan(50)
    const bad = /\bLOCK\s+TABLES?\b|\b(get_lock|release_lock|is_free_lock)\s*\(|\bXA\s+(START|BEGIN|END|PREPARE|COMMIT|ROLLBACK|RECOVER)\b/i
    expect(files.filter((f) => bad.test(fs.readFileSync(f, 'utf8')))).toEqual([])
  })

  it('migrators on several nodes at once: both finish, each migration applied once; a dead node’s stale lease is taken over', async () => {
    let url: string | null = null
    let drop = async () => {}
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-lk-'))
    if (mysql) {
      const d = await freshMysqlDatabase(process.env.DATABASE_URL!, 'tlk')
      url = d.url
      drop = () => d.drop()
    }
    const a = connect({ databaseUrl: url, sqliteFile: path.join(dir, 'x.db') })
    const b = connect({ databaseUrl: url, sqliteFile: path.join(dir, 'x.db') })
    try {
      // MySQL: at the same moment (the lease decides); SQLite is one node's file, so one after the other
      const [ra, rb] = mysql
        ? await Promise.all([migrateToLatest(a.db, a.dialect), migrateToLatest(b.db, b.dialect)])
        : [await migrateToLatest(a.db, a.dialect), await migrateToLatest(b.db, b.dialect)]
      const names = (await sql<{ name: string }>`select name from kysely_migration`.execute(a.db)).rows.map((r) => r.name)
      expect([...ra, ...rb].sort()).toEqual(names.sort())
      if (mysql) {
        const db = a.db
        const lease = async () => (await sql<{ v: number }>`select is_locked as v from kysely_migration_lock`.execute(db)).rows[0]
        expect((await lease()).v).toBe(0)
        // a lease left 31 minutes ago by a node that died mid-migration does not block for ever
        await sql`update kysely_migration_lock set is_locked = ${Math.floor(Date.now() / 60_000) - 31}`.execute(db)
        expect(await migrateToLatest(b.db, 'mysql')).toEqual([])
        expect((await lease()).v).toBe(0)
      }
    } finally {
      await a.destroy()
      await b.destroy()
      await drop()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('attachment bytes in the database', () => {
  it('a large file is stored in chunks and reads back byte for byte', async () => {
    const store = createFileStore()
    const big = crypto.randomBytes(CHUNK_BYTES * 2 + 123)
    const saved = await ctx.deps.db.transaction().execute((trx) => store.save(trx, big))
    const chunks = await ctx.deps.db.selectFrom('attachmentBlobs').select('chunk').where('storageKey', '=', saved.storageKey).execute()
    expect(chunks.map((c) => c.chunk).sort()).toEqual([0, 1, 2])
    expect((await store.read(ctx.deps.db, saved.storageKey)).equals(big)).toBe(true)
    expect(saved.sha256).toBe(crypto.createHash('sha256').update(big).digest('hex'))
  })

  it('attachments:import moves an older install’s files into the database once, checking each checksum', async () => {
    const { citizen: who, ref } = await submittedCase(ctx)
    const db = ctx.deps.db
    const app = await db.selectFrom('applications').select('id').where('ref', '=', ref).executeTakeFirstOrThrow()
    const atts = await db.selectFrom('attachments').select(['storageKey', 'sha256']).where('applicationId', '=', app.id).execute()
    expect(atts.length).toBe(2)
    // as an older install left them: the bytes on disk, not in the table; one file altered
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-uploads-'))
    fs.writeFileSync(path.join(dir, atts[0].storageKey), PDF)
    fs.writeFileSync(path.join(dir, atts[1].storageKey), Buffer.concat([PDF, Buffer.from('x')]))
    await db
      .deleteFrom('attachmentBlobs')
      .where(
        'storageKey',
        'in',
        atts.map((a) => a.storageKey),
      )
      .execute()
    const store = createFileStore()
    const r1 = await importFilesFromDirectory(db, store, dir)
    expect(r1.imported).toBe(1)
    expect(r1.mismatched).toEqual([atts[1].storageKey])
    expect((await store.read(db, atts[0].storageKey)).equals(Buffer.from(PDF))).toBe(true)
    fs.writeFileSync(path.join(dir, atts[1].storageKey), PDF)
    const r2 = await importFilesFromDirectory(db, store, dir)
    expect(r2).toMatchObject({ imported: 1, mismatched: [], missing: [] })
    expect((await importFilesFromDirectory(db, store, dir)).imported).toBe(0)
    // and the citizen downloads it from the database
    const page = await who.client.get(`/applications/${ref}`)
    const link = page.text.match(/href="(\/applications\/[^"]+\/attachments\/\d+)"/)![1]
    const dl = await who.client.get(link)
    expect(dl.status).toBe(200)
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
