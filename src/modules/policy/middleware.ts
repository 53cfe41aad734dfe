import { factory } from '../../middleware/env.js'
import { AppError } from '../../lib/errors.js'

/**
 * The layout's site-wide notice of an upcoming material policy change, as plain data on the context
 * (views get data, not services). Staff pages do not show it; the service caches it for a few seconds.
 */
export const policyNoticeContext = factory.createMiddleware(async (c, next) => {
  const staffPath = c.req.path.startsWith('/staff') || c.req.path.startsWith('/admin')
  c.set('policyNotice', staffPath ? null : await c.get('services').policy.upcomingNotice())
  await next()
})

/**
 * From a policy version's effective date, a signed-in citizen who has not accepted it is sent to
 * the acceptance page — except for what they may always do: read the policy, export, close, log out.
 */
const ALWAYS = [
  /^\/privacy-policy/,
  /^\/logout$/,
  /^\/me\/data/,
  /^\/me\/closure/,
  /^\/me\/step-up/,
  /^\/auth\/sms-code$/,
  /^\/static\//,
  /^\/healthz$/,
  /^\/closure\//,
  /^\/cookies$/,
]
export const requirePolicyConsent = factory.createMiddleware(async (c, next) => {
  const p = c.get('principal')
  const path = new URL(c.req.url).pathname
  if (p?.kind === 'citizen' && !ALWAYS.some((re) => re.test(path))) {
    if (await c.get('services').policy.needsReconsent(p.user.id)) {
      if (c.req.method === 'GET') return c.redirect('/privacy-policy/accept', 303)
      throw new AppError('forbidden', '请先阅读并同意更新后的隐私政策')
    }
  }
  await next()
})
