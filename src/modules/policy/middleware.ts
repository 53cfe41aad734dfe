import { t } from '../../lib/i18n/index.js'
import { factory } from '../../middleware/env.js'
import { AppError } from '../../lib/errors.js'

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
      throw new AppError('forbidden', t('请先阅读并同意更新后的隐私政策'))
    }
  }
  await next()
})
