import type { Context } from 'hono'
import { setCookie, deleteCookie } from 'hono/cookie'

import { COOKIE } from '../lib/cookie-names.js'
export { COOKIE }

/** Every cookie we set: HttpOnly (except where JS never needs them anyway), SameSite=Lax, Secure in production. */
export function setAppCookie(c: Context, name: string, value: string, opts: { maxAge?: number; httpOnly?: boolean } = {}) {
  const production =
    (c.get('services' as never) as { deps: { config: { production: boolean } } } | undefined)?.deps.config.production ?? false
  setCookie(c, name, value, {
    path: '/',
    httpOnly: opts.httpOnly ?? true,
    sameSite: 'Lax',
    secure: production,
    maxAge: opts.maxAge,
  })
}

export function clearAppCookie(c: Context, name: string) {
  deleteCookie(c, name, { path: '/' })
}
