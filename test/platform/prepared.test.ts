import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { prepared, preparedInsert, preparedResult } from '../../src/db/prepared.js'

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

  it('are built once for the database and all its transactions', async () => {
    let builds = 0
    const named = prepared((db, day: string) => {
      builds++
      return db.selectFrom('calendarDays').select('name').where('day', '=', day)
    })
    expect(await named(ctx.deps.db, '2026-12-01')).toEqual([{ name: '甲' }])
    for (let i = 0; i < 3; i++)
      await ctx.deps.db.transaction().execute(async (trx) => {
        expect(await named(trx, '2026-12-02')).toEqual([{ name: '乙' }])
      })
    expect(builds).toBe(1)
  })
})

describe('prepared inserts and updates', () => {
  const insertDay = preparedInsert('calendarDays')
  const rename = preparedResult((db, day: string, name: string) => db.updateTable('calendarDays').set({ name }).where('day', '=', day))
  const row = (day: string, name: string, updatedBy?: number | null) => ({ day, kind: 'holiday' as const, name, updatedBy, updatedAt: 't' })
  const get = (day: string) => ctx.deps.db.selectFrom('calendarDays').selectAll().where('day', '=', day).executeTakeFirst()

  it('write each row with its own values, a column left undefined getting its default', async () => {
    await insertDay(ctx.deps.db, row('2027-01-01', '元旦', 7))
    await insertDay(ctx.deps.db, row('2027-01-02', '甲', null))
    await insertDay(ctx.deps.db, row('2027-01-03', '乙'))
    await insertDay(ctx.deps.db, row('2027-01-04', '丙', 9))
    expect(await get('2027-01-01')).toMatchObject({ name: '元旦', updatedBy: 7 })
    expect(await get('2027-01-02')).toMatchObject({ name: '甲', updatedBy: null })
    expect(await get('2027-01-03')).toMatchObject({ name: '乙', updatedBy: null })
    expect(await get('2027-01-04')).toMatchObject({ name: '丙', updatedBy: 9 })
  })

  it('count affected rows and take part in a transaction that rolls back', async () => {
    expect(Number((await rename(ctx.deps.db, '2027-01-01', '新年')).numAffectedRows)).toBe(1)
    expect(Number((await rename(ctx.deps.db, '2099-01-01', '无')).numAffectedRows)).toBe(0)
    await expect(
      ctx.deps.db.transaction().execute(async (trx) => {
        await insertDay(trx, row('2027-02-01', '甲'))
        await rename(trx, '2027-01-01', '改')
        throw new Error('undo')
      }),
    ).rejects.toThrow('undo')
    expect(await get('2027-02-01')).toBeUndefined()
    expect((await get('2027-01-01'))?.name).toBe('新年')
  })

  it('answer the id the database gave, and fail as the plain insert would', async () => {
    const outbox = preparedInsert('outbox')
    const mail = (recipient: string) => ({
      channel: 'mail' as const,
      recipient,
      subject: null,
      body: 'x',
      userId: null,
      status: 'sent' as const,
      nextAttemptAt: 't',
      lockedUntil: null,
      lastError: null,
      createdAt: 't',
      sentAt: 't',
    })
    const ids = [await outbox(ctx.deps.db, mail('a@example.cn')), await outbox(ctx.deps.db, mail('b@example.cn'))]
    const rows = await ctx.deps.db
      .selectFrom('outbox')
      .select(['id', 'recipient'])
      .where('recipient', 'like', '%@example.cn')
      .orderBy('id')
      .execute()
    expect(rows.map((r) => r.recipient)).toEqual(['a@example.cn', 'b@example.cn'])
    expect(ids).toEqual(rows.map((r) => r.id))
    await expect(outbox(ctx.deps.db, { ...mail('c@example.cn'), body: null as never })).rejects.toThrow()
  })
})
