/**
 * The one representation of time in the database (see docs/decisions/0002-timestamps.md):
 * timestamps are UTC ISO-8601 strings with milliseconds, always 24 characters
 * ("2026-11-23T02:00:00.000Z"), stored in varchar(24). They sort lexicographically in time
 * order on SQLite and MySQL alike and never pass through a driver's timezone conversion.
 * Calendar dates (working-day calendar, birth dates) are "YYYY-MM-DD" in varchar(10).
 */
export type Timestamp = string
export type DateOnly = string

export function toTimestamp(d: Date): Timestamp {
  const s = d.toISOString()
  if (s.length !== 24) throw new Error('timestamp out of range')
  return s
}

export function fromTimestamp(s: Timestamp): Date {
  return new Date(s)
}

export function addMs(s: Timestamp, ms: number): Timestamp {
  return toTimestamp(new Date(new Date(s).getTime() + ms))
}

/** Local date in China Standard Time (UTC+8, no DST) — the calendar the portal's deadlines use. */
export function cstDate(d: Date): DateOnly {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** Human display in Beijing time: 2026-11-23 10:00 */
export function formatCst(s: Timestamp | Date | null | undefined): string {
  if (!s) return ''
  // one Date and string slices (this runs for every row of every list page)
  const iso = new Date((typeof s === 'string' ? Date.parse(s) : s.getTime()) + 8 * 3_600_000).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`
}
