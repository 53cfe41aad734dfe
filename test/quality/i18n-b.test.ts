import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { TestClient } from '../support/client.js'
import { SYSTEM_CONTEXT } from '../../src/modules/audit/service.js'
import { citizen, signIn, staffMember } from '../support/fixtures.js'
import { ensureCatalog, submittedCase, TALENT_FIELDS } from '../support/cases.js'
import { runInLocale, t } from '../../src/lib/i18n/index.js'
import { EN } from '../../src/lib/i18n/en/index.js'
import { actionLabel, statusLabel } from '../../src/modules/applications/lifecycle.js'
import { auditActionLabel } from '../../src/modules/audit/events.js'
import { DEMO_SERVICES } from '../../src/modules/catalog/definitions.js'

/**
 * English on the pages of issue 20 part B (applications, messages, privacy, complaints, policy,
 * admin, audit, registries, certificates, rules): each page, requested in English as the persona
 * who sees it, shows no Chinese in its main content except data that is stored as entered (what the
 * test typed, the catalogue's services and forms, the policy text) — those stay as entered.
 */
let ctx: TestContext
const CJK = /[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]+/g
const HAS_CJK = /[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]/
let allowed: string[] = []
/** Shared components part A translates (views/components); listed so this test checks part B's own strings. */
const PART_A = ['（选填，不影响办理）']

beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
  // stored data shown as entered: the service catalogue (part A translates it), the policy texts
  const strings = new Set<string>()
  const collect = (v: unknown) => {
    if (typeof v === 'string') strings.add(v)
    else if (Array.isArray(v)) v.forEach(collect)
    else if (v && typeof v === 'object') Object.values(v).forEach(collect)
  }
  collect(await ctx.services.catalog.list())
  collect(DEMO_SERVICES)
  PART_A.forEach(collect)
  collect(TALENT_FIELDS) // what the applicant typed
  collect(await ctx.deps.db.selectFrom('policyVersions').selectAll().execute())
  allowed = [...strings]
    .flatMap((s) => s.split(/\n+/))
    .map((s) => s.trim())
    .filter((s) => HAS_CJK.test(s))
    .sort((a, b) => b.length - a.length)
})
afterAll(() => ctx.close())

