import { factory } from './env.js'
import { AppError } from '../lib/errors.js'
import type { StaffRole } from '../modules/identity/roles.js'

function loginRedirect(path: string, loginPath: string) {
  return `${loginPath}?next=${encodeURIComponent(path)}`
}

/** Citizen pages: anonymous visitors are sent (303) to the login page and brought back after. */
export const requireCitizen = factory.createMiddleware(async (c, next) => {
  const p = c.get('principal')
  if (!p || p.kind !== 'citizen') {
    if (c.req.header('hx-request')) {
      c.header('HX-Redirect', loginRedirect(new URL(c.req.url).pathname, '/login'))
      return c.body(null, 401)
    }
    return c.redirect(loginRedirect(new URL(c.req.url).pathname + new URL(c.req.url).search, '/login'), 303)
  }
  c.set('citizen', p.user)
  await next()
})

/**
 * Staff pages: staff login required, and at least one of `roles` (none = any staff member).
 * Missing role → 403. A supervisor counts as clerk and reviewer for case work (see docs/roles.md).
 */
export function requireStaff(...roles: StaffRole[]) {
  return factory.createMiddleware(async (c, next) => {
    const p = c.get('principal')
    if (!p || p.kind !== 'staff') {
      return c.redirect(loginRedirect(new URL(c.req.url).pathname + new URL(c.req.url).search, '/staff/login'), 303)
    }
    // After a password reset by sysadmin, nothing else until the password is changed.
    if (p.staff.mustChangePassword === 1 && new URL(c.req.url).pathname !== '/staff/password') return c.redirect('/staff/password', 303)
    if (roles.length > 0 && !roles.some((r) => p.roles.includes(r))) throw new AppError('forbidden', '您的角色无权访问此页面')
    c.set('staff', p.staff)
    c.set('staffRoles', p.roles)
    await next()
  })
}
