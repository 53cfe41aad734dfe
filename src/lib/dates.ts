/**
 * The one validator for calendar dates and months that people type (forms, payment dates, filters):
 * the value must be a real day or month ("2025-02-30", "2025-99-99", "2025-13" are not) and inside
 * sensible bounds ("0000-01", "9999-12" are not). Pure functions; callers add the field's label.
 * docs/decisions/0163-dates-and-claim-periods.md
 */
import { t } from './i18n/index.js'

/** The widest range any date field accepts, whatever the field says. */
const DATE_FLOOR = '1900-01-01'
const DATE_CEILING = '2099-12-31'

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTH_RE = /^(\d{4})-(\d{2})$/

/** A real Gregorian day written YYYY-MM-DD (no time, no offset). */
export function isRealDate(v: string): boolean {
  const m = DATE_RE.exec(v)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (mo < 1 || mo > 12 || d < 1) return false
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate()
  return d <= days
}

/** A real month written YYYY-MM. */
function isRealMonth(v: string): boolean {
  const m = MONTH_RE.exec(v)
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12
}

export type DateProblem = 'format' | 'too_early' | 'too_late'

/** Checks a YYYY-MM-DD value against [min, max] (both inclusive, both clamped to the floor and ceiling). */
export function checkDate(v: string, bounds: { min?: string; max?: string } = {}): DateProblem | null {
  if (!isRealDate(v)) return 'format'
  const min = bounds.min && bounds.min > DATE_FLOOR ? bounds.min : DATE_FLOOR
  const max = bounds.max && bounds.max < DATE_CEILING ? bounds.max : DATE_CEILING
  if (v < min) return 'too_early'
  if (v > max) return 'too_late'
  return null
}

/** Checks a YYYY-MM value against [min, max] months (inclusive, clamped like dates). */
export function checkMonth(v: string, bounds: { min?: string; max?: string } = {}): DateProblem | null {
  if (!isRealMonth(v)) return 'format'
  const min = bounds.min && bounds.min > DATE_FLOOR.slice(0, 7) ? bounds.min : DATE_FLOOR.slice(0, 7)
  const max = bounds.max && bounds.max < DATE_CEILING.slice(0, 7) ? bounds.max : DATE_CEILING.slice(0, 7)
  if (v < min) return 'too_early'
  if (v > max) return 'too_late'
  return null
}

/**
 * A `datetime-local` value (YYYY-MM-DDTHH:mm, Beijing time) checked like a date; the instant, or the problem.
 */
export function parseLocalDateTime(v: string, bounds: { min?: string; max?: string } = {}): { at: Date } | { problem: DateProblem } {
  const m = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)$/.exec(v)
  if (!m) return { problem: 'format' }
  const p = checkDate(m[1], bounds)
  if (p) return { problem: p }
  return { at: new Date(`${v}:00+08:00`) }
}

/** "2026-11" + 3 → "2027-02"; negative n goes back. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number)
  const i = y * 12 + (m - 1) + n
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`
}

/** The months a claim covers: start and the n-1 following months. */
export function monthsFrom(start: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(start, i))
}

/** "2026-11-23" + n days (UTC arithmetic on calendar dates). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** The message for a problem (in the request's language), with the field's label and the bounds the user may need. */
export function dateMessage(label: string, problem: DateProblem, bounds: { min?: string; max?: string } = {}, month = false): string {
  if (problem === 'format')
    return month ? t('{label}应为真实的年-月，如 2026-01', { label }) : t('{label}应为真实的日期（年-月-日），如 2024-07-01', { label })
  if (problem === 'too_early') return t('{label}不能早于 {d}', { label, d: bounds.min ?? (month ? DATE_FLOOR.slice(0, 7) : DATE_FLOOR) })
  return t('{label}不能晚于 {d}', { label, d: bounds.max ?? (month ? DATE_CEILING.slice(0, 7) : DATE_CEILING) })
}
