import { getCookie } from 'hono/cookie'
import { factory } from './env.js'
import { COOKIE, setAppCookie } from './cookies.js'
import { randomToken, timingSafeEqualStr } from '../lib/crypto.js'
import { AppError } from '../lib/errors.js'

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host
  } catch {
    return false
  }
}

/**
 * CSRF: a signed double-submit token plus an Origin check (hono's csrf() checks Origin only).
 * The browser holds a random value in an HttpOnly cookie; pages carry HMAC(value) in a hidden
 * `_csrf` field (and a meta tag read by htmx via hx-headers). A state-changing request needs a
 * matching token and, when the browser sends Origin / Sec-Fetch-Site, a same-origin one.
 */
export const csrfProtection = factory.createMiddleware(async (c, next) => {
  const { crypto } = c.get('services').deps
  let raw = getCookie(c, COOKIE.csrf)
  if (!raw || raw.length < 20) {
    raw = randomToken(24)
    setAppCookie(c, COOKIE.csrf, raw)
  }
  const expected = crypto.hmac('csrf', raw)
  c.set('csrfToken', expected)

  if (UNSAFE.has(c.req.method)) {
    const site = c.req.header('sec-fetch-site')
    if (site && site !== 'same-origin' && site !== 'none') throw new AppError('csrf', '请求来源无效')
    const origin = c.req.header('origin')
    // "null" (sandboxed or privacy-redirected pages) and malformed values fail like a foreign origin
    if (origin && !sameHost(origin, c.req.header('host') ?? new URL(c.req.url).host)) throw new AppError('csrf', '请求来源无效')
    let sent = c.req.header('x-csrf-token')
    if (!sent) {
      // parseBody reads form bodies (urlencoded, multipart) only; any other body has no _csrf field
      const v = (await c.req.parseBody({ all: true }))['_csrf']
      const first = Array.isArray(v) ? v[0] : v
      sent = typeof first === 'string' ? first : '' // a file upload named _csrf is not a token
    }
    if (!timingSafeEqualStr(sent, expected)) throw new AppError('csrf', '页面已过期或请求无效，请刷新页面后重试')
  }
  await next()
})
