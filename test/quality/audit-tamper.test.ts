import { afterAll, beforeAll, describe, expect, it as vitestIt } from 'vitest'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { createTestContext, type TestContext } from '../support/context.js'
import type { AuditContext } from '../../src/modules/audit/service.js'
import { GENESIS_MAC, canonicalRow } from '../../src/modules/audit/chain.js'
import type { AuditRow } from '../../src/modules/audit/table.js'

/**
 * An attacker with write access to the database but not to the keys (issue 16 item 15): each of
 * the four rewrites that passed the old unkeyed `audit:verify`, and a deleted head row, is caught
 * behind a signed checkpoint (the real CLI: test/platform/audit-cli.test.ts).
 */
const staffCtx: AuditContext = { actorType: 'staff', actorId: '7', actorRole: 'clerk', ip: '10.0.0.1', userAgent: 'ua', requestId: 'r1' }
let ctx: TestContext
const contexts: TestContext[] = []
afterAll(async () => {
  for (const c of contexts) await c.close()
})
beforeAll(async () => {
  ctx = await createTestContext()
  contexts.push(ctx)
})

/**
 * Every test starts from ten fresh entries and a checkpoint of them. Built inside the test rather
 * than in a hook, so mutation testing attributes the code it runs to each test.
 */
async function setup() {
  await ctx.services.audit.seal().catch(() => undefined) // settle a pending after-write seal (the head may be gone)
  const db = ctx.deps.db
  await db.deleteFrom('auditLog').execute()
  await db.deleteFrom('auditHead').execute()
  await db
    .insertInto('auditHead')
    .values({ id: 1, position: 0, mac: GENESIS_MAC, anchorPosition: 0, anchorMac: GENESIS_MAC, legacySeq: 0 })
    .execute()
  fs.rmSync(ctx.services.audit.checkpointDir, { recursive: true, force: true })
  for (let i = 0; i < 10; i++) {
    ctx.clock.advance(3_600_000)
    await ctx.services.audit.record(null, staffCtx, { action: 'case.viewed', subjectType: 'citizen', subjectId: i, purpose: '审核' })
  }
  await ctx.services.audit.checkpoint()
}
const it = (name: string, fn: () => Promise<void>) =>
  vitestIt(name, async () => {
    await setup()
    await fn()
  })

const db = () => ctx.deps.db
const chain = () => db().selectFrom('auditLog').selectAll().where('position', 'is not', null).orderBy('position').execute()
const setHead = (h: { position: number; mac: string }) => db().updateTable('auditHead').set(h).where('id', '=', 1).execute()
const verify = () => ctx.services.audit.verify()
const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex')
const hmac = (key: Buffer, s: string) => crypto.createHmac('sha256', key).update(s).digest('hex')
/** What an attacker can compute: the same shape of MAC, with a plain hash or a key of their own. */
const forgers = {
  'plain SHA-256': (m: string) => `${'0'.repeat(8)}:${sha(m)}`,
  'wrong key': (m: string) => `${'0'.repeat(8)}:${hmac(Buffer.alloc(32, 9), m)}`,
  'wrong key under the real key id': (m: string, kid: string) => `${kid}:${hmac(Buffer.alloc(32, 9), m)}`,
}
/** Re-chains rows from `from` on with a forger, as the old `rowHash` re-hash attack did. */
async function rechain(rows: AuditRow[], from: number, forge: (m: string, kid: string) => string) {
  let prev = from > 0 ? rows[from - 1].chainMac! : '0'.repeat(64)
  for (const r of rows.slice(from)) {
    const kid = r.rowMac!.split(':')[0]
    const rowMac = forge(`row\n${canonicalRow(r)}`, kid)
    const chainMac = forge(`chain\n${prev}\n${r.position}\n${rowMac}`, kid)
    await db().updateTable('auditLog').set({ rowMac, chainMac }).where('seq', '=', r.seq).execute()
    prev = chainMac
  }
  await setHead({ position: rows.at(-1)!.position!, mac: prev })
}