function visibleMain(html: string): string {
  const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html
  const attrs = [...main.matchAll(/\s(?:title|alt|aria-label|placeholder)="([^"]*)"/g)].map((m) => m[1])
  const text = main
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<input[^>]*type="hidden"[^>]*>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
  return [text, ...attrs]
    .join(' \n ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

/** The Chinese left on an English page, with a little context each, after removing stored data. */
function chineseLeft(html: string, stored: string[]): string[] {
  let text = visibleMain(html)
  for (const s of [...stored, ...allowed].sort((a, b) => b.length - a.length)) text = text.split(s).join(' ')
  return [...text.matchAll(CJK)].map((m) => text.slice(Math.max(0, m.index - 20), m.index + m[0].length + 20).replace(/\s+/g, ' '))
}

/** Messages written before the incident notice (the submission's, in Chinese as written). */
async function storedMessagesBefore(userId: number, _incident: number) {
  const rows = await ctx.deps.db.selectFrom('messages').select(['title', 'body']).where('userId', '=', userId).execute()
  return rows.filter((m) => !m.title.startsWith('Security incident notice')).flatMap((m) => [m.title, m.body])
}

async function english(client: TestClient) {
  await client.get('/?lang=en')
  return client
}

async function expectEnglish(client: TestClient, paths: string[], stored: string[] = []) {
  const problems: string[] = []
  for (const p of paths) {
    const r = await client.get(p)
    expect(r.status, p).toBeLessThan(400)
    expect(r.text, p).toContain('<html lang="en"')
    for (const left of chineseLeft(r.text, stored)) problems.push(`${p}: …${left}…`)
  }
  expect(problems).toEqual([])
}

/** Part B's source: every `t('…')` literal in it needs an English entry. */
const PART_B_DIRS = [
  'views/applications',
  'views/privacy',
  'views/admin',
  'views/policy',
  'views/registries',
  'views/certificates',
  'views/rules',
  ...['applications', 'notifications', 'privacy', 'complaints', 'policy', 'admin', 'audit', 'registries', 'certificates', 'rules'].map(
    (m) => `src/modules/${m}`,
  ),
]

describe('part B pages in English', () => {
  it("every t('…') in part B's views and modules has an English entry", () => {
    const missing: string[] = []
    for (const dir of PART_B_DIRS)
      for (const f of readdirSync(dir).filter((n) => /\.tsx?$/.test(n))) {
        const src = readFileSync(join(dir, f), 'utf8')
        for (const m of src.matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g)) {
          const key = m[1].replace(/\\(.)/g, '$1')
          if (!EN.has(key)) missing.push(`${dir}/${f}: ${key}`)
        }
      }
    expect(missing).toEqual([])
  })

  it('labels built at import time translate at use (status, action, audit action)', () => {
    expect(statusLabel('accepted')).toBe('已受理，审核中')
    expect(runInLocale('en', () => statusLabel('accepted'))).toBe('Accepted, under review')
    expect(runInLocale('en', () => actionLabel('supplement'))).toMatch(/one-time notice/)
    expect(runInLocale('en', () => auditActionLabel('user.login'))).toBe('Signed in')
    expect(runInLocale('en', () => statusLabel('in_review'))).toBe('in_review')
    expect(runInLocale('en', () => t('{why}（当前状态：{status}）', { why: 'x', status: 'y' }))).toBe('x (current status: y)')
  })

  it("the citizen's applications, messages, privacy, complaints, authorisations and certificates", async () => {
    const { citizen: a, ref } = await submittedCase(ctx)
    // the confirmation message was written when the case was submitted in Chinese, and is kept as written
    const stored = (await ctx.deps.db.selectFrom('messages').select(['title', 'body']).where('userId', '=', a.id).execute()).flatMap(
      (m) => [m.title, m.body],
    )
    const c = await english(a.client)
    await c.post('/me/complaints', { category: '办件进度', description: 'Where is my application please' })
    await expectEnglish(
      c,
      [
        '/applications',
        `/applications/${ref}`,
        `/applications/${ref}?submitted=1`,
        '/me/messages',
        '/me/data',
        '/me/consents',
        '/me/access-log',
        '/me/authorisations',
        '/me/certificates',
        '/me/closure',
        '/me/complaints',
        '/privacy-policy',
        '/cookies',
        '/notices',
      ],
      ['张三', '中国工商银行', ...stored],
    )
  })

  it('a case waiting for missing materials, seen by its applicant', async () => {
    const supplement = await submittedCase(ctx, 'housing-subsidy')
    const boss = await staffMember(ctx, 'supervisor')
    await boss.client.post(`/staff/cases/${supplement.ref}/decision`, {
      decision: 'supplement',
      reason: 'Please send the two items',
      items: ['rental_address', 'rental_contract'],
      note_rental_contract: 'The signature page is missing',
    })
    await expectEnglish(
      await english(supplement.citizen.client),
      [`/applications/${supplement.ref}`],
      ['张三', '天河路1号', '中国工商银行'],
    )
  })

  it('the staff pages: phone desk, sampling, administration, audit, disclosures', async () => {
    const { citizen: a } = await submittedCase(ctx)
    const desk = await staffMember(ctx, ['complaints', 'supervisor'])
    const d = await english(desk.client)
    const call = await d.post('/admin/complaints', {
      caller_phone: a.phone,
      caller_name: 'Mr Smith',
      category: '办件进度',
      description: 'Still not accepted',
      priority: '普通',
    })
    await expectEnglish(d, ['/admin/complaints', call.location!, '/staff/sampling'], ['张三'])
    for (const role of ['sysadmin', 'secadmin', 'auditor'] as const) {
      const s = await staffMember(ctx, role)
      const paths = {
        sysadmin: ['/admin', '/admin/staff'],
        secadmin: ['/admin', '/admin/staff', '/admin/disclosures'],
        auditor: ['/admin/audit'],
      }[role]
      await expectEnglish(await english(await signIn(ctx, 'staff', s.id)), paths, [
        '测试sysadmin',
        '测试secadmin',
        '测试auditor',
        '测试complaints',
        '测试supervisor',
        '人才服务中心',
      ])
    }
  })

  it('the holder of a certificate and whoever verifies it', async () => {
    const a = await citizen(ctx, { realName: 'Lin Xiaoming' })
    const number = await ctx.deps.db.transaction().execute((trx) =>
      ctx.services.certificates.issue(trx, SYSTEM_CONTEXT, {
        applicationRef: 'RC202612000001',
        userId: a.id,
        holderName: 'Lin Xiaoming',
        type: '人才认定证书',
        category: 'E类（青年后备人才）',
      }),
    )
    const cert = (await ctx.services.certificates.ofHolder(a.id))[0]
    const c = await english(a.client)
    const share = await c.post(`/me/certificates/${number}/shares`, { label: 'ACME HR', days: '7' })
    expect(share.status).toBeLessThan(400)
    await expectEnglish(c, ['/me/certificates', `/verify/${cert.token}`], ['E类（青年后备人才）'])
    await expectEnglish(await english(new TestClient(ctx)), [`/verify/${cert.token}`], ['E类（青年后备人才）'])
  })

  it('the application form, a refused withdrawal, a closure receipt and a security notice', async () => {
    const { citizen: a, ref } = await submittedCase(ctx)
    const c = await english(a.client)
    await expectEnglish(c, ['/applications/new?service=talent-registration'], ['张三'])
    const bad = await c.post(`/applications/${ref}/withdraw`, { reason: '' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('Give a reason for withdrawing')
    const clerk = await staffMember(ctx, 'clerk')
    const leaving = await citizen(ctx, { realName: 'Wang Xiaoming' })
    const k = await english(clerk.client)
    const closure = await k.post('/staff/counter/closure', {
      real_name: 'Wang Xiaoming',
      id_number: leaving.idNumber,
      verification_method: 'ID card reader',
      note: 'In person',
    })
    expect(closure.status).toBe(303)
    const closureRef = closure.location!.split('/').pop()!
    await expectEnglish(k, [`/staff/counter/closure/${closureRef}`])
    const sec = await staffMember(ctx, 'secadmin')
    const s = await english(await signIn(ctx, 'staff', sec.id))
    await s.post('/admin/incidents', {
      title: 'SMS provider breach',
      what_happened: 'The provider was attacked',
      data_categories: 'Mobile numbers',
      occurred_at: '2026-11-20T10:00',
      impact: 'Scam messages',
      measures: 'Provider replaced',
      advice: 'Beware of fake SMS',
      remedies: 'Free advice line',
      affected: a.phone,
    })
    const incident = await ctx.deps.db.selectFrom('incidents').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
    await s.post(`/admin/incidents/${incident.id}/notify`)
    await expectEnglish(await english(new TestClient(ctx)), [`/closure/${closureRef}`, '/notices', `/notices/${incident.id}`])
    // the notice was sent while the security administrator worked in English: the message is in English
    await expectEnglish(c, ['/me/messages'], ['张三', ...(await storedMessagesBefore(a.id, incident.id))])
  })

  it('an unverified citizen and an anonymous visitor', async () => {
    const u = await citizen(ctx, { verified: false })
    await expectEnglish(await english(u.client), ['/me/data', '/me/consents', '/me/certificates', '/me/messages', '/applications'])
  })
})
