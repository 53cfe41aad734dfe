import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { SYSTEM_CONTEXT, type AuditContext } from '../../src/modules/audit/service.js'
import type { AuditLogTable } from '../../src/modules/audit/table.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const staffCtx: AuditContext = { actorType: 'staff', actorId: '7', actorRole: 'clerk', ip: '10.0.0.1', userAgent: 'ua', requestId: 'r1' }
const rows = () => ctx.deps.db.selectFrom('auditLog').selectAll().orderBy('seq').execute()
const head = () => ctx.deps.db.selectFrom('auditHead').selectAll().executeTakeFirstOrThrow()

describe('audit chain: writes, sealing, retention', () => {
  it('verifies an intact chain, including events recorded inside a rolled-back transaction (they vanish with it)', async () => {
    const { audit } = ctx.services
    for (let i = 0; i < 5; i++)
      await audit.record(null, staffCtx, { action: 'case.viewed', subjectType: 'citizen', subjectId: i, purpose: '审核' })
    await expect(
      ctx.deps.db.transaction().execute(async (trx) => {
        await audit.record(trx, staffCtx, { action: 'case.viewed', subjectType: 'citizen', subjectId: 99 })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await audit.verify()).toEqual({ ok: true, entries: 5 })
  })

  it('a write takes no chain position and touches no shared row; the sealer chains rows in id order right after', async () => {
    const { audit } = ctx.services
    const before = await head()
    await ctx.deps.db.transaction().execute(async (trx) => {
      await audit.record(trx, staffCtx, { action: 'case.viewed', subjectType: 'citizen', subjectId: 1 })
      await audit.record(trx, staffCtx, { action: 'case.viewed', subjectType: 'citizen', subjectId: 2 })
      const mine = await trx.selectFrom('auditLog').selectAll().where('position', 'is', null).execute()
      expect(mine).toHaveLength(2)
      expect(mine.every((r) => r.rowMac && r.chainMac === null)).toBe(true)
      expect(await trx.selectFrom('auditHead').selectAll().executeTakeFirstOrThrow()).toEqual(before)
      if (ctx.deps.dialect === 'mysql') {
        // another writer's transaction is not held up by this open one (the old head lock made it wait)
        const other = ctx.deps.db.transaction().execute((t) => audit.record(t, staffCtx, { action: 'case.viewed', subjectId: 3 }))
        const waited = await Promise.race([other.then(() => 'done'), new Promise((r) => setTimeout(() => r('blocked'), 3000))])
        expect(waited).toBe('done')
      }
    })
    const added = ctx.deps.dialect === 'mysql' ? 3 : 2
    for (let i = 0; i < 50 && (await head()).position < before.position + added; i++) await new Promise((r) => setTimeout(r, 10))
    const all = await rows()
    expect((await head()).position).toBe(before.position + added)
    expect(all.map((r) => r.position)).toEqual(all.map((_, i) => i + 1)) // contiguous, in id order
    expect(all.at(-1)!.chainMac).toBe((await head()).mac)
  })

  it('does not fork under concurrent writers', async () => {
    const { audit } = ctx.services
    await Promise.all(Array.from({ length: 20 }, (_, i) => audit.record(null, SYSTEM_CONTEXT, { action: 'system.migrate', detail: { i } })))
    await Promise.all([audit.seal(), audit.seal(), audit.seal()])
    expect(await audit.verify()).toEqual({ ok: true, entries: ctx.deps.dialect === 'mysql' ? 28 : 27 })
    const positions = (await rows()).map((r) => r.position)
    expect(new Set(positions).size).toBe(positions.length)
  })

  it('never writes personal numbers into detail', async () => {
    await ctx.services.audit.record(null, staffCtx, {
      action: 'counter.lookup',
      detail: { note: '查询 110101199003074518 手机 13912345678' },
    })
    const row = (await rows()).at(-1)!
    expect(row.detail).not.toContain('110101199003074518')
    expect(row.detail).not.toContain('13912345678')
  })

  // issue 23: every column is in the MAC; an edit of any one of them is found and named
  const edits: [keyof AuditLogTable, string | number][] = [
    ['action', 'case.decided'],
    ['actorType', 'citizen'],
    ['actorId', '8'],
    ['actorRole', 'supervisor'],
    ['subjectType', 'enterprise'],
    ['subjectId', '4'],
    ['purpose', 'tampered'],
    ['at', '2020-01-01T00:00:00.000Z'],
    ['detail', '{"i":1}'],
    ['ip', '10.9.9.9'],
    ['userAgent', 'curl'],
    ['requestId', 'r2'],
  ]
  it.each(edits)('detects an edited %s and names the entry', async (column, value) => {
    const db = ctx.deps.db
    const target = (await rows())[2]
    await db
      .updateTable('auditLog')
      .set({ [column]: value })
      .where('seq', '=', target.seq)
      .execute()
    const r = await ctx.services.audit.verify()
    expect(r).toMatchObject({ ok: false, firstBad: 3, entries: 2 })
    if (!r.ok) expect(r.problem).toContain('#3')
    if (!r.ok) expect(r.problem).toContain('altered')
    await db
      .updateTable('auditLog')
      .set({ [column]: target[column] })
      .where('seq', '=', target.seq)
      .execute()
    expect((await ctx.services.audit.verify()).ok).toBe(true)
  })

  it('detects a moved row id and swapped positions', async () => {
    const db = ctx.deps.db
    const [, b, c] = await rows()
    await db.updateTable('auditLog').set({ seq: 100_000 }).where('seq', '=', b.seq).execute()
    expect(await ctx.services.audit.verify()).toMatchObject({ ok: false, firstBad: 2 })
    await db.updateTable('auditLog').set({ seq: b.seq }).where('seq', '=', 100_000).execute()

    await db.updateTable('auditLog').set({ position: -1 }).where('seq', '=', b.seq).execute()
    await db.updateTable('auditLog').set({ position: 2 }).where('seq', '=', c.seq).execute()
    await db.updateTable('auditLog').set({ position: 3 }).where('seq', '=', b.seq).execute()
    const r = await ctx.services.audit.verify()
    expect(r).toMatchObject({ ok: false, firstBad: 2 })
    if (!r.ok) expect(r.problem).toContain('does not link')
    await db.updateTable('auditLog').set({ position: -1 }).where('seq', '=', b.seq).execute()
    await db.updateTable('auditLog').set({ position: 3 }).where('seq', '=', c.seq).execute()
    await db.updateTable('auditLog').set({ position: 2 }).where('seq', '=', b.seq).execute()
    expect((await ctx.services.audit.verify()).ok).toBe(true)
  })

  it('detects a deleted row in the middle and a deleted tail', async () => {
    const db = ctx.deps.db
    const saved = (await rows())[3]
    await db.deleteFrom('auditLog').where('seq', '=', saved.seq).execute()
    let r = await ctx.services.audit.verify()
    expect(r).toMatchObject({ ok: false, firstBad: 4, entries: 3 })
    if (!r.ok) expect(r.problem).toContain('#4 is missing')
    await db.insertInto('auditLog').values(saved).execute()
    expect((await ctx.services.audit.verify()).ok).toBe(true)

    const last = (await rows()).at(-1)!
    await db.deleteFrom('auditLog').where('seq', '=', last.seq).execute()
    r = await ctx.services.audit.verify()
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problem).toContain(`the chain head says #${last.position}`)
    await db.insertInto('auditLog').values(last).execute()
    expect((await ctx.services.audit.verify()).ok).toBe(true)
  })

  it('retention deletes from the start behind a signed anchor checkpoint; the rest still verifies', async () => {
    const { audit } = ctx.services
    const old = (await rows()).length
    ctx.clock.advance(86_400_000)
    const cut = ctx.clock.now().toISOString()
    for (let i = 0; i < 3; i++) await audit.record(null, staffCtx, { action: 'case.viewed', subjectType: 'citizen', subjectId: i })
    expect(await audit.purgeBefore(cut)).toBe(old)
    const h = await head()
    expect(h.anchorPosition).toBe(old)
    expect((await rows())[0].position).toBe(old + 1)
    expect(await audit.verify()).toEqual({ ok: true, entries: 3 })
    expect(await audit.purgeBefore(cut)).toBe(0) // nothing older left: no-op
  })
})
