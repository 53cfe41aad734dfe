import type { MiddlewareHandler } from 'hono'
import { parseAccept } from 'hono/utils/accept'
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress'
import { promisify } from 'node:util'
import { gzip as gzipCallback } from 'node:zlib'
import type { AppEnv } from './env.js'

const gzip = promisify(gzipCallback)
const THRESHOLD = 1024
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i
const VARY_ENCODING = /(?:^|,)\s*accept-encoding\s*(?:,|$)/i

/** Whether the client takes gzip (`Accept-Encoding`, with q-values and `*`), parsed by hono's own parser. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false
  const accepts = parseAccept(header)
  const q = (accepts.find((a) => a.type.toLowerCase() === 'gzip') ?? accepts.find((a) => a.type === '*'))?.q ?? 0
  return q > 0
}

/**
 * gzip for HTML, CSS, JS and JSON of 1 KB or more (decision 0237 on BREACH).
 *
 * Instead of hono/compress, because that one pipes every response through a CompressionStream and sets `Vary`
 * with `c.header()` after the handler, which rebuilds the response around a ReadableStream even when the client
 * takes no gzip at all (issue 21). Here headers are set in place, the body is compressed in one piece on the
 * zlib thread pool, and a client without gzip gets the handler's own response untouched.
 */
export const compressResponses: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next()
  const res = c.res
  const type = res.headers.get('content-type')
  if (
    c.req.method === 'HEAD' ||
    res.status === 206 ||
    res.status === 204 ||
    res.status === 304 ||
    !type ||
    !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) ||
    res.headers.has('content-encoding') ||
    res.headers.has('transfer-encoding') ||
    NO_TRANSFORM.test(res.headers.get('cache-control') ?? '')
  )
    return
  const vary = res.headers.get('vary')
  if (vary !== '*' && !(vary && VARY_ENCODING.test(vary))) res.headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding')
  if (!acceptsGzip(c.req.header('accept-encoding'))) return
  const body = new Uint8Array(await res.arrayBuffer())
  if (body.byteLength < THRESHOLD) {
    c.res = undefined
    c.res = new Response(body, res)
    return
  }
  const headers = new Headers(res.headers)
  headers.delete('content-length')
  headers.set('content-encoding', 'gzip')
  const etag = headers.get('etag')
  if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`)
  // Unset first: assigning over a set response would copy the old headers back in (hono's `set res`).
  c.res = undefined
  c.res = new Response(new Uint8Array(await gzip(body)), { status: res.status, headers })
}
