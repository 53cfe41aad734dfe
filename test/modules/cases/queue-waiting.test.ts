/**
 * The queue's "waiting working days" come from one read of the calendar for the page's whole range of submission
 * dates (calendar.workingDaysBetweenMany), and agree with the per-date count (workingDaysBetween) across the
 * Mid-Autumn and National Day holidays of 2026 and their make-up working days (调休: Sun 20 Sep, Sat 10 Oct).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KyselyPlugin } from 'kysely'
import { createTestContext, type TestContext } from '../../support/context.js'
import { staffMember } from '../../support/fixtures.js'
import { ensureCatalog, submittedCase } from '../../support/cases.js'
import { createCalendarService } from '../../../src/modules/calendar/service.js'
import { createQueueService } from '../../../src/modules/cases/queue.js'
import { addDays } from '../../../src/lib/time.js'

let ctx: TestContext
let clerk: Awaited<ReturnType<typeof staffMember>>
// Ordinary days, the Sunday make-up day, holidays, the days around them and the Saturday make-up day.
const SUBMITTED = [
  '2026-09-18',
  '2026-09-20',
  '2026-09-24',
  '2026-09-26',
  '2026-09-30',
  '2026-10-03',
  '2026-10-09',
  '2026-10-10',
  '2026-10-11',
]
const TODAY = '2026-10-13'
const BY_HAND = [13, 12, 8, 8, 5, 5, 3, 2, 2]

beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
  clerk = await staffMember(ctx, 'clerk')
  for (const day of SUBMITTED) {
    ctx.clock.set(`${addDays(day, -1)}T18:00:00.000Z`) // 02:00 in Beijing on `day`
    await submittedCase(ctx)
  }
  ctx.clock.set(`${TODAY}T02:00:00.000Z`)
}, 120_000)
afterAll(() => ctx.close())

/** A calendar over a connection that counts its queries of calendar_days. */
function countingCalendar() {
  const queries = { n: 0 }
  const plugin: KyselyPlugin = {
    transformQuery: (a) => {
      if (/calendar_?days/i.test(JSON.stringify(a.node))) queries.n++
      return a.node
    },
    transformResult: (a) => Promise.resolve(a.result),
  }
  return { calendar: createCalendarService({ db: ctx.deps.db.withPlugin(plugin), clock: ctx.clock }), queries }
}

describe('waiting working days, batched', () => {
  it('workingDaysBetweenMany equals workingDaysBetween for every date around the holidays, up to several ends', async () => {
    const cal = ctx.services.calendar
    const froms: string[] = []
    for (let d = '2026-09-10'; d <= '2026-10-20'; d = addDays(d, 1)) froms.push(d)
    for (const to of ['2026-09-20', '2026-09-28', '2026-10-08', '2026-10-10', TODAY]) {
      const many = await cal.workingDaysBetweenMany([...froms, froms[3]], to)
      for (const from of froms) expect(many.get(from), `${from} → ${to}`).toBe(await cal.workingDaysBetween(from, to))
    }
    // By hand: after Wed 30 Sep up to Mon 12 Oct only Thu 8, Fri 9, Sat 10 (调休) and Mon 12 are working days.
    expect((await cal.workingDaysBetweenMany(['2026-09-30'], '2026-10-12')).get('2026-09-30')).toBe(4)
    // After Fri 18 Sep up to Sun 20 Sep (调休): the Sunday only.
    expect((await cal.workingDaysBetweenMany(['2026-09-18'], '2026-09-20')).get('2026-09-18')).toBe(1)
    expect(await cal.workingDaysBetweenMany([], TODAY)).toEqual(new Map())
  })

  it('a period read once (the statistics) counts as workingDaysBetween, inside it without a query, outside it too', async () => {
    const { calendar, queries } = countingCalendar()
    const period = await calendar.period('2026-09-15', '2026-10-15')
    expect(queries.n).toBe(1)
    const days: string[] = []
    for (let d = '2026-09-15'; d <= '2026-10-15'; d = addDays(d, 3)) days.push(d)
    for (const a of days)
      for (const b of days)
        expect(await period.workingDaysBetween(a, b), `${a} → ${b}`).toBe(await ctx.services.calendar.workingDaysBetween(a, b))
    expect(queries.n).toBe(1)
    expect(await period.workingDaysBetween('2026-09-30', '2026-10-20')).toBe(
      await ctx.services.calendar.workingDaysBetween('2026-09-30', '2026-10-20'),
    )
    expect(queries.n).toBe(2) // past the period's end: read
  })

  it('the queue shows the per-date numbers, from one calendar query for the whole page', async () => {
    const { calendar, queries } = countingCalendar()
    const s = ctx.services
    const queue = createQueueService({
      ...s.deps,
      audit: s.audit,
      applications: s.applications,
      identity: s.identity,
      staff: s.staff,
      calendar,
    })
    const { items } = await queue.queue({}, clerk.id)
    expect(items).toHaveLength(SUBMITTED.length)
    // One query for "near the deadline" (today + 2 working days), one for every waiting count.
    expect(queries.n).toBe(2)
    const expected = await Promise.all(SUBMITTED.map((d) => s.calendar.workingDaysBetween(d, TODAY)))
    const shown = [...items].sort((a, b) => a.id - b.id).map((r) => r.waitingDays)
    expect(shown).toEqual(expected)
    // By hand, oldest first. After Fri 18 Sep: Sun 20 (调休), 21–24, 28–30, Oct 8, 9, Sat 10 (调休), 12, 13.
    expect(shown).toEqual(BY_HAND)
  })

  it('the page shows them too', async () => {
    const r = await clerk.client.get('/staff/cases?sort=waiting')
    expect(r.status).toBe(200)
    const waiting = [...r.text.matchAll(/data-qa="waiting">\s*(\d+)\s*</g)].map((m) => Number(m[1]))
    expect(waiting).toEqual(BY_HAND)
  })
})
