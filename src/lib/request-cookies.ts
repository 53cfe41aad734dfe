import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'

const jars = new WeakMap<Context, Record<string, string>>()

/**
 * A cookie of this request. The Cookie header is parsed once per request (by hono's getCookie, so with its rules:
 * the first valid pair of a name wins, quotes stripped, values decoded) and kept for the request; `getCookie(c, name)`
 * parses it again for every name, and a page reads five (issue 21).
 */
export function requestCookie(c: Context, name: string): string | undefined {
  let jar = jars.get(c)
  if (!jar) jars.set(c, (jar = getCookie(c)))
  return jar[name]
}
