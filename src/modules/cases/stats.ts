import { beijingDate, weekStart } from '../../lib/time.js'
import { onTime, workingDaysTaken, type WorkingDayCalendar } from '../applications/lifecycle.js'

/** One case as the statistics read it (applications.statsRows). */
export interface StatsCase {
  serviceCode: string
  submittedAt: string | null
  acceptedAt: string | null
  decidedAt: string | null
  deadlineDate: string | null
  pausedDays: number
  score: number | null
}

/** Figures of one service in one week (Monday to Sunday, China-local). */
export interface WeekStats {
  week: string
  service: string
  /** Submitted this week. */
  received: number
  /** 受理 this week (by a clerk, or by the complete answer to a notice). */
  accepted: number
  /** Approved or rejected this week. */
  decided: number
  /** Of those decided, within the statutory period (decision day ≤ deadline). */
  onTime: number
  /** Mean working days from 受理 to decision, paused days not counted; null when nothing was decided. */
  avgDays: number | null
  /** Ratings of the cases decided this week, and how many of them 满意 (基本满意 or better, score ≥ 3). */
  rated: number
  satisfied: number
  /** Of those decided, approved at once by the rules (秒批); the rest were decided by staff. */
  instant: number
  /** Of this week's instant approvals, how many a supervisor later revoked. */
  revoked: number
}

/** Instant approvals (秒批) of one service in one week ('' for the whole period), as the rules module counts them. */
export interface InstantFigures {
  week: string
  service: string
  instant: number
  revoked: number
}

/** A row with nothing counted yet. */
export const emptyWeek = (week: string, service: string): WeekStats => ({
  week,
  service,
  received: 0,
  accepted: 0,
  decided: 0,
  onTime: 0,
  avgDays: null,
  rated: 0,
  satisfied: 0,
  instant: 0,
  revoked: 0,
})

/** Rates as whole percent, or null when there is nothing to rate. */
export const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 100) : null)

/**
 * Figures per service and week between two dates (inclusive; `byWeek: false` sums the period, week ''). Every case
 * event is counted in the week it happened — received in the week of submission, accepted in the week of 受理,
 * decided (with on-time, days taken and its rating) in the week of the decision — so the figures agree with the
 * case histories.
 */
export async function caseStats(
  cases: StatsCase[],
  from: string,
  to: string,
  calendar: Pick<WorkingDayCalendar, 'workingDaysBetween'>,
  byWeek = true,
  instant: InstantFigures[] = [],
): Promise<WeekStats[]> {
  const out = new Map<string, WeekStats & { days: number[] }>()
  const bucket = (ts: string | null, service: string) => {
    if (!ts) return null
    const day = beijingDate(ts)
    if (day < from || day > to) return null
    return slot(byWeek ? weekStart(day) : '', service)
  }
  const slot = (week: string, service: string) => {
    const k = `${week}|${service}`
    let o = out.get(k)
    if (!o) {
      o = { ...emptyWeek(week, service), days: [] }
      out.set(k, o)
    }
    return o
  }
  for (const c of cases) {
    const r = bucket(c.submittedAt, c.serviceCode)
    if (r) r.received++
    const a = bucket(c.acceptedAt, c.serviceCode)
    if (a) a.accepted++
    const d = bucket(c.decidedAt, c.serviceCode)
    if (!d) continue
    d.decided++
    if (onTime(c)) d.onTime++
    const taken = await workingDaysTaken(c, calendar)
    if (taken !== null) d.days.push(taken)
    if (c.score !== null) {
      d.rated++
      if (c.score >= 3) d.satisfied++
    }
  }
  // An instant approval is accepted and decided in the transaction that evaluates it: the same week as its decision.
  for (const e of instant) {
    if (!e.instant) continue
    const d = slot(e.week, e.service)
    d.instant += e.instant
    d.revoked += e.revoked
  }
  return [...out.values()]
    .sort((x, y) => (x.week === y.week ? x.service.localeCompare(y.service) : x.week.localeCompare(y.week)))
    .map(({ days, ...o }) => ({
      ...o,
      avgDays: days.length ? Math.round((days.reduce((s, n) => s + n, 0) / days.length) * 10) / 10 : null,
    }))
}
