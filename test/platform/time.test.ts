import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as t from '../../src/lib/time.js'
import { formatDecimal, formatFileSize } from '../../src/lib/format.js'
import { FakeClock } from '../../src/lib/clock.js'

/**
 * src/lib/time.ts against references built on the JS Date of UTC midnights (a calendar date has no
 * time zone) and on Beijing being UTC+8 without daylight saving since 1992.
 */
const DAY = 86_400_000
const refDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const dayArb = fc.integer({ min: Date.UTC(1900, 0, 1) / DAY, max: Date.UTC(2100, 11, 31) / DAY }).map((n) => refDate(n * DAY))
const instant = fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2099, 11, 31) })

describe('Beijing dates', () => {
  it('today and beijingDate are the UTC+8 date of the instant', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        const clock = new FakeClock(new Date(ms))
        const ref = refDate(ms + 8 * 3_600_000)
        return t.today(clock) === ref && t.beijingDate(new Date(ms)) === ref && t.beijingDate(new Date(ms).toISOString()) === ref
      }),
      { numRuns: 2000 },
    )
    expect(t.beijingDate('2026-11-22T15:59:59.999Z')).toBe('2026-11-22')
    expect(t.beijingDate('2026-11-22T16:00:00.000Z')).toBe('2026-11-23')
    expect(() => t.beijingDate('not a time')).toThrow(RangeError)
    expect(t.now(new FakeClock('2026-11-23T02:00:00.000Z')).toISOString()).toBe('2026-11-23T02:00:00.000Z')
  })

  it('formats instants in Beijing time', () => {
    expect(t.formatCst('2026-11-22T16:05:00.000Z')).toBe('2026-11-23 00:05')
    expect(t.formatCst(new Date('2026-11-23T02:00:00.000Z'))).toBe('2026-11-23 10:00')
    expect(t.formatCst('2026-12-31T15:59:00.000Z')).toBe('2026-12-31 23:59')
    expect(t.formatCst(null)).toBe('')
    expect(t.formatCst(undefined)).toBe('')
    expect(t.formatCst('')).toBe('')
    expect(t.formatCst('garbage')).toBe('')
    expect(t.formatCstDate('2026-11-22T16:05:00.000Z')).toBe('2026-11-23')
    expect(t.formatCstDate(null)).toBe('')
    expect(t.formatCstDate('garbage')).toBe('')
    expect(t.compactDate('2026-03-01')).toBe('20260301')
    fc.assert(
      fc.property(instant, (ms) => {
        const iso = new Date(ms + 8 * 3_600_000).toISOString()
        return t.formatCst(new Date(ms)) === `${iso.slice(0, 10)} ${iso.slice(11, 16)}`
      }),
      { numRuns: 1000 },
    )
  })
})

