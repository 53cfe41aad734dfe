import type { Clock } from './clock.js'
import { currentLocale } from './i18n/index.js'
import { BoundedMap } from './bounded-map.js'

/**
 * The one place that says what "now" and "today" are (see docs/decisions/0110-beijing-today.md).
 * The portal's calendar is Beijing's: "today" is the date in Asia/Shanghai, never the UTC date,
 * so between 00:00 and 08:00 Beijing time it is already the next day here. Every date rule (ages
 * from an ID number, not-in-the-future checks, deadlines, reference numbers, jobs) asks this module.
 *
 * Calendar dates are `YYYY-MM-DD` strings; arithmetic on them is done on day numbers (days since
 * 1970-01-01 in the proleptic Gregorian calendar), so no time zone can shift a date by accident.
 */
const TIME_ZONE = 'Asia/Shanghai'

/** A calendar date, `YYYY-MM-DD`. */
export type DateOnly = string

const partsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

// China last changed its clocks on 1991-09-15 (end of summer time); since then Asia/Shanghai is UTC+8 all year, so
// plain arithmetic gives the same answer as Intl at a fraction of the cost (formatToParts was 7.5% of the dashboard's
// CPU, docs/quality.md). Intl stays for older instants and beyond year 9999.
const FIXED_OFFSET_FROM = Date.UTC(1991, 8, 15)
const FIXED_OFFSET_UNTIL = Date.UTC(9999, 11, 31)

type Parts = { date: DateOnly; time: string }

/**
 * Stored timestamps, already turned into Beijing parts: a page lists the same few dozen times on every request (the
 * rows of a list), and parsing an ISO string is most of the cost. A pure function of the string, so a plain bounded
 * map (`BoundedMap`: the oldest entry goes when it is full).
 */
const partsOfStored = new BoundedMap<string, Parts | null>(4096)

function beijingParts(t: Date | string): Parts | null {
  if (typeof t !== 'string') return partsOf(t)
  let p = partsOfStored.get(t)
  if (p === undefined) {
    p = partsOf(new Date(t))
    if (p) Object.freeze(p) // shared by every caller of this string
    partsOfStored.set(t, p)
  }
  return p
}

function partsOf(d: Date): Parts | null {
  const ms = d.getTime()
  if (Number.isNaN(ms)) return null
  if (ms >= FIXED_OFFSET_FROM && ms < FIXED_OFFSET_UNTIL) {
    const iso = new Date(ms + 8 * 3_600_000).toISOString()
    return { date: iso.slice(0, 10), time: iso.slice(11, 16) }
  }
  const p: Record<string, string> = {}
  for (const { type, value } of partsFormat.formatToParts(d)) p[type] = value
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` }
}

/** The date in Beijing at instant `t` (a Date or a stored ISO timestamp). */
export function beijingDate(t: Date | string): DateOnly {
  const p = beijingParts(t)
  if (!p) throw new RangeError('invalid instant')
  return p.date
}

/** The current instant, from the injected clock. */
export function now(clock: Clock): Date {
  return clock.now()
}

/** Today's date in Beijing, from the injected clock. */
export function today(clock: Clock): DateOnly {
  return beijingDate(clock.now())
}

/** `YYYYMMDD` of a date, as reference numbers carry it. */
export function compactDate(day: DateOnly): string {
  return day.replace(/-/g, '')
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** A `YYYY-MM-DD` date for reading in the current language: as is in Chinese, `2 Dec 2026` in English. */
export function displayDate(day: DateOnly): string {
  if (currentLocale() !== 'en') return day
  const [y, m, d] = day.split('-').map(Number)
  return `${d} ${MONTHS_EN[m - 1]} ${y}`
}

/** Human display in Beijing time: `2026-11-23 10:00` (English pages: `23 Nov 2026 10:00`); empty for no value. */
export function formatCst(t: string | Date | null | undefined): string {
  if (!t) return ''
  const p = beijingParts(t)
  return p ? `${displayDate(p.date)} ${p.time}` : ''
}

/** Human display of the Beijing date only: `2026-11-23` (English pages: `23 Nov 2026`); empty for no value. */
export function formatCstDate(t: string | Date | null | undefined): string {
  if (!t) return ''
  const p = beijingParts(t)
  return p ? displayDate(p.date) : ''
}

/** Days since 1970-01-01 of a civil date (H. Hinnant's algorithm; proleptic Gregorian). */
function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

function civilFromDayNumber(z: number): [number, number, number] {
  const zz = z + 719468
  const era = Math.floor(zz / 146097)
  const doe = zz - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d]
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0
}

/** Whether y-m-d names a real day (29 February only in leap years). */
export function isRealDate(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
}

/** Parses a strict `YYYY-MM-DD` string into [y, m, d], or null when it is not a real date. */
export function parseDateOnly(s: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return null
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  return isRealDate(y, mo, d) ? [y, mo, d] : null
}

function parts(day: DateOnly): [number, number, number] {
  const p = parseDateOnly(day)
  if (!p) throw new RangeError(`not a date: ${day}`)
  return p
}

export function dateOf(y: number, m: number, d: number): DateOnly {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`
}

/** The date `n` calendar days after `day` (negative `n` goes back). */
export function addDays(day: DateOnly, n: number): DateOnly {
  const [y, m, d] = civilFromDayNumber(dayNumber(...parts(day)) + n)
  return dateOf(y, m, d)
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: DateOnly, to: DateOnly): number {
  return dayNumber(...parts(to)) - dayNumber(...parts(from))
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(day: DateOnly): number {
  return (((dayNumber(...parts(day)) + 4) % 7) + 7) % 7
}

/**
 * Age in whole years on `on` of someone born on `birth`; the age goes up on the birthday itself.
 * Born on 29 February: in a common year the birthday is 28 February, the last day of the month
 * (Civil Code art. 202: a period with no corresponding day ends on the month's last day).
 */
export function ageOn(birth: DateOnly, on: DateOnly): number {
  const [by, bm, bd] = parts(birth)
  const [y, m, d] = parts(on)
  let age = y - by
  const [cm, cd] = bm === 2 && bd === 29 && !isLeapYear(y) ? [2, 28] : [bm, bd]
  if (m < cm || (m === cm && d < cd)) age--
  return age
}

/** The Monday of the week a date falls in (weeks run Monday to Sunday, as the statistics count them). */
export function weekStart(day: DateOnly): DateOnly {
  return addDays(day, -((dayOfWeek(day) + 6) % 7))
}

/** The instant a Beijing date begins (00:00 Asia/Shanghai), as a stored timestamp: the bound of a query by dates. */
export function beijingDayStart(day: DateOnly): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString()
}
