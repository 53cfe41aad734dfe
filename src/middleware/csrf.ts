import { getCookie } from 'hono/cookie'
import { factory } from './env.js'
import { COOKIE, setAppCookie } from './cookies.js'
import { randomToken, timingSafeEqualStr } from '../lib/crypto.js'
import { AppError } from '../lib/errors.js'
import { parsedBody } from '../lib/forms.js'

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

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
    const origin = c.req.header('origin')
    const site = c.req.header('sec-fetch-site')
    if (site && site !== 'same-origin' && site !== 'none') throw new AppError('csrf', '请求来源无效')
    if (origin && origin !== 'null') {
      const host = c.req.header('host') ?? new URL(c.req.url).host
      let originHost = ''
      try {
        originHost = new URL(origin).host
      } catch {
        /* malformed */
      }
      if (originHost !== host) throw new AppError('csrf', '请求来源无效')
    } else if (origin === 'null') {
      throw new AppError('csrf', '请求来源无效')
    }
    let sent = c.req.header('x-csrf-token') ?? ''
    if (!sent) {
      const ct = c.req.header('content-type') ?? ''
      if (ct.includes('application/x-www-form-urlencoded') || ct.includes('multipart/form-data')) {
        const body = await parsedBody(c)
        const v = body['_csrf']
        sent = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : ''
      }
    }
    if (!sent || !timingSafeEqualStr(sent, expected)) throw new AppError('csrf', '页面已过期或请求无效，请刷新页面后重试')
  }
  await next()
})
