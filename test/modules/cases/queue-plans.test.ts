import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestContext, type TestContext } from '../../support/context.js'
import { queueQuery, type QueueFilter } from '../../../src/modules/applications/repository.js'

/** Every queue filter combination is served by an index (the plans are recorded in docs/queue-plans.md). */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const FILTERS: [string, QueueFilter][] = [
  ['first page (open statuses)', {}],
  ['status', { status: 'submitted' }],
  ['service + status', { service: 'housing-subsidy', status: 'submitted' }],
  ['service (open)', { service: 'housing-subsidy' }],
  ['assignee = me', { assignee: 7 }],
  ['unassigned', { assignee: 'none' }],
  ['overdue', { overdueBefore: '2026-11-23' }],
  ['near deadline', { dueBy: '2026-11-25' }],
  ['reference', { q: 'RC20261123ABCDEF' }],
  ['next page (keyset)', { afterId: 500 }],
]

async function plan(f: QueueFilter) {
  const { sql: text, parameters } = queueQuery(ctx.deps.db, f, 21).compile()
  let i = 0
  const inlined = text.replace(/\?/g, () => {
    const v = parameters[i++]
    return typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`
  })
  const r = await sql.raw(`${ctx.deps.dialect === 'sqlite' ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN'} ${inlined}`).execute(ctx.deps.db)
  return JSON.stringify(r.rows)
}

describe('queue query plans', () => {
  it('use an index for every filter combination', async () => {
    for (const [name, f] of FILTERS) {
      const p = await plan(f)
      if (process.env.PRINT_PLANS) console.log(`${name}: ${p}`)
      if (ctx.deps.dialect === 'sqlite') {
        expect(p, name).toMatch(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/)
        expect(p, name).not.toMatch(/"SCAN applications"/)
      } else {
        expect(p, name).not.toMatch(/"type":"ALL"/)
      }
    }
  })
})
