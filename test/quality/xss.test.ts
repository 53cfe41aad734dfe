import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { sql } from 'kysely'
import { createTestContext, type TestContext } from '../support/context.js'
import { TestClient, type TestResponse } from '../support/client.js'
import { makeBankAccount, makeIdNumber, makePhone, staffMember } from '../support/fixtures.js'
import { ensureCatalog, submittedCase, enterpriseCase, multipart, PDF } from '../support/cases.js'
import { STAFF_ROLES } from '../../src/modules/identity/roles.js'

/**
 * Escaping everywhere, not just where someone thought of it:
 * 1. every kind of record a person can create (cases in several states, supplement notes, ratings,
 *    rectifications, complaints with notes, corrections, enterprises, incidents, announcements,
 *    disclosures, policy versions, walk-in accounts, audit entries) is created through the portal;
 * 2. then every free-text value stored in any table — including the strings inside JSON columns
 *    (application answers, supplement checklists) — is overwritten with a marker tag `<x-N>` (N names
 *    the table and column);
 * 3. every form on every page is submitted by the persona who sees it with the marker in every
 *    field (the re-rendered form must show it as text), and every page of every persona is read:
 *    no response may contain a marker as markup.
 */
const MARK = /<x-(\d+)/
const CJK = /[\u3400-\u9fff]/
/** Stored text no page shows: outgoing SMS and mail bodies. */
const NEVER_SHOWN = ['outbox.body']

let ctx: TestContext
const clients: Record<string, TestClient> = {}
const refs: string[] = []
let complaintRef = ''
let noticeId = 0
const sources: string[] = []

async function ok(r: Promise<TestResponse>, status = 303) {
  const res = await r
  expect(res.status, `${res.status} ${res.location ?? ''}`).toBe(status)
  return res
}

beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
  const staff: Record<string, TestClient> = {}
  for (const r of STAFF_ROLES) staff[r] = (await staffMember(ctx, r)).client
  const a = await submittedCase(ctx)
  const rejected = a.ref
  const housing = await submittedCase(ctx, 'housing-subsidy')
  const e = await enterpriseCase(ctx)
  Object.assign(clients, {
    anonymous: new TestClient(ctx),
    citizenA: a.citizen.client,
    citizenH: housing.citizen.client,
    operator: e.operator.client,
    ...staff,
  })
  refs.push(rejected, housing.ref, e.ref)
  // decided, rated badly (→ rectification), supplement requested with notes
  await ok(staff.supervisor.post(`/staff/cases/${rejected}/decision`, { decision: 'accept' }))
  await ok(staff.supervisor.post(`/staff/cases/${rejected}/decision`, { decision: 'reject', reason: '不符合认定条件' }))
  await ok(a.citizen.client.post(`/applications/${rejected}/rating`, { score: '1', comment: '等待时间太长' }))
  await ok(
    staff.supervisor.post(`/staff/cases/${housing.ref}/decision`, {
      decision: 'supplement',
      reason: '请一次性补正以下两项',
      items: ['rental_address', 'rental_contract'],
      note_rental_contract: '缺少签字页',
    }),
  )
  await ok(staff.supervisor.post(`/staff/cases/${e.ref}/reveal`, { purpose: '核对申请人身份' }), 200)
  // privacy: a correction request; the phone desk: a call with a note and a resolution; a citizen's own complaint
  await ok(a.citizen.client.post('/me/corrections', { field: 'real_name', value: '张叁', reason: '户口簿已更正姓名' }))
  const call = await ok(
    staff.complaints.post('/admin/complaints', {
      caller_phone: a.citizen.phone,
      caller_name: '张先生',
      category: '办件进度',
      description: '办了好久还没受理',
      related_ref: rejected,
      priority: '普通',
    }),
  )
  complaintRef = call.location!.split('/').pop()!
  await ok(staff.complaints.post(`/admin/complaints/${complaintRef}/notes`, { note: '已联系窗口', reply: 'on' }))
  await ok(
    staff.complaints.post(`/admin/complaints/${complaintRef}/resolve`, {
      resolution: '窗口已处理',
      callback_result: '已电话告知',
      satisfaction: '满意',
    }),
  )
  await ok(a.citizen.client.post('/me/complaints', { category: '咨询建议', description: '希望增加夜间服务窗口' }))
  // administration: announcement, incident, disclosure, policy version
  const day = (d: number) => new Date(ctx.clock.now().getTime() + d * 86_400_000).toISOString().slice(0, 10)
  await ok(
    staff.sysadmin.post('/admin/announcements', {
      title: '系统维护',
      body: '本周六凌晨维护',
      starts_at: `${day(-1)}T00:00`,
      ends_at: `${day(5)}T00:00`,
    }),
  )
  await ok(
    staff.secadmin.post('/admin/incidents', {
      title: '短信服务商数据泄露',
      what_happened: '服务商系统遭入侵',
      data_categories: '手机号码',
      occurred_at: `${day(-2)}T10:00`,
      impact: '可能收到诈骗短信',
      measures: '已更换服务商',
      advice: '警惕冒充短信',
      remedies: '免费咨询',
      affected: a.citizen.phone,
    }),
  )
  const incident = await ctx.deps.db.selectFrom('incidents').select('id').executeTakeFirstOrThrow()
  await ok(staff.secadmin.post(`/admin/incidents/${incident.id}/notify`)) // → a public notice
  noticeId = incident.id
  await ok(
    staff.secadmin.post('/admin/disclosures', {
      phone: a.citizen.phone,
      recipient: '某区公安分局',
      data_categories: '姓名、手机号',
      legal_basis: '调取证据通知书',
      disclosed_at: `${day(-1)}T10:00`,
    }),
  )
  await ok(
    staff.secadmin.post('/admin/policies', {
      version: '2026.9',
      title: '隐私政策修订',
      summary: '新增位置服务说明',
      body: '第一条 ……（完整政策文本，足够长的内容用于测试）',
      effective_date: day(20),
      material: 'on',
    }),
  )
  // the counter: a walk-in account and a closure request taken at the window
  await ok(
    staff.clerk.post('/staff/counter/register', {
      verification_method: '证件人工核验',
      real_name: '黄大明',
      id_number: makeIdNumber('19850101'),
      phone: makePhone(),
      bank_name: '中国银行',
      bank_account: makeBankAccount(),
    }),
    200,
  )
  await ok(staff.clerk.post('/staff/counter/lookup', { id_number: housing.citizen.idNumber, verification_method: '身份证读卡器' }), 200)
  await poisonEveryText()
  // the catalog is cached per process for 5 s of real time: let that pass so the poisoned services are read
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 6_000 })
}, 120_000)
afterAll(async () => {
  vi.useRealTimers()
  await ctx.close()
})

