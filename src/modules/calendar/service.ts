import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import { addDays, dayOfWeek } from '../../lib/time.js'
import * as repo from './repository.js'
import { HOLIDAYS_2026 } from './holidays.js'

/**
 * Working days: Monday–Friday, minus public holidays, plus make-up working days (调休), from the
 * calendar_days table. Dates are China-local YYYY-MM-DD strings.
 */
export function createCalendarService(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps

  // `conn`: a caller inside a transaction passes it (on SQLite a read on `db` would wait for that transaction).
  async function exceptions(from: string, to: string, conn: Kysely<Database> | Transaction<Database> = db) {
    const rows = await repo.exceptionsBetween(conn, from, to)
    return new Map(rows.map((r) => [r.day, r.kind]))
  }
  const isWorking = (day: string, ex: Map<string, string>) => {
    const k = ex.get(day)
    if (k === 'holiday') return false
    if (k === 'workday') return true
    const dow = dayOfWeek(day)
    return dow !== 0 && dow !== 6
  }

  /** Working days after `from` up to and including `to`, on the exceptions given (which must cover the range). */
  const countBetween = (from: string, to: string, ex: Map<string, string>) => {
    let n = 0
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorking(d, ex)) n++
    return n
  }
  async function workingDaysBetween(from: string, to: string, conn?: Transaction<Database>): Promise<number> {
    return to <= from ? 0 : countBetween(from, to, await exceptions(from, to, conn))
  }

  return {
    async isWorkingDay(day: string) {
      return isWorking(day, await exceptions(day, day))
    },
    /** The date `n` working days after `from` (from itself not counted). */
    async addWorkingDays(from: string, n: number, conn?: Transaction<Database>): Promise<string> {
      const ex = await exceptions(from, addDays(from, n * 3 + 30), conn)
      let d = from
      let left = n
      while (left > 0) {
        d = addDays(d, 1)
        if (isWorking(d, ex)) left--
      }
      return d
    },
    /** Working days after `from` up to and including `to` (0 when to ≤ from). */
    workingDaysBetween,
    /**
     * The calendar of one period, read once: `workingDaysBetween` inside it asks no query (the statistics count
     * the days of every decided case); outside it, it reads the database as above.
     */
    async period(from: string, to: string) {
      const ex = await exceptions(from, to)
      return {
        workingDaysBetween: (a: string, b: string): Promise<number> =>
          b <= a ? Promise.resolve(0) : a >= from && b <= to ? Promise.resolve(countBetween(a, b, ex)) : workingDaysBetween(a, b),
      }
    },
    /**
     * `workingDaysBetween(from, to)` for each of many `froms` up to one `to`, from one read of the calendar over
     * the whole range (the queue page: one query, not one per submission date). Counted once from the earliest
     * date: the working days after `from` are those up to `to` less those up to `from`.
     */
    async workingDaysBetweenMany(froms: string[], to: string): Promise<Map<string, number>> {
      const out = new Map<string, number>()
      const earlier = [...new Set(froms)].filter((f) => f < to).sort()
      for (const f of froms) if (f >= to) out.set(f, 0)
      if (!earlier.length) return out
      const ex = await exceptions(earlier[0], to)
      const upTo = new Map<string, number>() // working days after the earliest date, up to and including each day
      let n = 0
      for (let d = earlier[0]; d <= to; d = addDays(d, 1)) {
        if (d > earlier[0] && isWorking(d, ex)) n++
        upTo.set(d, n)
      }
      for (const f of earlier) out.set(f, n - upTo.get(f)!)
      return out
    },
    list: (from: string, to: string) => repo.exceptionsBetween(db, from, to),
    async setDay(staffId: number, day: string, kind: 'holiday' | 'workday' | 'normal', name: string) {
      if (kind === 'normal') await repo.remove(db, day)
      else await repo.upsert(db, { day, kind, name, updatedBy: staffId, updatedAt: toTimestamp(clock.now()) })
    },
    async seedOfficial() {
      if ((await repo.count(db)) > 0) return
      for (const h of HOLIDAYS_2026) await repo.upsert(db, { ...h, updatedBy: null, updatedAt: toTimestamp(clock.now()) })
    },
  }
}
export type CalendarService = ReturnType<typeof createCalendarService>
