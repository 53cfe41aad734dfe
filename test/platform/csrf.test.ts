import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { TestClient } from '../support/client.js'
import { COOKIE } from '../../src/middleware/cookies.js'
import { maskCsrf, unmaskCsrf } from '../../src/middleware/csrf.js'

/**
 * The CSRF middleware rule by rule (issue 23): the signed double-submit token, where it may come
 * from, which methods need it, and the Origin / Sec-Fetch-Site checks. POST /prefs/care-mode answers
 * 303 when let through.
 */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const visible = (html: string) => html.replace(/<[^>]+>/g, ' ')
const TOKEN_MSG = '页面已过期或请求无效'
const ORIGIN_MSG = '请求来源无效'

async function client() {
  const c = new TestClient(ctx)
  await c.get('/')
  return c
}
/** A raw request carrying the client's cookies (no automatic Origin or token). */
async function raw(c: TestClient, method: string, path: string, headers: Record<string, string> = {}, body?: BodyInit) {
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  return ctx.app.request(`http://localhost${path}`, { method, headers: { cookie, ...headers }, body, redirect: 'manual' })
}
const form = (fields: [string, string][]) => new URLSearchParams(fields).toString()
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

describe('CSRF token', () => {
  it('gives a new browser an HttpOnly SameSite=Lax secret cookie and pages the HMAC of it', async () => {
    const res = await ctx.app.request('http://localhost/')
    const sc = res.headers.getSetCookie().find((s) => s.startsWith(`${COOKIE.csrf}=`))!
    expect(sc).toMatch(/HttpOnly/i)
    expect(sc).toMatch(/SameSite=Lax/i)
    expect(sc).toMatch(/Path=\//)
    const secret = sc.split(';')[0].split('=')[1]
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/)
    const html = await res.text()
    const token = html.match(/name="_csrf" value="([^"]+)"/)![1]
    expect(unmaskCsrf(token)).toBe(ctx.deps.crypto.hmac('csrf', secret))
    expect(token).not.toBe(secret)
  })

  it('keeps a secret of 20 or more characters and replaces a shorter one', async () => {
    const keep = await ctx.app.request('http://localhost/', { headers: { cookie: `${COOKIE.csrf}=${'a'.repeat(20)}` } })
    expect(keep.headers.getSetCookie().some((s) => s.startsWith(`${COOKIE.csrf}=`))).toBe(false)
    expect(unmaskCsrf(/name="_csrf" value="([^"]+)"/.exec(await keep.text())![1])).toBe(ctx.deps.crypto.hmac('csrf', 'a'.repeat(20)))
    const replace = await ctx.app.request('http://localhost/', { headers: { cookie: `${COOKIE.csrf}=${'a'.repeat(19)}` } })
    const sc = replace.headers.getSetCookie().find((s) => s.startsWith(`${COOKIE.csrf}=`))
    expect(sc).toBeDefined()
    expect(sc!.split(';')[0]).not.toBe(`${COOKIE.csrf}=${'a'.repeat(19)}`)
  })

  it('lets a form with the right token through, and refuses a missing, wrong or other browser’s token', async () => {
    const c = await client()
    expect((await c.post('/prefs/care-mode')).status).toBe(303)
    for (const t of ['', 'forged', c.csrf.slice(0, -1), c.csrf + 'x']) {
      const r = await c.post('/prefs/care-mode', { _csrf: t })
      expect(r.status, `token ${JSON.stringify(t)}`).toBe(403)
      expect(visible(r.text)).toContain(TOKEN_MSG)
    }
    const other = await client()
    expect((await c.post('/prefs/care-mode', { _csrf: other.csrf })).status).toBe(403)
    // a request with no secret cookie at all cannot have a matching token
    const fresh = await ctx.app.request('http://localhost/prefs/care-mode', {
      method: 'POST',
      headers: FORM,
      body: form([['_csrf', c.csrf]]),
      redirect: 'manual',
    })
    expect(fresh.status).toBe(403)
  })

  it('never reuses a pad, across refills of the pooled random bytes', () => {
    const token = ctx.deps.crypto.hmac('csrf', 'b'.repeat(24))
    const masked = Array.from({ length: 300 }, () => maskCsrf(token))
    expect(new Set(masked.map((m) => m.split('.')[0])).size).toBe(300)
    for (const m of masked) expect(unmaskCsrf(m)).toBe(token)
  })

  it('masks the token afresh in every response (BREACH, decision 0237); each masked form and the bare HMAC pass', async () => {
    const c = await client()
    const tokens = []
    for (let i = 0; i < 3; i++) tokens.push(/name="_csrf" value="([^"]+)"/.exec((await c.get('/')).text)![1])
    expect(new Set(tokens).size).toBe(3)
    expect(new Set(tokens.map(unmaskCsrf)).size).toBe(1)
    for (const t of [...tokens, unmaskCsrf(tokens[0])]) expect((await c.post('/prefs/care-mode', { _csrf: t })).status).toBe(303)
    // the same pad with another masked value is another token
    const [pad, x] = tokens[0].split('.')
    const flipped = Buffer.from(x, 'base64url')
    flipped[0] ^= 1
    expect((await c.post('/prefs/care-mode', { _csrf: `${pad}.${flipped.toString('base64url')}` })).status).toBe(403)
  })

  it('takes the token from X-CSRF-Token (htmx) before the form, and from multipart forms', async () => {
    const c = await client()
    expect((await raw(c, 'POST', '/prefs/care-mode', { 'x-csrf-token': c.csrf })).status).toBe(303)
    // a wrong header is not rescued by a right form field
    expect((await raw(c, 'POST', '/prefs/care-mode', { 'x-csrf-token': 'forged', ...FORM }, form([['_csrf', c.csrf]]))).status).toBe(403)
    const fd = new FormData()
    fd.append('_csrf', c.csrf)
    expect((await raw(c, 'POST', '/prefs/care-mode', {}, fd)).status).toBe(303)
    const bad = new FormData()
    bad.append('_csrf', 'forged')
    expect((await raw(c, 'POST', '/prefs/care-mode', {}, bad)).status).toBe(403)
  })

  it('uses the first _csrf field when a form repeats it', async () => {
    const c = await client()
    expect(
      (
        await raw(
          c,
          'POST',
          '/prefs/care-mode',
          FORM,
          form([
            ['_csrf', c.csrf],
            ['_csrf', 'forged'],
          ]),
        )
      ).status,
    ).toBe(303)
    expect(
      (
        await raw(
          c,
          'POST',
          '/prefs/care-mode',
          FORM,
          form([
            ['_csrf', 'forged'],
            ['_csrf', c.csrf],
          ]),
        )
      ).status,
    ).toBe(403)
    const fd = new FormData()
    fd.append('_csrf', c.csrf)
    fd.append('_csrf', 'forged')
    expect((await raw(c, 'POST', '/prefs/care-mode', {}, fd)).status).toBe(303)
    // a file upload named _csrf is not a token (and no 500)
    const file = new FormData()
    file.append('_csrf', new File([c.csrf], 'token.txt', { type: 'text/plain' }))
    expect((await raw(c, 'POST', '/prefs/care-mode', {}, file)).status).toBe(403)
  })

  it('does not read a token out of a JSON or plain-text body', async () => {
    const c = await client()
    const body = JSON.stringify({ _csrf: c.csrf })
    expect((await raw(c, 'POST', '/prefs/care-mode', { 'content-type': 'application/json' }, body)).status).toBe(403)
    expect((await raw(c, 'POST', '/prefs/care-mode', { 'content-type': 'text/plain' }, `_csrf=${c.csrf}`)).status).toBe(403)
    expect((await raw(c, 'POST', '/prefs/care-mode', {}, `_csrf=${c.csrf}`)).status).toBe(403)
  })

  it('needs the token for POST, PUT, PATCH and DELETE only', async () => {
    const c = await client()
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const r = await raw(c, m, '/prefs/care-mode')
      expect(r.status, m).toBe(403)
      expect(visible(await r.text())).toContain(TOKEN_MSG)
    }
    for (const m of ['GET', 'HEAD', 'OPTIONS']) expect((await raw(c, m, '/prefs/care-mode')).status, m).not.toBe(403)
  })
})

