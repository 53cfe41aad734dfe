import { requestCookie } from '../lib/request-cookies.js'
import { factory } from './env.js'
import { COOKIE, setAppCookie } from './cookies.js'
import { randomToken, timingSafeEqualStr } from '../lib/crypto.js'
import { AppError } from '../lib/errors.js'
import { randomBytes, randomFillSync } from 'node:crypto'
import { parsedBody } from '../lib/forms.js'
import { BoundedMap } from '../lib/bounded-map.js'

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * CSRF: a signed double-submit token plus an Origin check (hono's csrf() checks Origin only).
 * The browser holds a random value in an HttpOnly cookie; pages carry HMAC(value) in a hidden
 * `_csrf` field (and a meta tag read by htmx via hx-headers). A state-changing request needs a
 * matching token and, when the browser sends Origin / Sec-Fetch-Site, a same-origin one.
 */
export const csrfProtection = factory.createMiddleware(async (c, next) => {
  const { crypto } = c.get('services').deps
  let raw = requestCookie(c, COOKIE.csrf)
  if (!raw || raw.length < 20) {
    raw = randomToken(24)
    setAppCookie(c, COOKIE.csrf, raw)
  }
  const expected = csrfTokenOf(crypto, raw)
  c.set('csrfToken', maskCsrf(expected))

  if (UNSAFE.has(c.req.method)) {
    const site = c.req.header('sec-fetch-site')
    if (site && site !== 'same-origin' && site !== 'none') throw new AppError('csrf', '请求来源无效')
    const origin = c.req.header('origin')
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
    // No route reads JSON, but a JSON body that does not parse is still a bad request, not our error.
    if ((c.req.header('content-type') ?? '').includes('application/json')) {
      try {
        await c.req.json()
      } catch {
        throw new AppError('bad_request', '提交的内容格式不正确')
      }
    }
    // Every form body is parsed here, token or not: one that cannot be parsed is a 400 before any route runs.
    const ct = c.req.header('content-type') ?? ''
    const form = ct.includes('application/x-www-form-urlencoded') || ct.includes('multipart/form-data') ? await parsedBody(c) : null
    let sent = c.req.header('x-csrf-token') ?? ''
    if (!sent && form) {
      const v = form['_csrf']
      sent = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : ''
    }
    if (!sent || !timingSafeEqualStr(unmaskCsrf(sent), expected)) throw new AppError('csrf', '页面已过期或请求无效，请刷新页面后重试')
  }
  await next()
})

/**
 * The page token of a cookie value, HMAC('csrf', value), remembered per key (a browser sends the same cookie on every
 * request; issue 21). Bounded (`BoundedMap`: the oldest entry goes when it is full).
 */
const tokens = new WeakMap<object, BoundedMap<string, string>>()
function csrfTokenOf(crypto: { hmac(purpose: string, value: string): string }, raw: string): string {
  let byRaw = tokens.get(crypto)
  if (!byRaw) tokens.set(crypto, (byRaw = new BoundedMap<string, string>(10_000)))
  let token = byRaw.get(raw)
  if (token === undefined) {
    token = crypto.hmac('csrf', raw)
    byRaw.set(raw, token)
  }
  return token
}

/** Random pads for the masks, taken from a pooled buffer of CSPRNG bytes: each byte is used once. */
const pool = Buffer.alloc(4096)
let used = pool.length
function padOf(n: number): Buffer {
  if (n > pool.length) return randomBytes(n)
  if (used + n > pool.length) {
    randomFillSync(pool)
    used = 0
  }
  const pad = Buffer.from(pool.subarray(used, used + n))
  used += n
  return pad
}

/**
 * BREACH (decision 0237): pages are compressed and some reflect input, so the token must not be the same bytes in
 * every response. Each response carries `pad.(pad XOR token)` with a fresh random pad; an unmasked token is still
 * accepted (knowing it already means knowing the secret).
 */
export function maskCsrf(token: string): string {
  const t = Buffer.from(token)
  const pad = padOf(t.length)
  return `${pad.toString('base64url')}.${Buffer.from(t.map((b, i) => b ^ pad[i])).toString('base64url')}`
}

/** The token a masked value carries ('' when malformed); a value without a pad is returned as it is. */
export function unmaskCsrf(sent: string): string {
  const dot = sent.indexOf('.')
  if (dot < 0) return sent
  const pad = Buffer.from(sent.slice(0, dot), 'base64url')
  const x = Buffer.from(sent.slice(dot + 1), 'base64url')
  if (pad.length !== x.length) return ''
  return Buffer.from(x.map((b, i) => b ^ pad[i])).toString()
}
