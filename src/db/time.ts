/**
 * The one representation of time in the database (see docs/decisions/0002-timestamps.md):
 * timestamps are UTC ISO-8601 strings with milliseconds, always 24 characters
 * ("2026-11-23T02:00:00.000Z"), stored in varchar(24). They sort lexicographically in time
 * order on SQLite and MySQL alike and never pass through a driver's timezone conversion.
 * Calendar dates (working-day calendar, birth dates) are "YYYY-MM-DD" in varchar(10); what date it
 * is in Beijing, date arithmetic and display formatting live in src/lib/time.ts.
 */
export type Timestamp = string

export function toTimestamp(d: Date): Timestamp {
  const s = d.toISOString()
  if (s.length !== 24) throw new Error('timestamp out of range')
  return s
}

export function addMs(s: Timestamp, ms: number): Timestamp {
  return toTimestamp(new Date(new Date(s).getTime() + ms))
}