describe('audit chain under an attacker with database write access', () => {
  it('an intact chain verifies, with its checkpoints', async () => {
    expect(await verify()).toEqual({ ok: true, entries: 10 })
    expect(fs.readdirSync(ctx.services.audit.checkpointDir).filter((f) => f.endsWith('.json'))).toHaveLength(1)
  })

  for (const [name, forge] of Object.entries(forgers)) {
    it(`forge: a row appended with a recomputed ${name} MAC is found`, async () => {
      const rows = await chain()
      const fake = { ...rows[9], seq: rows[9].seq + 1000, position: 11, action: 'case.decided' }
      await db().insertInto('auditLog').values(fake).execute()
      await rechain([...rows, fake], 10, forge)
      expect(await verify()).toMatchObject({ ok: false, firstBad: 11, entries: 10 })
    })

    it(`forge: an unsealed row with a ${name} MAC is never sealed and is reported`, async () => {
      const kid = (await chain())[0].rowMac!.split(':')[0]
      const row = { at: '2026-11-23T09:00:00.000Z', actorType: 'staff', action: 'case.viewed', actorId: '9' }
      const all = {
        actorRole: null,
        subjectType: null,
        subjectId: null,
        purpose: null,
        detail: null,
        ip: null,
        userAgent: null,
        requestId: null,
      }
      const seq = 5000
      const rowMac = forge(`row\n${canonicalRow({ seq, ...row, ...all })}`, kid)
      await db()
        .insertInto('auditLog')
        .values({ seq, ...row, ...all, rowMac, position: null, chainMac: null })
        .execute()
      const r = await verify()
      expect(r).toMatchObject({ ok: false, entries: 10 })
      if (!r.ok) expect(r.problem).toContain(`row ${seq}`)
      const left = await db().selectFrom('auditLog').select('position').where('seq', '=', seq).executeTakeFirstOrThrow()
      expect(left.position).toBeNull()
    })

    it(`re-hash: an edited row with every later row re-chained (${name}) is found at the edit`, async () => {
      const rows = await chain()
      rows[4].purpose = '伪造'
      await db().updateTable('auditLog').set({ purpose: '伪造' }).where('seq', '=', rows[4].seq).execute()
      await rechain(rows, 4, forge)
      const r = await verify()
      expect(r).toMatchObject({ ok: false, firstBad: 5, entries: 4 })
    })
  }

  it('truncate and rewind: the tail deleted and the head moved back is found behind the checkpoint', async () => {
    const rows = await chain()
    await db().deleteFrom('auditLog').where('position', '>', 7).execute()
    await setHead({ position: 7, mac: rows[6].chainMac! })
    const r = await verify()
    expect(r).toMatchObject({ ok: false, firstBad: 8, entries: 7 })
    if (!r.ok) expect(r.problem).toMatch(/#8 to #10 are missing: signed checkpoint/)
  })

  it('everything deleted and the head reset to the start is found', async () => {
    await db().deleteFrom('auditLog').execute()
    await setHead({ position: 0, mac: '0'.repeat(64) })
    expect(await verify()).toMatchObject({ ok: false, firstBad: 1, entries: 0 })
  })

  it('the limit, as documented: entries after the newest checkpoint can be removed unnoticed', async () => {
    await ctx.services.audit.record(null, staffCtx, { action: 'case.viewed' })
    await ctx.services.audit.seal()
    const rows = await chain()
    await db().deleteFrom('auditLog').where('position', '=', 11).execute()
    await setHead({ position: 10, mac: rows[9].chainMac! })
    expect(await verify()).toEqual({ ok: true, entries: 10 })
  })

  it('head delete: a missing head row is found, and writes do not fork a new chain', async () => {
    await db().deleteFrom('auditHead').execute()
    const r = await verify()
    expect(r).toMatchObject({ ok: false })
    if (!r.ok) expect(r.problem).toContain('audit_head')
    await expect(ctx.services.audit.checkpoint()).rejects.toThrow('audit_head')
  })

  it('delete the oldest rows and move the anchor: found unless a signed retention checkpoint proves it', async () => {
    const rows = await chain()
    await db().deleteFrom('auditLog').where('position', '<=', 3).execute()
    await db().updateTable('auditHead').set({ anchorPosition: 3, anchorMac: rows[2].chainMac! }).execute()
    let r = await verify()
    expect(r).toMatchObject({ ok: false, firstBad: 3 })
    if (!r.ok) expect(r.problem).toContain('no signed retention checkpoint')

    // a head checkpoint at the anchor's position is not a retention proof either
    await db().updateTable('auditHead').set({ anchorPosition: 10, anchorMac: rows[9].chainMac! }).execute()
    await db().deleteFrom('auditLog').execute()
    r = await verify()
    expect(r).toMatchObject({ ok: false, firstBad: 10 })
  })

  it('retention moves the anchor with its own checkpoint; moving it further by hand is found', async () => {
    const rows = await chain()
    expect(await ctx.services.audit.purgeBefore(rows[4].at)).toBe(4)
    expect(await verify()).toEqual({ ok: true, entries: 6 })
    await db().deleteFrom('auditLog').where('position', '<=', 6).execute()
    await db().updateTable('auditHead').set({ anchorPosition: 6, anchorMac: rows[5].chainMac! }).execute()
    expect(await verify()).toMatchObject({ ok: false, firstBad: 6 })
  })

  it('a checkpoint file edited, re-signed with another key, or unreadable is reported', async () => {
    const dir = ctx.services.audit.checkpointDir
    const [file] = fs.readdirSync(dir)
    const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>
    fs.writeFileSync(path.join(dir, file), JSON.stringify({ ...doc, position: 3 }))
    let r = await verify()
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problem).toContain('its signature says')

    const [h, , s] = String(doc.signature).split('.')
    fs.writeFileSync(
      path.join(dir, file),
      JSON.stringify({ ...doc, signature: `${h}.${Buffer.from('{"position":1}').toString('base64url')}.${s}` }),
    )
    r = await verify()
    if (!r.ok) expect(r.problem).toContain('does not verify')
    expect(r.ok).toBe(false)

    const other = await createTestContext({ env: { AUDIT_SIGNING_KEY: Buffer.alloc(32, 3).toString('base64') } })
    contexts.push(other)
    const foreign = await other.services.audit.checkpoint()
    fs.copyFileSync(foreign.file, path.join(dir, file))
    r = await verify()
    if (!r.ok) expect(r.problem).toContain('unknown key')
    expect(r.ok).toBe(false)

    fs.writeFileSync(path.join(dir, file), 'not json')
    r = await verify()
    if (!r.ok) expect(r.problem).toContain('not readable')
    fs.writeFileSync(path.join(dir, file), '{}')
    r = await verify()
    if (!r.ok) expect(r.problem).toContain('no signature')
    fs.unlinkSync(path.join(dir, file))
    expect(await verify()).toEqual({ ok: true, entries: 10 })
  })
})
