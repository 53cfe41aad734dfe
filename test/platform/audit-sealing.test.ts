import { afterAll, beforeAll, describe, expect, it as vitestIt } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { createTestContext, type TestContext } from '../support/context.js'
import { createAuditService, isConflict, withRetry, type AuditContext } from '../../src/modules/audit/service.js'
import { auditKeys, macKeys, signingKey } from '../../src/modules/audit/keys.js'
import { createCheckpointStore } from '../../src/modules/audit/checkpoints.js'
import { verifyChain } from '../../src/modules/audit/verify.js'
import { GENESIS_MAC, canonicalRow } from '../../src/modules/audit/chain.js'
import type { Config } from '../../src/config.js'

/** The sealer's batches, legacy rows, key rotation, checkpoints that disagree, and the small parts around them. */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const staffCtx: AuditContext = { actorType: 'staff', actorId: '7', actorRole: 'clerk', ip: '10.0.0.1', userAgent: 'ua', requestId: 'r1' }
const db = () => ctx.deps.db
const key = (n: number) => Buffer.alloc(32, n)
const serviceWith = (config: Partial<Config> = {}, sealBatch?: number) =>
  createAuditService({
    db: db(),
    dialect: ctx.deps.dialect,
    clock: ctx.clock,
    logger: ctx.deps.logger,
    keys: auditKeys({ ...ctx.config, ...config }),
    checkpointDir: ctx.config.auditCheckpointDir,
    sealBatch,
  })
const head = () => db().selectFrom('auditHead').selectAll().executeTakeFirstOrThrow()
const rows = () => db().selectFrom('auditLog').selectAll().orderBy('seq').execute()

/** Each test starts from an empty chain; called inside the test (not a hook) so mutation testing attributes coverage per test. */
async function reset() {
  await ctx.services.audit.seal()
  await db().deleteFrom('auditLog').execute()
  await db()
    .updateTable('auditHead')
    .set({ position: 0, mac: GENESIS_MAC, anchorPosition: 0, anchorMac: GENESIS_MAC, legacySeq: 0 })
    .execute()
  fs.rmSync(ctx.config.auditCheckpointDir, { recursive: true, force: true })
}
const it = (name: string, fn: () => Promise<void> | void) =>
  vitestIt(name, async () => {
    await reset()
    await fn()
  })

