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
  // The sorted orders (src/modules/cases/queue.ts) run one range per open status and merge: each such query.
  ['waiting longest (per status)', { status: 'submitted', dir: 'asc' }],
  ['waiting longest, next page', { status: 'submitted', dir: 'asc', afterId: 500 }],
  ['waiting longest, service', { status: 'submitted', service: 'housing-subsidy', dir: 'asc' }],
  ['waiting longest, mine', { status: 'accepted', assignee: 7, dir: 'asc' }],
  ['deadline (per status)', { status: 'accepted', sort: 'deadline' }],
  ['deadline, next page', { status: 'accepted', sort: 'deadline', afterDeadline: '2026-12-01', afterId: 500 }],
  ['deadline, mine', { status: 'accepted', assignee: 7, sort: 'deadline' }],
  ['deadline, unassigned, next page', { status: 'accepted', assignee: 'none', sort: 'deadline', afterDeadline: '2026-12-01', afterId: 9 }],
  ['deadline, service', { status: 'accepted', service: 'housing-subsidy', sort: 'deadline' }],
  ['deadline, overdue', { status: 'accepted', sort: 'deadline', overdueBefore: '2026-11-23' }],
  ['status order (one status at a time)', { status: 'supplement', dir: 'asc', afterId: 500 }],
  // Search results: every case of one applicant account (ID number) or one exact name.
  ['search by ID number (applicant account)', { applicantUserId: 5 }],
  ['search by exact name', { applicantName: '张三' }],
]

/** Queries of the sorted orders and searches: an index range read in order, stopping after one page. */
const SORTED = /^(waiting|deadline|status order|search)/

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
        // The sorted orders read their index in order: no sort of all matching rows.
        if (SORTED.test(name)) expect(p, name).not.toMatch(/TEMP B-TREE/)
      } else {
        expect(p, name).not.toMatch(/"type":"ALL"/)
      }
    }
  })
})
