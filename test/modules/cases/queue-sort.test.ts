/**
 * The queue's orders (received, waiting, deadline, status) page by keyset without losing or repeating a case,
 * keep every filter in their links; status counts are links to their filter; saved filters are each staff
 * member's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import { visibleText } from '../../support/client.js'
import { staffMember, signIn } from '../../support/fixtures.js'
import { ensureCatalog, submittedCase } from '../../support/cases.js'
import { OPEN_STATUSES } from '../../../src/modules/applications/lifecycle.js'

let ctx: TestContext
let clerk: Awaited<ReturnType<typeof staffMember>>
let other: Awaited<ReturnType<typeof staffMember>>
const all: string[] = []

beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
  clerk = await staffMember(ctx, 'clerk')
  other = await staffMember(ctx, 'clerk')
  // 34 cases over 34 days: four in five accepted (deadlines spread), some of those waiting for a supplement.
  for (let i = 0; i < 34; i++) {
    ctx.clock.set(new Date(Date.parse('2026-10-01T02:00:00.000Z') + i * 86_400_000))
    clerk.client = await signIn(ctx, 'staff', clerk.id)
    const { ref } = await submittedCase(ctx, i % 4 === 0 ? 'housing-subsidy' : 'talent-registration')
    all.push(ref)
    if (i % 5 === 0) continue
    expect((await clerk.client.post(`/staff/cases/${ref}/decision`, { decision: 'accept' })).status).toBe(303)
    if (i % 7 === 1) {
      const item = i % 4 === 0 ? 'rental_contract' : 'labour_contract'
      const r = await clerk.client.post(`/staff/cases/${ref}/decision`, { decision: 'supplement', reason: '请补正', items: [item] })
      expect(r.status).toBe(303)
    }
  }
  ctx.clock.set('2026-11-02T02:00:00.000Z')
  clerk.client = await signIn(ctx, 'staff', clerk.id)
  other.client = await signIn(ctx, 'staff', other.id)
}, 180_000) // 34 submissions through HTTP: slow on MariaDB beside other test files
afterAll(() => ctx.close())

const refsOf = (html: string) => [...html.matchAll(/data-qa="case-([A-Z0-9]+)"/g)].map((m) => m[1])
const nextOf = (html: string) => html.match(/href="([^"]*after=[^"]+)" data-qa="next-page"/)?.[1].replace(/&amp;/g, '&')

/** Every page of an order, following the next-page links. */
async function walk(path: string) {
  const pages: string[][] = []
  let url: string | undefined = path
  while (url) {
    const r = await clerk.client.get(url)
    expect(r.status, url).toBe(200)
    pages.push(refsOf(r.text))
    url = nextOf(r.text)
    expect(pages.length).toBeLessThan(10)
  }
  return pages
}

async function rows(refs: string[]) {
  return Promise.all(refs.map(async (r) => (await ctx.services.applications.byRef(r))!))
}