describe('sealer', () => {
  it('seals in batches, in id order, and a forged row in a batch does not hold back the rows after it', async () => {
    const small = serviceWith({}, 3)
    await small.stop() // no after-write timer: this test seals by hand
    for (let i = 0; i < 4; i++) await small.record(null, staffCtx, { action: 'case.viewed', subjectId: i })
    const forged = { at: '2026-11-23T02:00:00.000Z', actorType: 'staff', action: 'case.viewed' }
    await db()
      .insertInto('auditLog')
      .values({ ...forged, rowMac: 'x:y' })
      .execute()
    for (let i = 4; i < 8; i++) await small.record(null, staffCtx, { action: 'case.viewed', subjectId: i })
    const lines = ctx.logLines.length
    expect(await small.seal()).toEqual({ sealed: 8, refused: 1 })
    expect(ctx.logLines.slice(lines).join('')).toContain('"refused":1')
    const sealed = (await rows()).filter((r) => r.position !== null)
    expect(sealed.map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(sealed.map((r) => r.subjectId)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7'])
    expect((await head()).position).toBe(8)
    expect(await small.seal()).toEqual({ sealed: 0, refused: 1 })
    const r = await small.verify()
    expect(r).toMatchObject({ ok: false, entries: 8, firstBad: 0 })
  })

  it('walks long chains page by page', async () => {
    for (let i = 0; i < 7; i++) await ctx.services.audit.record(null, staffCtx, { action: 'case.viewed', subjectId: i })
    await ctx.services.audit.seal()
    const keys = auditKeys(ctx.config).mac
    const readout = { checkpoints: [], invalid: [] }
    expect(await verifyChain(db(), keys, await head(), readout, 0, 3)).toEqual({ ok: true, entries: 7 })
    await db().deleteFrom('auditLog').where('position', '=', 4).execute()
    expect(await verifyChain(db(), keys, await head(), readout, 0, 3)).toMatchObject({ ok: false, firstBad: 4, entries: 3 })
    await db().deleteFrom('auditLog').where('position', '=', 3).execute()
    expect(await verifyChain(db(), keys, await head(), readout, 0, 3)).toMatchObject({ ok: false, firstBad: 3, entries: 2 })
  })

  it('counts valid unsealed rows across pages and names a forged one after them', async () => {
    const quiet = serviceWith()
    await quiet.stop()
    for (let i = 0; i < 5; i++) await quiet.record(null, staffCtx, { action: 'case.viewed', subjectId: i })
    const keys = auditKeys(ctx.config).mac
    const readout = { checkpoints: [], invalid: [] }
    expect(await verifyChain(db(), keys, await head(), readout, 0, 2)).toEqual({ ok: true, entries: 5 })
    const last = (await rows()).at(-1)!
    await db().updateTable('auditLog').set({ purpose: '伪造' }).where('seq', '=', last.seq).execute()
    const r = await verifyChain(db(), keys, await head(), readout, 0, 2)
    expect(r).toMatchObject({ ok: false, entries: 4 })
    if (!r.ok) expect(r.problem).toContain(`row ${last.seq} (not yet in the chain)`)
  })

  it('rows from before the keyed chain (no row MAC, up to legacy_seq) are sealed once; later MAC-less rows are not', async () => {
    const legacy = { at: '2026-11-01T00:00:00.000Z', actorType: 'system', action: 'system.migrate' }
    for (let i = 0; i < 5; i++) await db().insertInto('auditLog').values(legacy).execute()
    const max = (await rows()).at(-1)!.seq
    await db().updateTable('auditHead').set({ legacySeq: max }).execute()
    const small = serviceWith({}, 2)
    await small.stop()
    expect(await verifyChain(db(), auditKeys(ctx.config).mac, await head(), { checkpoints: [], invalid: [] }, max)).toEqual({
      ok: true,
      entries: 5,
    })
    const first = await small.seal()
    expect(first).toEqual({ sealed: 5, refused: 0 })
    expect((await head()).legacySeq).toBe(0)
    expect((await rows()).every((r) => r.rowMac && r.position)).toBe(true)
    await db().insertInto('auditLog').values(legacy).execute()
    expect(await small.seal()).toEqual({ sealed: 0, refused: 1 })
    const r = await small.verify()
    expect(r).toMatchObject({ ok: false, entries: 5 })
  })

  it('keeps legacy_seq while a batch has not reached it yet', async () => {
    const legacy = { at: '2026-11-01T00:00:00.000Z', actorType: 'system', action: 'system.migrate' }
    for (let i = 0; i < 3; i++) await db().insertInto('auditLog').values(legacy).execute()
    const max = (await rows()).at(-1)!.seq
    await db().updateTable('auditHead').set({ legacySeq: max }).execute()
    const tiny = serviceWith({}, 2)
    await tiny.stop()
    // batches of 2 over 3 legacy rows: clearing the boundary after the first batch would refuse the third
    expect(await tiny.seal()).toEqual({ sealed: 3, refused: 0 })
    expect((await head()).legacySeq).toBe(0)
  })

  it('a write inside a transaction is sealed shortly after commit; stop() cancels the pending run', async () => {
    const svc = serviceWith()
    await db()
      .transaction()
      .execute((trx) => svc.record(trx, staffCtx, { action: 'case.viewed' }))
    for (let i = 0; i < 100 && (await head()).position === 0; i++) await new Promise((r) => setTimeout(r, 10))
    expect((await head()).position).toBe(1)
    await svc.record(null, staffCtx, { action: 'case.viewed' })
    await svc.stop()
    await new Promise((r) => setTimeout(r, 80))
    expect((await head()).position).toBe(1)
    await svc.record(null, staffCtx, { action: 'case.viewed' })
    await new Promise((r) => setTimeout(r, 80))
    expect((await head()).position).toBe(1)
  })

  it('stores every context field, strings the subject id, bounds user agent and detail', async () => {
    const svc = serviceWith()
    await svc.stop()
    await svc.record(
      null,
      { ...staffCtx, userAgent: 'u'.repeat(300) },
      { action: 'case.viewed', subjectType: 'case', subjectId: 42, purpose: '审核', detail: { t: 'x'.repeat(5000) } },
    )
    await svc.record(null, { ...staffCtx, userAgent: null }, { action: 'case.viewed' })
    const [a, b] = await rows()
    expect(a).toMatchObject({
      actorType: 'staff',
      actorId: '7',
      actorRole: 'clerk',
      ip: '10.0.0.1',
      requestId: 'r1',
      action: 'case.viewed',
      subjectType: 'case',
      subjectId: '42',
      purpose: '审核',
      at: ctx.clock.now().toISOString(),
    })
    expect(a.userAgent).toHaveLength(200)
    expect(a.detail).toHaveLength(4000)
    expect(b).toMatchObject({
      userAgent: null,
      subjectType: null,
      subjectId: null,
      purpose: null,
      detail: null,
      position: null,
      chainMac: null,
    })
    expect(a.rowMac).toMatch(/^[0-9a-f]{8}:[0-9a-f]{64}$/)
    expect(canonicalRow(a)).toContain('"case.viewed"')
  })
})

describe('keys', () => {
  it('AUDIT_KEY takes over from the APP_KEY-derived key; rows under either verify; a rotated APP_KEY needs APP_KEY_PREVIOUS', async () => {
    const derived = serviceWith()
    await derived.record(null, staffCtx, { action: 'case.viewed' })
    await derived.seal()
    const own = serviceWith({ auditKey: key(5) })
    await own.record(null, staffCtx, { action: 'case.viewed' })
    await own.seal()
    const [a, b] = await rows()
    expect(a.rowMac!.split(':')[0]).not.toBe(b.rowMac!.split(':')[0])
    expect(await own.verify()).toEqual({ ok: true, entries: 2 })
    expect(await serviceWith({ auditKey: key(6) }).verify()).toMatchObject({ ok: false, firstBad: 2 })
    expect(await serviceWith({ appKey: key(8), previousAppKeys: [ctx.config.appKey], auditKey: key(5) }).verify()).toEqual({
      ok: true,
      entries: 2,
    })
    expect(await serviceWith({ appKey: key(8), auditKey: key(5) }).verify()).toMatchObject({ ok: false, firstBad: 1 })
    expect(await serviceWith({ appKey: key(8), previousAppKeys: [ctx.config.appKey] }).verify()).toMatchObject({ ok: false, firstBad: 2 })
  })

  it('key ids name the key; the signing key id is stable for one seed and differs for another', () => {
    const m = macKeys({ auditKey: null, appKey: key(1), previousAppKeys: [key(2)] })
    expect(m.byId.size).toBe(2)
    expect(m.byId.has(m.currentId)).toBe(true)
    expect(macKeys({ auditKey: key(3), appKey: key(1), previousAppKeys: [] }).byId.size).toBe(2)
    expect(signingKey(key(1)).kid).toBe(signingKey(key(1)).kid)
    expect(signingKey(key(1)).kid).not.toBe(signingKey(key(2)).kid)
    expect(signingKey(key(1)).kid).toMatch(/^[0-9a-f]{8}$/)
  })
})

describe('checkpoints', () => {
  const store = () => createCheckpointStore(ctx.config.auditCheckpointDir, auditKeys(ctx.config).signing)
  const six = async () => {
    for (let i = 0; i < 6; i++) await ctx.services.audit.record(null, staffCtx, { action: 'case.viewed', subjectId: i })
    await ctx.services.audit.seal()
  }

  it('writes one readable, signed file per checkpoint; the periodic one only when the head moved', async () => {
    await six()
    const svc = serviceWith()
    const c = await svc.checkpointIfMoved()
    expect(c).toMatchObject({ kind: 'head', position: 6 })
    expect(path.basename(c!.file)).toMatch(/^000000000006-head-\d{8}T\d{9}Z\.json$/)
    const doc = JSON.parse(fs.readFileSync(c!.file, 'utf8')) as Record<string, unknown>
    expect(doc).toMatchObject({
      kind: 'head',
      position: 6,
      mac: (await head()).mac,
      at: ctx.clock.now().toISOString(),
      kid: auditKeys(ctx.config).signing.kid,
    })
    expect(String(doc.signature).split('.')).toHaveLength(3)
    expect(await svc.checkpointIfMoved()).toBeNull()
    await svc.record(null, staffCtx, { action: 'case.viewed' })
    ctx.clock.advance(1000)
    expect(await svc.checkpointIfMoved()).toMatchObject({ position: 7 })
    expect((await store().readAll()).checkpoints.map((x) => x.position)).toEqual([6, 7])
    expect(await svc.verify()).toEqual({ ok: true, entries: 7 })
  })

  it('a signed checkpoint that disagrees with the rows (a chain rewritten with the key) names the entry', async () => {
    await six()
    const h = await head()
    await store().write({ kind: 'head', position: 4, mac: h.mac, at: ctx.clock.now().toISOString() })
    const r = await ctx.services.audit.verify()
    expect(r).toMatchObject({ ok: false, firstBad: 4, entries: 3 })
    if (!r.ok) expect(r.problem).toContain('differs from signed checkpoint')
  })

  it('an anchor must equal the checkpoint at its position, and the genesis anchor must stay genesis', async () => {
    await six()
    const svc = ctx.services.audit
    const [first] = await rows()
    ctx.clock.advance(1000)
    expect(await svc.purgeBefore(ctx.clock.now().toISOString())).toBe(6)
    await store().write({ kind: 'head', position: 6, mac: first.chainMac!, at: ctx.clock.now().toISOString() })
    let r = await svc.verify()
    expect(r).toMatchObject({ ok: false, firstBad: 6 })
    if (!r.ok) expect(r.problem).toContain('the anchor #6 differs')

    fs.rmSync(ctx.config.auditCheckpointDir, { recursive: true, force: true })
    await db().updateTable('auditHead').set({ anchorPosition: 0, anchorMac: first.chainMac! }).execute()
    r = await svc.verify()
    expect(r).toMatchObject({ ok: false, firstBad: 0 })
    if (!r.ok) expect(r.problem).toContain('no signed retention checkpoint')
  })
  it('other files in the checkpoint directory are ignored; a directory that cannot be read is an error, not "no checkpoints"', async () => {
    await six()
    const dir = ctx.config.auditCheckpointDir
    await ctx.services.audit.checkpoint()
    fs.writeFileSync(path.join(dir, 'README.txt'), 'copied off-site nightly')
    fs.writeFileSync(path.join(dir, '000000000009-head-x.json.1234.tmp'), '{')
    expect(await ctx.services.audit.verify()).toEqual({ ok: true, entries: 6 })
    ctx.clock.advance(1000)
    await ctx.services.audit.checkpoint() // a second one into the existing directory
    expect((await store().readAll()).checkpoints).toHaveLength(2)
    fs.rmSync(dir, { recursive: true, force: true })
    fs.writeFileSync(dir, 'not a directory')
    await expect(store().readAll()).rejects.toThrow()
    fs.rmSync(dir)
  })
})

describe('retries', () => {
  it('retries serialisation failures only, a bounded number of times', async () => {
    expect(isConflict({ errno: 1213 })).toBe(true)
    expect(isConflict({ errno: 1205 })).toBe(true)
    expect(isConflict({ code: 'SQLITE_BUSY' })).toBe(true)
    expect(isConflict({ errno: 1062 })).toBe(false)
    expect(isConflict(null)).toBe(false)
    let calls = 0
    await expect(
      withRetry(async () => (++calls < 3 ? Promise.reject(Object.assign(new Error('x'), { errno: 1213 })) : 'done')),
    ).resolves.toBe('done')
    expect(calls).toBe(3)
    calls = 0
    await expect(withRetry(() => Promise.reject(Object.assign(new Error('deadlock'), { errno: 1213, n: ++calls })), 2)).rejects.toThrow(
      'deadlock',
    )
    expect(calls).toBe(2)
    calls = 0
    await expect(withRetry(() => Promise.reject(new Error('other ' + ++calls)))).rejects.toThrow('other 1')
    expect(calls).toBe(1)
  })
})
