import type { Context } from 'hono'
import { requestCookie } from '../lib/request-cookies.js'
import { factory, type AppEnv } from './env.js'
import { COOKIE } from './cookies.js'

/** Resolves the session cookie to a principal and builds the audit context for this request. */
export const sessionContext = factory.createMiddleware(async (c, next) => {
  const services = c.get('services')
  const principal = await services.sessions.resolve(requestCookie(c, COOKIE.session))
  c.set('principal', principal)
  c.set('careMode', requestCookie(c, COOKIE.care) === '1')
  c.set('audit', {
    actorType: principal?.kind ?? 'anonymous',
    actorId: principal ? String(principal.kind === 'citizen' ? principal.user.id : principal.staff.id) : null,
    actorRole: principal?.kind === 'staff' ? principal.roles.join(',') : (principal?.kind ?? null),
    ip: c.get('clientIp'),
    userAgent: c.req.header('user-agent')?.slice(0, 200) ?? null,
    requestId: c.get('requestId') ?? null,
  })
  await next()
})

/**
 * The signed-in citizen's unread messages (the header badge), counted once per request and only when asked:
 * by a page's layout (the renderer), not by a POST that answers with a redirect (issue 21: one statement fewer
 * per submission). A page rendered for an error whose cause may be the database shows no badge rather than failing twice.
 */
export async function unreadOf(c: Context<AppEnv>): Promise<number> {
  const known = c.get('unread') as number | undefined
  if (known !== undefined) return known
  const principal = c.get('principal')
  let n = 0
  if (principal?.kind === 'citizen') {
    try {
      n = await c.get('services').notifications.unreadCount(principal.user.id)
    } catch (err) {
      if (!c.error) throw err
    }
  }
  c.set('unread', n)
  return n
}
