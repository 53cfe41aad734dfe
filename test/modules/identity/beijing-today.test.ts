import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import { visibleText } from '../../support/client.js'
import { citizen, makeIdNumber } from '../../support/fixtures.js'
import { ensureCatalog, submittedCase } from '../../support/cases.js'

/**
 * Ages are counted on Beijing's date. Between 00:00 and 08:00 Beijing time the UTC date is still
 * the previous day: someone whose 16th or 18th birthday it is in Beijing must be treated as 16 or
 * 18 already (issue 15). Born on 29 February: the birthday in a common year is 28 February.
 */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

/** Real-name verification as an unverified citizen would submit it; `guardian` adds the guardian fields. */
async function verify(birth: string, guardian = false) {
  const { client } = await citizen(ctx, { verified: false })
  await client.get('/me/identity')
  const r = await client.post('/me/identity', {
    real_name: '李小明',
    id_number: makeIdNumber(birth),
    bank_name: '中国银行',
    bank_account: '100200300400',
    ...(guardian ? { guardian_name: '李大明', guardian_relation: '父亲', guardian_phone: '13900001111' } : {}),
  })
  const text = visibleText(r.text)
  return {
    status: r.status,
    refusedUnder16: text.includes('未满16周岁不能在线注册'),
    asksGuardian: text.includes('未满18周岁须填写监护人姓名'),
  }
}

describe('ages on Beijing’s date', () => {
  it('at 00:00–08:00 Beijing (still yesterday in UTC) a 16th birthday today counts: not refused, guardian asked', async () => {
    ctx.clock.set('2026-11-22T16:00:00.000Z') // 2026-11-23 00:00 in Beijing
    expect(await verify('20101123')).toEqual({ status: 422, refusedUnder16: false, asksGuardian: true })
    expect(await verify('20101123', true)).toMatchObject({ status: 303 })
    // one day short of 16 is still refused
    expect(await verify('20101124')).toMatchObject({ status: 422, refusedUnder16: true })
    ctx.clock.set('2026-11-22T23:59:59.000Z') // 07:59:59 Beijing, UTC date still the 22nd
    expect(await verify('20101123')).toMatchObject({ refusedUnder16: false, asksGuardian: true })
  })

  it('an 18th birthday today in Beijing needs no guardian; the day before it does', async () => {
    ctx.clock.set('2026-11-22T16:00:00.000Z') // 2026-11-23 00:00 in Beijing
    expect(await verify('20081123')).toMatchObject({ status: 303 })
    expect(await verify('20081124')).toEqual({ status: 422, refusedUnder16: false, asksGuardian: true })
  })

  it('the birthday moves at Beijing midnight, not at UTC midnight', async () => {
    ctx.clock.set('2026-11-23T15:59:59.000Z') // 23:59:59 on the 23rd in Beijing
    expect(await verify('20101124')).toMatchObject({ refusedUnder16: true })
    ctx.clock.set('2026-11-23T16:00:00.000Z') // 00:00 on the 24th in Beijing, UTC still the 23rd
    expect(await verify('20101124')).toMatchObject({ refusedUnder16: false, asksGuardian: true })
  })

  it('born on 29 February: 18 on 28 February of a common year, 16 on 29 February of a leap year', async () => {
    ctx.clock.set('2026-02-27T15:59:00.000Z') // 2026-02-27 23:59 Beijing: still 17
    expect(await verify('20080229')).toMatchObject({ status: 422, asksGuardian: true })
    ctx.clock.set('2026-02-27T16:00:00.000Z') // 2026-02-28 00:00 Beijing: 18
    expect(await verify('20080229')).toMatchObject({ status: 303 })
    ctx.clock.set('2028-02-28T15:59:00.000Z') // 2028-02-28 23:59 Beijing: 15
    expect(await verify('20120229')).toMatchObject({ refusedUnder16: true })
    ctx.clock.set('2028-02-28T16:00:00.000Z') // 2028-02-29 00:00 Beijing: 16
    expect(await verify('20120229')).toMatchObject({ refusedUnder16: false, asksGuardian: true })
  })

  it('a birth date later than today in Beijing is refused, today itself is not', async () => {
    ctx.clock.set('2026-11-22T16:30:00.000Z') // 2026-11-23 00:30 Beijing
    const { client } = await citizen(ctx, { verified: false })
    await client.get('/me/identity')
    const r = await client.post('/me/identity', {
      real_name: '李小明',
      id_number: makeIdNumber('20261124'),
      bank_name: '中国银行',
      bank_account: '100200300400',
    })
    expect(visibleText(r.text)).toContain('出生日期不能晚于今天')
    const t = await client.post('/me/identity', {
      real_name: '李小明',
      id_number: makeIdNumber('20261123'),
      bank_name: '中国银行',
      bank_account: '100200300400',
    })
    expect(visibleText(t.text)).not.toContain('晚于今天')
    expect(visibleText(t.text)).toContain('未满16周岁')
  })

  it('reference numbers carry Beijing’s date: an application at 01:00 on 1 March (28 February in UTC)', async () => {
    await ensureCatalog(ctx)
    ctx.clock.set('2026-02-28T17:00:00.000Z') // 2026-03-01 01:00 Beijing
    const { ref } = await submittedCase(ctx)
    expect(ref).toMatch(/^RC20260301/)
  })
})