/** Overwrites every stored free-text value (and the free text inside JSON values) with a marker. */
async function poisonEveryText() {
  const db = ctx.deps.db
  const skip = new Set(['sessions', 'kysely_migration', 'kysely_migration_lock', 'audit_head', 'jobs', 'periodic_tasks'])
  for (const t of await db.introspection.getTables()) {
    if (skip.has(t.name)) continue
    const pk = t.columns.find((c) => c.name === 'id') ? 'id' : null
    if (!pk) continue
    const rows = (await db
      .selectFrom(t.name as never)
      .selectAll()
      .execute()) as Record<string, unknown>[]
    for (const row of rows) {
      const set: Record<string, string> = {}
      for (const c of t.columns) {
        const v = row[toCamel(c.name)]
        if (typeof v !== 'string' || !CJK.test(v) || /_(enc|bidx|hash)$/.test(c.name)) continue
        set[c.name] = /^[[{]/.test(v) ? poisonJson(v, `${t.name}.${c.name}`) : marker(`${t.name}.${c.name}`)
      }
      if (Object.keys(set).length === 0) continue
      const assignments = sql.join(Object.entries(set).map(([k, v]) => sql`${sql.ref(k)} = ${v}`))
      await sql`update ${sql.table(t.name)} set ${assignments} where id = ${row.id}`.execute(db.withoutPlugins())
    }
  }
}
const toCamel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
function marker(source: string) {
  let n = sources.indexOf(source)
  if (n < 0) n = sources.push(source) - 1
  return `"'<x-${n}>`
}
function poisonJson(text: string, source: string): string {
  const walk = (v: unknown): unknown =>
    typeof v === 'string'
      ? CJK.test(v)
        ? marker(source)
        : v
      : Array.isArray(v)
        ? v.map(walk)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
          : v
  try {
    return JSON.stringify(walk(JSON.parse(text)))
  } catch {
    return marker(source)
  }
}

function routes() {
  const seen = new Set<string>()
  return ctx.app.routes
    .filter((r) => r.method === 'GET' && !r.path.includes('*') && !seen.has(r.path) && seen.add(r.path))
    .map((r) => r.path)
}
/** Each GET route filled with every record it can show. */
function urls(path: string): string[] {
  if (path.includes(':ref')) {
    const all = path.startsWith('/admin/complaints') ? [complaintRef] : refs
    return all.map((ref) => path.replace(':ref', ref).replace(/:id/g, '1'))
  }
  return [path.replace(':code', 'talent-registration').replace('/notices/:id', `/notices/${noticeId}`).replace(/:id/g, '1')]
}
const shown = new Set<number>()
const found = (r: TestResponse) => {
  for (const m of r.text.matchAll(/&lt;x-(\d+)/g)) shown.add(Number(m[1]))
  const m = (r.headers.get('content-type') ?? '').includes('html') ? MARK.exec(r.text) : null
  return m ? `${sources[Number(m[1])]} around …${r.text.slice(Math.max(0, m.index - 60), m.index + 20)}` : null
}

/** Every GET route, filled with every record it can show, for every persona. */
function* everyPage() {
  for (const path of routes()) for (const url of urls(path)) for (const [who, client] of Object.entries(clients)) yield { who, client, url }
}

/** Reads every page; answers what showed a marker as markup (or failed). */
async function crawl(): Promise<string[]> {
  const bad: string[] = []
  let pages = 0
  for (const { who, client, url } of everyPage()) {
    const r = await client.get(url)
    pages++
    const f = found(r)
    if (f) bad.push(`${who} GET ${url}: ${f}`)
    if (r.status >= 500) bad.push(`${who} GET ${url}: ${r.status}`)
  }
  expect(pages).toBeGreaterThan(300)
  return bad
}

describe('stored text is escaped on every page', () => {
  it('poisoned every free-text column there is', () => {
    expect(sources.length).toBeGreaterThan(40)
  })

  it('no page of any persona shows a stored marker as markup', async () => {
    const bad = await crawl()
    // the English copy of in-site messages (messages.en) is what the inbox shows on the English site
    for (const [who, client] of Object.entries(clients)) {
      const f = found(await client.get('/me/messages?lang=en'))
      if (f) bad.push(`${who} GET /me/messages?lang=en: ${f}`)
      await client.get('/?lang=zh-CN')
    }
    expect(bad).toEqual([])
    // and every poisoned value is really on some page (as text): the crawl reached it
    expect(sources.filter((src, i) => !shown.has(i) && !NEVER_SHOWN.includes(src))).toEqual([])
  })

  it('every form on every page, submitted with the marker in every field, shows it back only as text', async () => {
    const bad: string[] = []
    let forms = 0
    for (const { who, client, url } of everyPage()) {
      const page = await client.get(url)
      for (const form of formsOf(page.text)) {
        if (/logout$/.test(form.action)) continue
        const fields: Record<string, string> = {}
        for (const f of form.fields) fields[f.name] = f.type === 'hidden' ? f.value : marker(`form ${form.action} ${f.name}`)
        const r =
          form.method === 'get'
            ? await client.get(`${form.action}${form.action.includes('?') ? '&' : '?'}${new URLSearchParams(fields)}`)
            : form.multipart
              ? await client.postMultipart(form.action, multipart(fields, Object.fromEntries(form.files.map((n) => [n, PDF]))))
              : await client.post(form.action, fields)
        forms++
        const f = found(r)
        if (f) bad.push(`${who} ${form.method.toUpperCase()} ${form.action} (from ${url}): ${f}`)
      }
    }
    expect(bad).toEqual([])
    expect(forms).toBeGreaterThan(100)
    // what the forms stored is read back on every page too
    expect(await crawl()).toEqual([])
  }, 120_000)
})

interface Field {
  name: string
  type: string
  value: string
}
/** The forms of a server-rendered page (our own markup: double-quoted attributes). */
function formsOf(html: string) {
  const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1]?.replace(/&amp;/g, '&')
  const out: { action: string; method: string; multipart: boolean; fields: Field[]; files: string[] }[] = []
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const action = attr(m[1], 'action')
    if (!action || !action.startsWith('/')) continue
    const fields: Field[] = []
    const files: string[] = []
    for (const t of m[2].matchAll(/<(input|textarea|select)\b([^>]*)>/g)) {
      const name = attr(t[2], 'name')
      if (!name || name === '_csrf') continue
      const type = t[1] === 'input' ? (attr(t[2], 'type') ?? 'text') : t[1]
      if (type === 'file') files.push(name)
      else if (!fields.some((f) => f.name === name)) fields.push({ name, type, value: attr(t[2], 'value') ?? '' })
    }
    if (fields.length)
      out.push({ action, method: (attr(m[1], 'method') ?? 'get').toLowerCase(), multipart: /multipart/.test(m[1]), fields, files })
  }
  return out
}