describe('calendar arithmetic', () => {
  it('addDays, daysBetween and dayOfWeek agree with Date on UTC midnights, 1900–2100', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: -800, max: 800 }), (d, n) => {
        const ms = Date.parse(`${d}T00:00:00Z`)
        return (
          t.addDays(d, n) === refDate(ms + n * DAY) &&
          t.daysBetween(d, refDate(ms + n * DAY)) === n &&
          t.dayOfWeek(d) === new Date(ms).getUTCDay()
        )
      }),
      { numRuns: 3000 },
    )
    expect(t.addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(t.addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(t.addDays('2000-02-28', 1)).toBe('2000-02-29')
    expect(t.addDays('1900-02-28', 1)).toBe('1900-03-01')
    expect(t.addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(t.addDays('2027-01-01', -1)).toBe('2026-12-31')
    expect(t.dayOfWeek('2026-11-23')).toBe(1)
    expect(t.dayOfWeek('1969-12-31')).toBe(3)
    expect(() => t.addDays('2026-02-30', 1)).toThrow(RangeError)
  })

  it('real dates only: leap years, month lengths, strict YYYY-MM-DD', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: -1, max: 14 }), fc.integer({ min: -1, max: 33 }), (y, m, d) => {
        const date = new Date(0)
        date.setUTCFullYear(y, m - 1, d)
        const ref = m >= 1 && m <= 12 && d >= 1 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
        return t.isRealDate(y, m, d) === ref
      }),
      { numRuns: 3000 },
    )
    expect([t.isLeapYear(2024), t.isLeapYear(2026), t.isLeapYear(2000), t.isLeapYear(1900), t.isLeapYear(2100)]).toEqual([
      true,
      false,
      true,
      false,
      false,
    ])
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => t.daysInMonth(2026, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ])
    expect(t.daysInMonth(2024, 2)).toBe(29)
    expect(t.daysInMonth(2026, 13)).toBe(0)
    expect(t.isRealDate(2026, 1.5, 1)).toBe(false)
    expect(t.parseDateOnly('2024-02-29')).toEqual([2024, 2, 29])
    for (const bad of ['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-1-01', '2026-01-01T00:00', ' 2026-01-01', '20260101'])
      expect(t.parseDateOnly(bad), bad).toBeNull()
    expect(t.dateOf(987, 3, 4)).toBe('0987-03-04')
  })

  it('ageOn: whole years, up on the birthday; 29 February counts on 28 February in common years', () => {
    expect(t.ageOn('2010-11-23', '2026-11-22')).toBe(15)
    expect(t.ageOn('2010-11-23', '2026-11-23')).toBe(16)
    expect(t.ageOn('2010-11-30', '2026-11-23')).toBe(15)
    expect(t.ageOn('2010-11-01', '2026-11-23')).toBe(16)
    expect(t.ageOn('2010-12-01', '2026-11-23')).toBe(15)
    expect(t.ageOn('2010-10-31', '2026-11-23')).toBe(16)
    expect(t.ageOn('2008-02-29', '2026-02-27')).toBe(17)
    expect(t.ageOn('2008-02-29', '2026-02-28')).toBe(18)
    expect(t.ageOn('2008-02-29', '2028-02-28')).toBe(19)
    expect(t.ageOn('2008-02-29', '2028-02-29')).toBe(20)
    expect(t.ageOn('2008-03-01', '2026-02-28')).toBe(17)
    expect(t.ageOn('2026-11-23', '2026-11-23')).toBe(0)
  })
})

describe('number formatting', () => {
  it('decimals and file sizes', () => {
    expect(formatDecimal(3.456)).toBe('3.5')
    expect(formatDecimal(2, 2)).toBe('2.00')
    expect(formatDecimal(null)).toBe('—')
    expect(formatDecimal(undefined, 1, '')).toBe('')
    expect(formatDecimal(Number.NaN)).toBe('—')
    expect(formatFileSize(1536)).toBe('2 KB')
    expect(formatFileSize(10 * 1024 * 1024)).toBe('10240 KB')
  })
})

describe('Beijing time without Intl since 1991 (issue 21)', () => {
  it('formats like Intl Asia/Shanghai across DST-era edges, the 1991 switch-over and random instants', () => {
    const intl = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    const ref = (ms: number) => {
      const p: Record<string, string> = {}
      for (const { type, value } of intl.formatToParts(new Date(ms))) p[type] = value
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
    }
    const instants = [Date.UTC(1991, 8, 14, 15, 59), Date.UTC(1991, 8, 14, 16, 0), Date.UTC(1991, 8, 15), Date.UTC(1988, 6, 1, 12)]
    for (let i = 0; i < 2000; i++) instants.push(Date.UTC(1985, 0, 1) + Math.floor(Math.random() * 120 * 365 * 86_400_000))
    for (const ms of instants) expect(t.formatCst(new Date(ms)), new Date(ms).toISOString()).toBe(ref(ms))
    // stored timestamps (strings) go through a bounded cache: the same answers, first time and again, past its size
    const stored = Array.from({ length: 5000 }, (_, i) => new Date(instants[i % instants.length] + i * 60_000).toISOString())
    for (let round = 0; round < 2; round++)
      for (const iso of stored) {
        const ms = Date.parse(iso)
        expect(t.formatCst(iso), iso).toBe(ref(ms))
        expect(t.beijingDate(iso), iso).toBe(ref(ms).slice(0, 10))
      }
    expect(t.formatCst('not a time')).toBe('')
    expect(t.formatCst('not a time')).toBe('')
  })
})
