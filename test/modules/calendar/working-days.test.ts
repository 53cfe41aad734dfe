import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createTestContext, type TestContext } from '../../support/context.js'
import { seedBaseline } from '../../../src/demo/seed.js'
import { HOLIDAYS_2026 } from '../../../src/modules/calendar/holidays.js'

/**
 * The working-day calendar against a reference computed here: Monday–Friday, minus the State
 * Council's 2026 public holidays, plus its make-up working days (调休), with supervisors' changes.
 */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const MS_DAY = 86_400_000
const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10) // reference arithmetic on UTC midnights
const ms = (day: string) => Date.parse(`${day}T00:00:00Z`)
const official = new Map(HOLIDAYS_2026.map((h) => [h.day, h.kind]))
function refWorking(day: string, exceptions: Map<string, string> = official) {
  const k = exceptions.get(day)
  if (k) return k === 'workday'
  const dow = new Date(ms(day)).getUTCDay()
  return dow >= 1 && dow <= 5
}
function refAdd(from: string, n: number) {
  let t = ms(from)
  for (let left = n; left > 0;) {
    t += MS_DAY
    if (refWorking(toDay(t))) left--
  }
  return toDay(t)
}
function refBetween(from: string, to: string) {
  let n = 0
  for (let t = ms(from) + MS_DAY; t <= ms(to); t += MS_DAY) if (refWorking(toDay(t))) n++
  return n
}
const day2026 = fc.integer({ min: 0, max: 364 }).map((i) => toDay(ms('2026-01-01') + i * MS_DAY))

describe('working days against the reference (official 2026 calendar)', () => {
  it('isWorkingDay for every day of 2026', async () => {
    for (let t = ms('2026-01-01'); t <= ms('2026-12-31'); t += MS_DAY) {
      const d = toDay(t)
      expect(await ctx.services.calendar.isWorkingDay(d), d).toBe(refWorking(d))
    }
  })

  it('addWorkingDays from any day of 2026, up to 120 working days on (past the holidays of the year)', async () => {
    await fc.assert(
      fc.asyncProperty(
        day2026,
        fc.integer({ min: 0, max: 120 }),
        async (from, n) => (await ctx.services.calendar.addWorkingDays(from, n)) === refAdd(from, n),
      ),
      { numRuns: 150 },
    )
    // long spans that cross several holidays (端午, 中秋, 国庆) far from the start
    expect(await ctx.services.calendar.addWorkingDays('2026-06-01', 100)).toBe(refAdd('2026-06-01', 100))
    expect(await ctx.services.calendar.addWorkingDays('2026-01-01', 200)).toBe(refAdd('2026-01-01', 200))
    expect(await ctx.services.calendar.addWorkingDays('2026-09-20', 5)).toBe('2026-09-28')
    expect(await ctx.services.calendar.addWorkingDays('2026-03-02', 0)).toBe('2026-03-02')
  })

  it('workingDaysBetween for any two days (0 when the end is not after the start)', async () => {
    await fc.assert(
      fc.asyncProperty(day2026, day2026, async (a, b) => (await ctx.services.calendar.workingDaysBetween(a, b)) === refBetween(a, b)),
      { numRuns: 150 },
    )
    expect(await ctx.services.calendar.workingDaysBetween('2026-09-30', '2026-09-30')).toBe(0)
    expect(await ctx.services.calendar.workingDaysBetween('2026-10-12', '2026-09-30')).toBe(0)
    expect(await ctx.services.calendar.workingDaysBetween('2026-09-30', '2026-10-12')).toBe(4)
  })
})

describe('supervisors’ changes', () => {
  it('are kept with who made them and when; "normal" goes back to the weekday rule', async () => {
    const cal = ctx.services.calendar
    ctx.clock.set('2026-12-01T02:00:00.000Z')
    await cal.setDay(7, '2026-12-31', 'holiday', '测试调休')
    await cal.setDay(8, '2026-12-26', 'workday', '测试补班') // a Saturday
    expect(await cal.list('2026-12-26', '2026-12-31')).toEqual([
      { day: '2026-12-26', kind: 'workday', name: '测试补班', updatedBy: 8, updatedAt: '2026-12-01T02:00:00.000Z' },
      { day: '2026-12-31', kind: 'holiday', name: '测试调休', updatedBy: 7, updatedAt: '2026-12-01T02:00:00.000Z' },
    ])
    expect(await cal.isWorkingDay('2026-12-31')).toBe(false)
    expect(await cal.isWorkingDay('2026-12-26')).toBe(true)
    expect(await cal.addWorkingDays('2026-12-25', 1)).toBe('2026-12-26')
    expect(await cal.workingDaysBetween('2026-12-24', '2026-12-31')).toBe(5) // 25, 26 (made a workday), 28, 29, 30; 31 off
    await cal.setDay(7, '2026-12-31', 'normal', '')
    await cal.setDay(8, '2026-12-26', 'normal', '')
    expect(await cal.list('2026-12-26', '2026-12-31')).toEqual([])
    expect(await cal.isWorkingDay('2026-12-31')).toBe(true)
    expect(await cal.isWorkingDay('2026-12-26')).toBe(false)
  })

  it('survive a restart: start-up seeds the official calendar only into an empty table', async () => {
    const cal = ctx.services.calendar
    await cal.setDay(3, '2026-10-07', 'workday', '改为上班') // was an official holiday
    await cal.setDay(3, '2026-10-10', 'normal', '') // an official make-up Saturday removed
    await seedBaseline(ctx.services) // what prepareDatabase runs at every start
    expect(await cal.isWorkingDay('2026-10-07')).toBe(true)
    expect(await cal.isWorkingDay('2026-10-10')).toBe(false)
    expect((await cal.list('2026-10-07', '2026-10-07'))[0]).toMatchObject({ kind: 'workday', updatedBy: 3 })
  })

  it('an empty calendar gets the official days, marked as not changed by anyone', async () => {
    await ctx.deps.db.deleteFrom('calendarDays').execute()
    ctx.clock.set('2026-12-02T02:00:00.000Z')
    await ctx.services.calendar.seedOfficial()
    const rows = await ctx.services.calendar.list('2026-01-01', '2026-12-31')
    expect(rows.map((r) => [r.day, r.kind, r.name])).toEqual(HOLIDAYS_2026.map((h) => [h.day, h.kind, h.name]))
    expect(new Set(rows.map((r) => `${r.updatedBy}|${r.updatedAt}`))).toEqual(new Set(['null|2026-12-02T02:00:00.000Z']))
    expect(await ctx.services.calendar.isWorkingDay('2026-10-07')).toBe(false)
  })
})
