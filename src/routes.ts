import { Hono, type MiddlewareHandler } from 'hono'
import type { AppEnv } from './middleware/env.js'
import { requireCitizen, requireStaff } from './middleware/auth.js'
import { platformRoutes } from './modules/home/routes.js'
import { pageRoutes } from './modules/pages/routes.js'
import { signInRoutes, staffSignInRoutes } from './modules/identity/sign-in-routes.js'
import { accountRoutes } from './modules/identity/account-routes.js'
import { staffHomeRoutes } from './modules/identity/staff-routes.js'
import { staffActivationRoutes } from './modules/identity/activation-routes.js'
import { catalogRoutes } from './modules/catalog/routes.js'
import { applicationRoutes } from './modules/applications/routes.js'
import { messageRoutes } from './modules/notifications/routes.js'
import { caseRoutes } from './modules/cases/routes.js'
import { templateRoutes } from './modules/cases/template-routes.js'
import { queueRoutes } from './modules/cases/queue-routes.js'
import { counterRoutes } from './modules/cases/counter-routes.js'
import { rectificationRoutes, statsRoutes } from './modules/cases/supervisor-routes.js'
import { calendarRoutes } from './modules/calendar/routes.js'
import { myDataRoutes, privacyPublicRoutes } from './modules/privacy/routes.js'
import { closureCounterRoutes, disclosureRoutes } from './modules/privacy/staff-routes.js'
import { correctionReviewRoutes } from './modules/privacy/corrections-routes.js'
import { complaintDeskRoutes, myComplaintRoutes } from './modules/complaints/routes.js'
import { policyRoutes } from './modules/policy/routes.js'
import { adminRoutes, noticeRoutes } from './modules/admin/routes.js'
import { auditRoutes } from './modules/audit/routes.js'
import { authorisationRoutes } from './modules/registries/routes.js'
import { apiRoutes, myCertificateRoutes, verifyRoutes } from './modules/certificates/routes.js'
import { samplingRoutes } from './modules/rules/routes.js'
import { dashboardRoutes } from './modules/dashboard/routes.js'
import { resetRoutes } from './modules/identity/reset-routes.js'

/** A sub-app whose every path first passes `guard` (one `use('*')`, so no path can be left unguarded). */
function guarded(guard: MiddlewareHandler<AppEnv>, ...routers: Hono<AppEnv>[]) {
  const sub = new Hono<AppEnv>()
  sub.use('*', guard)
  for (const r of routers) sub.route('/', r)
  return sub
}

/**
 * The URL map: every prefix, the guard it takes once, and the route files that answer under it
 * (docs/architecture.md has the same as a table). Route files register paths relative to their prefix.
 */
export function mountRoutes(app: Hono<AppEnv>) {
  // --- public
  app.route('/', platformRoutes) // /, /prefs/care-mode
  app.route('/', pageRoutes) // /accessibility
  app.route('/', signInRoutes) // /auth/sms-code, /register, /login, /logout
  app.route('/', resetRoutes) // /password/reset (忘记密码)
  app.route('/', privacyPublicRoutes) // /cookies, /closure/:ref
  app.route('/services', catalogRoutes)
  app.route('/privacy-policy', policyRoutes)
  app.route('/notices', noticeRoutes)
  app.route('/verify', verifyRoutes) // public certificate verification (QR code)
  app.route('/api/v1', apiRoutes) // public certificate API + OpenAPI

  // --- citizens
  const me = guarded(requireCitizen, dashboardRoutes, accountRoutes, myDataRoutes)
  me.route('/messages', messageRoutes)
  me.route('/complaints', myComplaintRoutes)
  me.route('/authorisations', authorisationRoutes)
  me.route('/certificates', myCertificateRoutes)
  app.route('/me', me)
  app.route('/applications', guarded(requireCitizen, applicationRoutes))

  // --- staff: sign-in first (public; it answers before the staff area's guard is reached)
  app.route('/staff', staffSignInRoutes)
  app.route('/staff', staffActivationRoutes) // /staff/activate: the holder's one-time link (public)
  const staff = new Hono<AppEnv>()
  staff.use('*', requireStaff())
  staff.route('/', staffHomeRoutes) // /staff, /staff/password
  staff.route('/cases', guarded(requireStaff('clerk', 'reviewer', 'supervisor'), queueRoutes, caseRoutes))
  const counter = guarded(requireStaff('clerk', 'supervisor'), counterRoutes)
  counter.route('/closure', closureCounterRoutes)
  staff.route('/counter', counter)
  staff.route('/corrections', guarded(requireStaff('reviewer', 'supervisor'), correctionReviewRoutes))
  const supervisor = requireStaff('supervisor')
  staff.route('/rectifications', guarded(supervisor, rectificationRoutes))
  staff.route('/calendar', guarded(supervisor, calendarRoutes))
  staff.route('/sampling', guarded(supervisor, samplingRoutes))
  staff.route('/templates', guarded(supervisor, templateRoutes))
  // /stats and its export /stats.csv are siblings, not a prefix: the guard names both.
  staff.use('/stats', supervisor)
  staff.use('/stats.csv', supervisor)
  staff.route('/', statsRoutes)
  app.route('/staff', staff)

  // --- administration (staff)
  const admin = new Hono<AppEnv>()
  admin.use('*', requireStaff())
  admin.route('/audit', guarded(requireStaff('auditor'), auditRoutes))
  admin.route('/complaints', guarded(requireStaff('complaints', 'supervisor'), complaintDeskRoutes))
  admin.route('/disclosures', guarded(requireStaff('secadmin'), disclosureRoutes))
  // The console last: its guard covers every other /admin path (an unknown one is refused, not shown).
  admin.route('/', guarded(requireStaff('sysadmin', 'secadmin'), adminRoutes))
  app.route('/admin', admin)
}