describe('queue orders', () => {
  it('received (default) is newest first and waiting is oldest first; both page through every open case once', async () => {
    const open = (await rows(all)).filter((a) => (OPEN_STATUSES as string[]).includes(a.status))
    expect(open.length).toBeGreaterThan(20)
    const newest = (await walk('/staff/cases')).flat()
    expect(newest).toEqual([...open].sort((a, b) => b.id - a.id).map((a) => a.ref))
    const pages = await walk('/staff/cases?sort=waiting')
    expect(pages[0]).toHaveLength(20)
    expect(pages.flat()).toEqual([...open].sort((a, b) => a.id - b.id).map((a) => a.ref))
    // the longest waiting is shown with the most working days
    const first = await clerk.client.get('/staff/cases?sort=waiting')
    const waits = [...first.text.matchAll(/data-qa="waiting">(\d+)</g)].map((m) => Number(m[1]))
    expect(waits[0]).toBeGreaterThan(waits[waits.length - 1])
  })

  it('deadline: earliest first over accepted and paused cases, keyset across statuses, only cases with a clock', async () => {
    const withClock = (await rows(all)).filter((a) => a.deadlineDate && (OPEN_STATUSES as string[]).includes(a.status))
    expect(new Set(withClock.map((a) => a.status))).toEqual(new Set(['accepted', 'supplement']))
    const expected = [...withClock]
      .sort((a, b) => (a.deadlineDate! < b.deadlineDate! ? -1 : a.deadlineDate! > b.deadlineDate! ? 1 : a.id - b.id))
      .map((a) => a.ref)
    const r = await clerk.client.get('/staff/cases?sort=deadline')
    expect(r.text).toContain('aria-sort="ascending"')
    expect((await walk('/staff/cases?sort=deadline')).flat()).toEqual(expected)
  })

  it('status: submitted, then supplement, then accepted, longest waiting first within each, paged', async () => {
    const open = (await rows(all)).filter((a) => (OPEN_STATUSES as string[]).includes(a.status))
    const expected = OPEN_STATUSES.flatMap((s) =>
      open
        .filter((a) => a.status === s)
        .sort((a, b) => a.id - b.id)
        .map((a) => a.ref),
    )
    expect((await walk('/staff/cases?sort=status')).flat()).toEqual(expected)
  })

  it('sort links and status counts keep the other filters; the filter form keeps the order', async () => {
    const r = await clerk.client.get('/staff/cases?service=talent-registration&sort=deadline')
    const hrefOf = (qa: string) => r.text.match(new RegExp(`href="([^"]*)"[^>]*data-qa="${qa}"`))?.[1].replace(/&amp;/g, '&')
    expect(hrefOf('sort-waiting')).toBe('/staff/cases?service=talent-registration&sort=waiting')
    expect(hrefOf('sort-received')).toBe('/staff/cases?service=talent-registration')
    expect(hrefOf('count-accepted')).toBe('/staff/cases?service=talent-registration&sort=deadline&status=accepted')
    expect(hrefOf('count-all')).toBe('/staff/cases?service=talent-registration&sort=deadline')
    expect(r.text).toMatch(/<input type="hidden" name="sort" value="deadline"/)
    // every case listed is of that service, and the count link leads to exactly its status
    const refs = refsOf(r.text)
    expect((await rows(refs)).every((a) => a.serviceCode === 'talent-registration')).toBe(true)
    const byStatus = await clerk.client.get(hrefOf('count-accepted')!)
    const listed = await rows(refsOf(byStatus.text))
    expect(listed.length).toBeGreaterThan(0)
    expect(listed.every((a) => a.status === 'accepted' && a.serviceCode === 'talent-registration')).toBe(true)
    expect(visibleText(byStatus.text)).toMatch(/已受理[^0-9]*\d+/)
  })

  it('is in English with ?lang=en', async () => {
    const r = visibleText((await clerk.client.get('/staff/cases?lang=en&sort=deadline')).text)
    for (const s of ['Case queue', 'Waiting (working days)', 'Find cases', 'My filters', 'Save the current filters as'])
      expect(r).toContain(s)
    expect(r).not.toContain('检索办件')
    await clerk.client.get('/staff/cases?lang=zh-CN')
  })

  it('a bad order or cursor falls back to the first page, never an error', async () => {
    for (const q of ['sort=drop', 'sort=deadline&after=x', 'sort=status&after=nope.5', 'after=-1'])
      expect((await clerk.client.get(`/staff/cases?${q}`)).status, q).toBe(200)
  })
})

describe('saved filters', () => {
  it('saves the current filters under a name, lists them for their owner only, replaces by name, deletes', async () => {
    const bad = await clerk.client.post('/staff/cases/filters', { name: ' ', service: 'housing-subsidy' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('data-qa="error-name"')
    const r = await clerk.client.post('/staff/cases/filters', {
      name: '住房补贴·按期限',
      service: 'housing-subsidy',
      sort: 'deadline',
      after: '99', // never saved: a cursor
      evil: 'x',
    })
    expect(r.status).toBe(303)
    expect(r.location).toBe('/staff/cases?service=housing-subsidy&sort=deadline&saved=1')
    const page = await clerk.client.get('/staff/cases')
    expect(page.text).toContain('href="/staff/cases?service=housing-subsidy&amp;sort=deadline"')
    expect(visibleText(page.text)).toContain('住房补贴·按期限')
    expect((await other.client.get('/staff/cases')).text).not.toContain('住房补贴·按期限')
    // the same name replaces the filter
    await clerk.client.post('/staff/cases/filters', { name: '住房补贴·按期限', service: 'housing-subsidy', status: 'accepted' })
    const saved = await ctx.services.queue.savedFilters(clerk.id)
    expect(saved.map((s) => [s.name, s.query])).toEqual([['住房补贴·按期限', 'status=accepted&service=housing-subsidy']])
    // someone else's filter cannot be deleted (404), the owner's can
    expect((await other.client.post(`/staff/cases/filters/${saved[0].id}/delete`)).status).toBe(404)
    const del = await clerk.client.post(`/staff/cases/filters/${saved[0].id}/delete`)
    expect(del.status).toBe(303)
    expect(await ctx.services.queue.savedFilters(clerk.id)).toEqual([])
  })
})
