import type { Context } from 'hono'
import { setCookie, deleteCookie } from 'hono/cookie'

export const COOKIE = {
  session: 'hall_session',
  csrf: 'hall_csrf',
  care: 'hall_care',
  cookieChoice: 'hall_cookie_choice',
} as const

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
