import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestContext, type TestContext } from '../support/context.js'
import { SYSTEM_CONTEXT, type AuditContext } from '../../src/modules/audit/service.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const staffCtx: AuditContext = { actorType: 'staff', actorId: '7', actorRole: 'clerk', ip: '10.0.0.1', userAgent: 'ua', requestId: 'r1' }

describe('audit hash chain', () => {
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
    const r = await audit.verify()
    expect(r).toEqual({ ok: true, entries: 5 })
  })

  it('does not fork under concurrent writers', async () => {
    const { audit } = ctx.services
    await Promise.all(Array.from({ length: 20 }, (_, i) => audit.record(null, SYSTEM_CONTEXT, { action: 'system.migrate', detail: { i } })))
    const r = await audit.verify()
    expect(r.ok).toBe(true)
    expect(r.entries).toBe(25)
  })

  it('never writes personal numbers into detail', async () => {
    await ctx.services.audit.record(null, staffCtx, {
      action: 'counter.lookup',
      detail: { note: '查询 110101199003074518 手机 13912345678' },
    })
    const row = await ctx.deps.db.selectFrom('auditLog').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()
    expect(row.detail).not.toContain('110101199003074518')
    expect(row.detail).not.toContain('13912345678')
  })

  it('detects an edited row and names it', async () => {
    const db = ctx.deps.db
    await sql`UPDATE audit_log SET purpose = 'tampered' WHERE seq = 3`.execute(db)
    const r = await ctx.services.audit.verify()
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.firstBad).toBe(3)
      expect(r.problem).toContain('altered')
    }
    await sql`UPDATE audit_log SET purpose = '审核' WHERE seq = 3`.execute(db)
    expect((await ctx.services.audit.verify()).ok).toBe(true)
  })

  it('detects a deleted row in the middle and a deleted tail', async () => {
    const db = ctx.deps.db
    const saved = await db.selectFrom('auditLog').selectAll().where('seq', '=', 4).executeTakeFirstOrThrow()
    await sql`DELETE FROM audit_log WHERE seq = 4`.execute(db)
    let r = await ctx.services.audit.verify()
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.firstBad).toBe(4)
    await db.insertInto('auditLog').values(saved).execute()
    expect((await ctx.services.audit.verify()).ok).toBe(true)

    const last = await db.selectFrom('auditHead').select('seq').executeTakeFirstOrThrow()
    await sql`DELETE FROM audit_log WHERE seq = ${last.seq}`.execute(db)
    r = await ctx.services.audit.verify()
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problem).toContain('missing')
  })
})
