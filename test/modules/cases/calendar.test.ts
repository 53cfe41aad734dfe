import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

describe('working-day calendar', () => {
  it('skips weekends and holidays and counts make-up days (National Day week 2026)', async () => {
    const cal = ctx.services.calendar
    expect(await cal.isWorkingDay('2026-10-01')).toBe(false) // holiday
    expect(await cal.isWorkingDay('2026-10-10')).toBe(true) // Saturday make-up day
    expect(await cal.isWorkingDay('2026-09-20')).toBe(true) // Sunday make-up day
    expect(await cal.isWorkingDay('2026-11-21')).toBe(false) // ordinary Saturday
    // Wed 30 Sep + 3 working days: Oct 1–7 off, Oct 8 (Thu), Oct 9 (Fri), Oct 10 (make-up Sat)
    expect(await cal.addWorkingDays('2026-09-30', 3)).toBe('2026-10-10')
    expect(await cal.workingDaysBetween('2026-09-30', '2026-10-12')).toBe(4)
    // Spring Festival: Fri 13 Feb + 1 → Sat 14 Feb (make-up)
    expect(await cal.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14')
    expect(await cal.addWorkingDays('2026-02-14', 1)).toBe('2026-02-24')
  })

  it('lets a supervisor change a day', async () => {
    await ctx.services.calendar.setDay(1, '2026-12-24', 'holiday', '测试假日')
    expect(await ctx.services.calendar.isWorkingDay('2026-12-24')).toBe(false)
    await ctx.services.calendar.setDay(1, '2026-12-24', 'normal', '')
    expect(await ctx.services.calendar.isWorkingDay('2026-12-24')).toBe(true)
  })
})
