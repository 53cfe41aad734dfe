/**
 * The supervisor's statistics: computed again from every case's history, they must agree; the page draws them
 * with axes, real service names, a legend whose colours are the bars', and a table beneath each chart; the CSV
 * has Chinese headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import { visibleText } from '../../support/client.js'
import { staffMember, signIn } from '../../support/fixtures.js'
import { ensureCatalog, submittedCase, multipart, PDF } from '../../support/cases.js'
import { weekStart as weekOf } from '../../../src/lib/time.js'
import { beijingDate } from '../../../src/lib/time.js'

let ctx: TestContext
let sup: Awaited<ReturnType<typeof staffMember>>
const refs: string[] = []

beforeAll(async () => {
  ctx = await createTestContext()
  ctx.clock.set('2026-11-02T02:00:00.000Z') // Monday
  await ensureCatalog(ctx)
  sup = await staffMember(ctx, 'supervisor')
  const post = (ref: string, body: Record<string, string | string[]>) => sup.client.post(`/staff/cases/${ref}/decision`, body)
  // Three weeks of mixed work: approvals, a rejection, a notice before and after 受理, a withdrawal, ratings.
  for (let day = 0; day < 15; day++) {
    ctx.clock.set(new Date(Date.parse('2026-11-02T02:00:00.000Z') + day * 86_400_000))
    sup.client = await signIn(ctx, 'staff', sup.id)
    if ([5, 6, 12, 13].includes(day)) continue // weekends
    const { citizen: a, ref } = await submittedCase(ctx, day % 3 === 0 ? 'housing-subsidy' : 'talent-registration')
    refs.push(ref)
    const kind = day % 5
    if (kind === 0) await post(ref, { decision: 'accept' })
    if (kind === 1)
      await post(ref, { decision: 'supplement', reason: '请补正', items: [day % 3 === 0 ? 'rental_contract' : 'labour_contract'] })
    if (kind === 2) await a.client.post(`/applications/${ref}/withdraw`, { reason: '不办了' })
    if (kind >= 3) await post(ref, { decision: 'accept' })
    // work on earlier cases today: decide those accepted two days ago, answer notices from yesterday
    for (const r of refs) {
      const app = (await ctx.services.applications.byRef(r))!
      if (app.status === 'accepted' && app.acceptedAt! < new Date(ctx.clock.now().getTime() - 2 * 86_400_000).toISOString()) {
        await post(r, refs.indexOf(r) % 4 === 3 ? { decision: 'reject', reason: '不符合条件' } : { decision: 'approve' })
        const owner = await signIn(ctx, 'citizen', app.applicantUserId!)
        await owner.post(`/applications/${r}/rating`, { score: String(1 + (refs.indexOf(r) % 5)) })
      }
      if (app.status === 'supplement' && app.pausedAt! < new Date(ctx.clock.now().getTime() - 86_400_000).toISOString()) {
        const owner = await signIn(ctx, 'citizen', app.applicantUserId!)
        const key = app.serviceCode === 'housing-subsidy' ? 'file_rental_contract' : 'file_labour_contract'
        await owner.postMultipart(`/applications/${r}/resubmit`, multipart({}, { [key]: PDF }))
      }
    }
  }
})
afterAll(() => ctx.close())

const day = (ts: string) => beijingDate(ts)

describe('statistics', () => {
  it('agree with the case histories: each figure recomputed from the history rows', async () => {
    const { weeks } = await ctx.services.cases.stats('2026-11-01', '2026-11-30')
    const expected = new Map<string, { received: number; accepted: number; decided: number; rated: number }>()
    const bump = (week: string, service: string, k: 'received' | 'accepted' | 'decided' | 'rated') => {
      const key = `${week}|${service}`
      const o = expected.get(key) ?? { received: 0, accepted: 0, decided: 0, rated: 0 }
      o[k]++
      expected.set(key, o)
    }
    for (const ref of refs) {
      const app = (await ctx.services.applications.byRef(ref))!
      const events = await ctx.services.applications.events(app.id)
      bump(weekOf(day(events[0].createdAt)), app.serviceCode, 'received')
      const accepted = events.find((e) => e.action === 'accept' || (e.action === 'answer' && e.detail?.includes('"accepted":true')))
      if (accepted) bump(weekOf(day(accepted.createdAt)), app.serviceCode, 'accepted')
      const decided = events.find((e) => e.toStatus === 'approved' || e.toStatus === 'rejected')
      if (decided) {
        bump(weekOf(day(decided.createdAt)), app.serviceCode, 'decided')
        if (await ctx.services.applications.ratingOf(app.id)) bump(weekOf(day(decided.createdAt)), app.serviceCode, 'rated')
      }
    }
    const got = new Map(
      weeks.map((w) => [`${w.week}|${w.service}`, { received: w.received, accepted: w.accepted, decided: w.decided, rated: w.rated }]),
    )
    expect(got).toEqual(expected)
    expect([...expected.values()].reduce((n, v) => n + v.decided, 0)).toBeGreaterThan(3)
    expect([...expected.values()].reduce((n, v) => n + v.accepted, 0)).toBeGreaterThan(5)
  })

  it('the page: axes, real service names, a legend that matches the bars, a table beneath each chart', async () => {
    const r = await sup.client.get('/staff/stats?from=2026-11-01&to=2026-11-30')
    expect(r.status).toBe(200)
    const html = r.text
    for (const chart of ['chart-weeks', 'chart-services']) {
      const svg = html.slice(html.indexOf(`data-qa="${chart}"`), html.indexOf('</svg>', html.indexOf(`data-qa="${chart}"`)))
      expect(svg).toMatch(/<line x1="44" x2="44"/) // y axis
      expect(svg).toContain('>0</text>') // ticks from 0
      // every legend colour is used by bars, and the legend names the three series
      const legend = svg.slice(svg.indexOf('data-qa="legend"'))
      for (const [label, fill] of [
        ['收件', '#1d4f91'],
        ['受理', '#d97706'],
        ['办结', '#1e7a3c'],
      ]) {
        expect(legend).toContain(`fill="${fill}"`)
        expect(legend).toContain(`>${label}</text>`)
        expect(svg.match(new RegExp(`<rect [^>]*fill="${fill}"><title>[^<]* ${label} \\d+</title>`, 'g'))?.length ?? 0).toBeGreaterThan(0)
      }
      // a table follows the chart
      const after = html.slice(html.indexOf('</svg>', html.indexOf(`data-qa="${chart}"`)))
      expect(after.indexOf('<table')).toBeLessThan(after.indexOf('<h2') === -1 ? Infinity : after.indexOf('<h2'))
    }
    const services = html.slice(html.indexOf('data-qa="chart-services"'))
    expect(services).toContain('>人才认定/登记</text>')
    expect(services).toContain('>人才安居补贴</text>')
    expect(html).not.toMatch(/>talent-regist/)
    expect(visibleText(html)).toContain('按期办结率')
    expect(visibleText(html)).toContain('满意率')
  })

  it('the CSV has Chinese headers and the same figures as the page', async () => {
    const csv = await sup.client.get('/staff/stats.csv?from=2026-11-01&to=2026-11-30')
    expect(csv.headers.get('content-type')).toContain('text/csv')
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n')
    expect(lines[0]).toBe(
      '周（周一）,事项,收件,受理,办结,按期办结,按期办结率(%),平均办理用时(工作日),评价数,满意数,满意率(%),秒批,人工办结,秒批撤销,秒批撤销率(%)',
    )
    const { weeks } = await ctx.services.cases.stats('2026-11-01', '2026-11-30')
    expect(lines).toHaveLength(weeks.length + 1)
    const first = lines[1].split(',')
    expect(first[0]).toBe(weeks[0].week)
    expect(first[1]).toMatch(/^人才/)
    expect(first.slice(2, 5).map(Number)).toEqual([weeks[0].received, weeks[0].accepted, weeks[0].decided])
  })
})