describe('CSRF origin checks', () => {
  it('refuses a cross-site or same-site Sec-Fetch-Site even with the right token; same-origin and none pass', async () => {
    const c = await client()
    for (const site of ['cross-site', 'same-site']) {
      const r = await c.post('/prefs/care-mode', {}, { 'sec-fetch-site': site })
      expect(r.status, site).toBe(403)
      expect(visible(r.text)).toContain(ORIGIN_MSG)
    }
    for (const site of ['same-origin', 'none'])
      expect((await c.post('/prefs/care-mode', {}, { 'sec-fetch-site': site })).status, site).toBe(303)
  })

  it('refuses another origin, a "null" origin and a malformed one; no Origin at all passes on the token', async () => {
    const c = await client()
    for (const origin of ['http://evil.example', 'http://localhost.evil.example', 'http://localhost:8080', 'null', 'not a url']) {
      const r = await c.post('/prefs/care-mode', {}, { origin })
      expect(r.status, origin).toBe(403)
      expect(visible(r.text)).toContain(ORIGIN_MSG)
    }
    expect((await raw(c, 'POST', '/prefs/care-mode', { 'x-csrf-token': c.csrf })).status).toBe(303)
    expect((await c.post('/prefs/care-mode', {}, { origin: 'http://localhost' })).status).toBe(303)
  })

  it('compares the Origin with the Host header the request came in with', async () => {
    const c = await client()
    const headers = { 'x-csrf-token': c.csrf, host: 'portal.gov.example' }
    expect((await raw(c, 'POST', '/prefs/care-mode', { ...headers, origin: 'https://portal.gov.example' })).status).toBe(303)
    expect((await raw(c, 'POST', '/prefs/care-mode', { ...headers, origin: 'http://localhost' })).status).toBe(403)
  })
})
