import { getCookie } from 'hono/cookie'
import { factory } from './env.js'
import { COOKIE } from './cookies.js'

/** Resolves the session cookie to a principal and builds the audit context for this request. */
export const sessionContext = factory.createMiddleware(async (c, next) => {
  const services = c.get('services')
  const principal = await services.sessions.resolve(getCookie(c, COOKIE.session))
  c.set('principal', principal)
  c.set('careMode', getCookie(c, COOKIE.care) === '1')
  c.set('unread', principal?.kind === 'citizen' ? await services.notifications.unreadCount(principal.user.id) : 0)
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
