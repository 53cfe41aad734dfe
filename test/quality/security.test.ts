import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { TestClient, type TestResponse } from '../support/client.js'
import { citizen, staffMember } from '../support/fixtures.js'
import { ensureCatalog, submittedCase, multipart, TALENT_FIELDS, PDF } from '../support/cases.js'
import { STAFF_ROLES } from '../../src/modules/identity/roles.js'

/**
 * Security properties checked over the whole route table (app.routes), so a new route is covered
 * the day it is added: malformed ids, CSRF on every POST, security headers, escaping, logs. Who may
 * use which route is test/quality/access-matrix.test.ts.
 */
let ctx: TestContext
let refA = ''
let personas: Record<string, TestClient>
let citizenA: Awaited<ReturnType<typeof citizen>>
beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
  const a = await submittedCase(ctx)
  citizenA = a.citizen
  refA = a.ref
  const b = await citizen(ctx)
  personas = { anonymous: new TestClient(ctx), citizenA: a.citizen.client, citizenB: b.client }
  for (const r of STAFF_ROLES) personas[r] = (await staffMember(ctx, r)).client
})
afterAll(() => ctx.close())

function routes(method: string) {
  const seen = new Set<string>()
  return ctx.app.routes
    .filter((r) => r.method === method && !r.path.includes('*') && !seen.has(r.path) && seen.add(r.path))
    .map((r) => r.path)
}
const fill = (p: string) => p.replace(':ref', refA).replace(':code', 'talent-registration').replace(/:id/g, '1')

describe('malformed ids', () => {
  it('never cause a 5xx: non-numeric ids, unknown refs and odd query values answer 404 or a page', async () => {
    const bad: string[] = []
    for (const path of routes('GET')) {
      if (!path.includes(':')) continue
      for (const who of ['citizenA', 'clerk', 'supervisor', 'auditor', 'secadmin'] as const) {
        const r = await personas[who].get(path.replace(/:[a-z]+/g, 'x%27;--'))
        if (r.status >= 500) bad.push(`${who} ${path} → ${r.status}`)
      }
    }
    for (const q of ['/staff/cases?after=1e400', '/staff/counter/apply?user=abc&service=talent-registration', '/admin/audit?before=-1']) {
      for (const who of ['supervisor', 'auditor'] as const) {
        const r = await personas[who].get(q)
        if (r.status >= 500) bad.push(`${who} ${q} → ${r.status}`)
      }
    }
    expect(bad).toEqual([])
  })
})

describe('CSRF on every POST route', () => {
  it('answers 403 without the token, for every persona', async () => {
    const missing: string[] = []
    for (const path of routes('POST')) {
      for (const who of ['anonymous', 'citizenA', 'clerk'] as const) {
        const r = await personas[who].post(fill(path), { _csrf: '' })
        if (r.status !== 403) missing.push(`${who} POST ${path} → ${r.status}`)
      }
    }
    expect(missing).toEqual([])
  })
})

describe('security headers', () => {
  it('every response carries CSP (own-origin scripts only), nosniff, no framing, a referrer policy and a request id; dynamic ones are never cached', async () => {
    const bad: string[] = []
    const check = (what: string, r: TestResponse, dynamic = true) => {
      const csp = r.headers.get('content-security-policy') ?? ''
      // A material preview is framed by the case page: its own CSP runs nothing and lets only our pages frame it (decision 0206).
      const preview = r.status === 200 && what.endsWith('/materials/:id/preview')
      if (
        preview
          ? !csp.includes("default-src 'none'") || !csp.includes("frame-ancestors 'self'") || csp.includes('script-src')
          : !csp.includes("script-src 'self'") || !csp.includes("frame-ancestors 'none'") || csp.includes('unsafe-inline')
      )
        bad.push(`${what} csp`)
      if (r.headers.get('x-content-type-options') !== 'nosniff') bad.push(`${what} nosniff`)
      if (r.headers.get('referrer-policy') !== 'same-origin') bad.push(`${what} referrer-policy`)
      if (!r.headers.get('x-request-id')) bad.push(`${what} request id`)
      if (dynamic && !(r.headers.get('cache-control') ?? '').includes('no-store'))
        bad.push(`${what} cache-control ${r.headers.get('cache-control')}`)
    }
    // every GET route as every persona (pages, downloads, redirects, 403 and 404 answers alike)
    for (const path of routes('GET'))
      for (const [who, client] of Object.entries(personas))
        check(`${who} GET ${path}`, await client.get(fill(path)), path !== '/favicon.ico')
    // every POST route, refused for a missing token and answered with the token
    for (const path of routes('POST').filter((p) => !/logout$/.test(p))) {
      check(`POST ${path} without token`, await personas.citizenA.post(fill(path), { _csrf: '' }))
      check(`POST ${path}`, await personas.clerk.post(fill(path)))
    }
    check('unknown page', await personas.anonymous.get('/no-such-page'))
    check('htmx fragment', await personas.clerk.get('/staff/cases?status=submitted', { 'hx-request': 'true', 'hx-target': 'queue' }))
    // static files may be cached, but keep the other headers
    for (const file of ['/static/app.css', '/static/vendor/htmx.min.js']) {
      const r = await personas.anonymous.get(file)
      expect(r.status).toBe(200)
      check(file, r, false)
    }
    expect(bad).toEqual([])
  })
})

describe('XSS corpus through text fields', () => {
  const corpus = [
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
  ]
  it('is shown as text on every citizen and staff page that displays it', async () => {
    const a = await citizen(ctx)
    const sup = await staffMember(ctx, 'supervisor')
    const agent = await staffMember(ctx, 'complaints')
    for (const payload of corpus) {
      const page = await a.client.get('/applications/new?service=talent-registration')
      const token = page.text.match(/name="form_token" value="([^"]+)"/)![1]
      const r = await a.client.postMultipart(
        '/applications',
        multipart(
          { service: 'talent-registration', form_token: token, ...TALENT_FIELDS, school: payload, position: payload },
          { file_degree_certificate: PDF, file_labour_contract: PDF },
        ),
      )
      const ref = r.location!.split('/').pop()!.split('?')[0]
      await sup.client.post(`/staff/cases/${ref}/decision`, { decision: 'accept' })
      await sup.client.post(`/staff/cases/${ref}/decision`, { decision: 'reject', reason: payload })
      await a.client.post(`/applications/${ref}/rating`, { score: '2', comment: payload })
      const c = await agent.client.post('/admin/complaints', {
        caller_phone: '02012345678',
        caller_name: payload.slice(0, 50),
        category: '其他',
        description: payload,
      })
      const pages = [
        await a.client.get(`/applications/${ref}`),
        await a.client.get('/applications'),
        await sup.client.get(`/staff/cases/${ref}`),
        await sup.client.get('/staff/cases?status=rejected'),
        await sup.client.get('/staff/rectifications'),
        await agent.client.get(c.location!),
        await agent.client.get('/admin/complaints'),
      ]
      for (const p of pages) {
        expect(p.status).toBe(200)
        expect(p.text).not.toContain(payload)
      }
    }
  })
})

describe('logs', () => {
  it('contain no personal numbers, phones or codes after the journeys above', () => {
    const out = ctx.logLines.join('\n')
    expect(out.length).toBeGreaterThan(0)
    for (const s of [citizenA.idNumber, citizenA.bankAccount, citizenA.phone]) expect(out).not.toContain(s)
    for (const m of ctx.sms.sent) {
      const code = m.text.match(/\b(\d{6})\b/)
      if (code) expect(out).not.toContain(code[1])
    }
  })
})
