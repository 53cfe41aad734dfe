import zlib from 'node:zlib'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { TestClient, visibleText } from '../support/client.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

describe('platform', () => {
  it('answers /healthz with the database status', async () => {
    const res = await ctx.app.request('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('renders the Chinese home page with header, footer, hotline and care-mode toggle', async () => {
    const c = new TestClient(ctx)
    const r = await c.get('/')
    expect(r.status).toBe(200)
    expect(r.text).toContain('<html lang="zh-CN">')
    const t = visibleText(r.text)
    expect(t).toContain('人才一站式网上办事大厅')
    expect(t).toContain('隐私政策')
    expect(t).toContain('12333')
    expect(t).toContain('关怀模式')
    expect(r.text).toMatch(/src="\/static\/vendor\/htmx\.min\.[0-9a-f]{10}\.js"/)
    expect(r.text).not.toMatch(/<script>(?!<\/script>)/) // no inline scripts
  })

  it('sends a CSP that allows only own-origin scripts, and other security headers', async () => {
    const r = await ctx.app.request('/')
    const csp = r.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(r.headers.get('x-request-id')).toBeTruthy()
  })

  it('serves htmx and the stylesheet from static/', async () => {
    const js = await ctx.app.request('/static/vendor/htmx.min.js')
    expect(js.status).toBe(200)
    expect((await js.text()).length).toBeGreaterThan(10_000)
    const css = await ctx.app.request('/static/app.css')
    expect(css.status).toBe(200)
    expect(await css.text()).toContain('body.care')
  })

  it('names assets by content hash, caches them for a year and compresses HTML, CSS and JS (issue 21)', async () => {
    const html = await (await ctx.app.request('/')).text()
    const css = html.match(/href="(\/static\/app\.[0-9a-f]{10}\.css)"/)![1]
    const js = html.match(/src="(\/static\/vendor\/htmx\.min\.[0-9a-f]{10}\.js)"/)![1]
    for (const [url, enc] of [
      [css, 'br'],
      [js, 'gzip'],
    ] as const) {
      const r = await ctx.app.request(url, { headers: { 'accept-encoding': enc } })
      expect(r.status).toBe(200)
      expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect(r.headers.get('content-encoding')).toBe(enc)
      const raw = Buffer.from(await r.arrayBuffer())
      const plain = enc === 'br' ? zlib.brotliDecompressSync(raw) : zlib.gunzipSync(raw)
      expect(plain.length).toBeGreaterThan(raw.length)
      const again = await ctx.app.request(url, { headers: { 'if-none-match': r.headers.get('etag')! } })
      expect(again.status).toBe(304)
    }
    // an outdated hash is not served as immutable
    const stale = await ctx.app.request(css.replace(/\.[0-9a-f]{10}\./, '.0000000000.'))
    expect(stale.headers.get('cache-control') ?? '').not.toContain('immutable')
    const page = await ctx.app.request('/', { headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(page.headers.get('content-encoding')).toBe('gzip')
    expect(zlib.gunzipSync(Buffer.from(await page.arrayBuffer())).toString()).toContain('人才一站式网上办事大厅')
  })

  it('sends a page over HTTP as one body with its length, not as a chunked stream (issue 21)', async () => {
    // A header set after the handler with c.header(), hono/compress, or a String-object body from the renderer
    // each turn the page into a ReadableStream, which @hono/node-server sends chunked at a tenth more CPU.
    const server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((resolve) => server.once('listening', resolve))
    const port = (server.address() as AddressInfo).port
    const get = (path: string, headers: Record<string, string> = {}) =>
      new Promise<http.IncomingMessage & { body: Buffer }>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path, headers }, (res) => {
            const chunks: Buffer[] = []
            res.on('data', (d: Buffer) => chunks.push(d))
            res.on('end', () => resolve(Object.assign(res, { body: Buffer.concat(chunks) })))
          })
          .on('error', reject)
      })
    try {
      for (const path of ['/', '/services', '/no-such-page']) {
        const r = await get(path)
        expect(r.headers['transfer-encoding'], path).toBeUndefined()
        expect(Number(r.headers['content-length']), path).toBe(r.body.byteLength)
        expect(r.headers['cache-control'], path).toBe('no-store')
        expect(r.headers['vary'], path).toContain('Accept-Encoding')
        expect(r.body.toString(), path).toMatch(/^<!DOCTYPE html>/)
      }
      const gz = await get('/', { 'accept-encoding': 'gzip' })
      expect(gz.headers['content-encoding']).toBe('gzip')
      expect(Number(gz.headers['content-length'])).toBe(gz.body.byteLength)
      expect(zlib.gunzipSync(gz.body).toString()).toContain('人才一站式网上办事大厅')
      // Past serve(), Response is @hono/node-server's lightweight one: it keeps [status, body, headers] under a
      // symbol and writes a primitive-string body with one end(); anything else goes through a web stream.
      for (const path of ['/', '/no-such-page']) {
        const res = await ctx.app.request(path)
        const cache = Object.getOwnPropertySymbols(res).find((s) => s.description === 'cache')
        expect(cache, path).toBeDefined()
        expect(typeof (res as unknown as Record<symbol, unknown[]>)[cache!][1], path).toBe('string')
      }
      // q=0 refuses gzip (parsed with hono's Accept parser)
      expect((await get('/', { 'accept-encoding': 'gzip;q=0, br' })).headers['content-encoding']).toBeUndefined()
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('toggles care mode with a form post kept in a cookie', async () => {
    const c = new TestClient(ctx)
    await c.get('/')
    const r = await c.post('/prefs/care-mode', {}, { referer: 'http://localhost/services' })
    expect(r.status).toBe(303)
    expect(r.location).toBe('/services')
    const home = await c.get('/')
    expect(home.text).toContain('<body class="care"')
    expect(visibleText(home.text)).toContain('退出关怀模式')
    await c.post('/prefs/care-mode')
    expect((await c.get('/')).text).not.toContain('<body class="care"')
  })

  it('rejects a state-changing request without the CSRF token with a friendly 403 page', async () => {
    const c = new TestClient(ctx)
    await c.get('/')
    const r = await c.post('/prefs/care-mode', { _csrf: '' })
    expect(r.status).toBe(403)
    expect(visibleText(r.text)).toContain('页面已过期或请求无效')
    const wrong = await c.post('/prefs/care-mode', { _csrf: 'forged' })
    expect(wrong.status).toBe(403)
  })

  it('rejects a cross-origin POST even with a valid token', async () => {
    const c = new TestClient(ctx)
    await c.get('/')
    const r = await c.post('/prefs/care-mode', {}, { origin: 'http://evil.example' })
    expect(r.status).toBe(403)
  })

  it('shows a Chinese 404 page', async () => {
    const r = await new TestClient(ctx).get('/no/such/page')
    expect(r.status).toBe(404)
    expect(visibleText(r.text)).toContain('页面不存在')
  })

  it('refuses over-long form bodies', async () => {
    const c = new TestClient(ctx)
    await c.get('/')
    const r = await c.post('/prefs/care-mode', { filler: 'x'.repeat(300 * 1024) })
    expect(r.status).toBe(422)
  })
})

describe('error pages', () => {
  it('shows a Chinese 500 page without stack or message in production, and logs it with the request id', async () => {
    const prod = await createTestContext({ env: { NODE_ENV: 'production' } })
    try {
      prod.app.get('/boom', () => {
        throw new Error('internal detail: db password xyz')
      })
      const r = await new TestClient(prod).get('/boom')
      expect(r.status).toBe(500)
      const t = visibleText(r.text)
      expect(t).toContain('系统繁忙')
      expect(r.text).not.toContain('internal detail')
      expect(r.text).not.toContain('at ')
      expect(prod.logLines.join('')).toContain('unhandled error')
    } finally {
      await prod.close()
    }
  })
})

describe('information pages', () => {
  it('has an accessibility statement linked from the footer', async () => {
    const c = new TestClient(ctx)
    expect((await c.get('/')).text).toContain('href="/accessibility"')
    const r = await c.get('/accessibility')
    expect(r.status).toBe(200)
    expect(visibleText(r.text)).toContain('关怀模式')
  })
})
