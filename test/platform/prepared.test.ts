import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { prepared } from '../../src/db/prepared.js'

/** src/db/prepared.ts: compiled once, then only the arguments change — results must be those of the plain query. */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext({ demo: false })
  const t = new Date().toISOString()
  await ctx.deps.db
    .insertInto('calendarDays')
    .values([
      { day: '2026-12-01', kind: 'holiday', name: '甲', updatedBy: null, updatedAt: t },
      { day: '2026-12-02', kind: 'workday', name: '乙', updatedBy: null, updatedAt: t },
      { day: '2026-12-03', kind: 'holiday', name: '丙', updatedBy: null, updatedAt: t },
    ])
    .execute()
})
afterAll(() => ctx.close())

describe('prepared queries', () => {
  const byKind = prepared((db, kind: 'holiday' | 'workday', after: string) =>
    db.selectFrom('calendarDays').select(['day', 'name']).where('kind', '=', kind).where('day', '>', after).orderBy('day').limit(10),
  )

  it('give each call the rows for its own arguments, in the column names the app uses', async () => {
    const plain = (kind: 'holiday' | 'workday', after: string) =>
      ctx.deps.db
        .selectFrom('calendarDays')
        .select(['day', 'name'])
        .where('kind', '=', kind)
        .where('day', '>', after)
        .orderBy('day')
        .limit(10)
        .execute()
    for (const [kind, after] of [
      ['holiday', '2026-11-30'],
      ['workday', '2026-11-30'],
      ['holiday', '2026-12-01'],
      ['holiday', '2027-01-01'],
    ] as const) {
      expect(await byKind(ctx.deps.db, kind, after)).toEqual(await plain(kind, after))
    }
    expect((await byKind(ctx.deps.db, 'holiday', '2026-12-01')).map((r) => r.name)).toEqual(['丙'])
  })

  it('work inside a transaction too', async () => {
    await ctx.deps.db.transaction().execute(async (trx) => {
      expect((await byKind(trx, 'workday', '2026-11-30')).map((r) => r.name)).toEqual(['乙'])
    })
  })
})
