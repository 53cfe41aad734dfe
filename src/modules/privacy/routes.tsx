import { Hono } from 'hono'
import { refererPath } from '../../lib/safe-path.js'
import { StepUpRequired } from '../identity/bank.js'
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import type { AppEnv } from '../../middleware/env.js'
import { COOKIE, setAppCookie, clearAppCookie } from '../../middleware/cookies.js'
import { formAction, formBody } from '../../lib/forms.js'
import { AppError } from '../../lib/errors.js'
import { today } from '../../lib/time.js'
import { normaliseNumber, normaliseText } from '../identity/validators.js'
import {
  DataCenterPage,
  AccessLogPage,
  ConsentsPage,
  ClosurePage,
  ClosureStatusPage,
  CookiesPage,
  ExportSummaryPage,
} from '../../../views/privacy/pages.js'
import { sourceName } from '../registries/schemas.js'

/** The privacy policy's promises, as the citizen's pages (mounted at /me): data center, export, access log, consents, corrections, closure. */
export const myDataRoutes = new Hono<AppEnv>()

async function dataCenter(
  c: Context<AppEnv>,
  extra: { notice?: string; errors?: Record<string, string>; values?: Record<string, string>; message?: string } = {},
) {
  const u = c.get('citizen')
  return c.render(<DataCenterPage user={u} summary={await c.get('services').privacy.summary(u)} {...extra} />, { title: '个人数据中心' })
}

myDataRoutes.get('/data', (c) =>
  dataCenter(c, { notice: c.req.query('done') === 'correction' ? '更正申请已提交，我们将在15日内处理并通知您' : undefined }),
)

myDataRoutes.get('/data/export', async (c) => {
  const svc = c.get('services')
  const p = c.get('principal')!
  if (p.kind !== 'citizen' || !svc.sessions.isSteppedUp(p.session)) return c.redirect('/me/step-up?return_to=/me/data/export', 303)
  const data = await svc.privacy.exportData(c.get('audit'), p.user)
  c.header('Content-Disposition', `attachment; filename="my-data-${today(svc.deps.clock)}.json"`)
  c.header('Cache-Control', 'no-store')
  return c.json(data)
})

/** The same export as a readable page (printable to PDF from the browser). */
myDataRoutes.get('/data/summary', async (c) => {
  const svc = c.get('services')
  const p = c.get('principal')!
  if (p.kind !== 'citizen' || !svc.sessions.isSteppedUp(p.session)) return c.redirect('/me/step-up?return_to=/me/data/summary', 303)
  const data = await svc.privacy.exportData(c.get('audit'), p.user)
  c.header('Cache-Control', 'no-store')
  return c.render(<ExportSummaryPage data={data} />, { title: '我的数据' })
})

myDataRoutes.get('/access-log', async (c) => {
  const svc = c.get('services')
  const id = c.get('citizen').id
  // Registry look-ups are data sharing about the citizen: listed beside staff accesses (source, purpose, time).
  const sharing = (await svc.registries.lookupsOf(id)).map((l) => ({
    at: l.at,
    sourceName: sourceName(l.source),
    purpose: l.purpose,
    outcome: l.outcome,
  }))
  return c.render(<AccessLogPage rows={await svc.privacy.accessLog(id)} sharing={sharing} />, { title: '谁访问了我的数据' })
})

myDataRoutes.get('/consents', async (c) =>
  c.render(
    <ConsentsPage
      consents={await c.get('services').privacy.currentConsents(c.get('citizen').id)}
      notice={c.req.query('done') ? '已更新，立即生效' : undefined}
    />,
    { title: '授权管理' },
  ),
)

myDataRoutes.post('/consents', async (c) => {
  const f = await formBody(c)
  await c.get('services').privacy.setConsent(c.get('audit'), c.get('citizen').id, f.consent ?? '', f.granted === 'on')
  if ((f.consent ?? '') === 'analytics_cookies')
    setAppCookie(c, COOKIE.cookieChoice, f.granted === 'on' ? 'all' : 'essential', { maxAge: 365 * 86400 })
  return c.redirect('/me/consents?done=1', 303)
})

myDataRoutes.post('/corrections', (c) =>
  formAction(c, {
    run: async (f) => {
      try {
        await c.get('services').privacy.requestCorrection(c.get('audit'), c.get('citizen'), {
          field: f.field ?? '',
          value: normaliseText(f.value ?? ''),
          reason: f.reason ?? '',
          session: c.get('principal')!.session,
        })
        return '/me/data?done=correction'
      } catch (e) {
        // A change of the ID or name needs a fresh SMS step-up first (identity/bank.ts): go and do it.
        if (e instanceof StepUpRequired) return '/me/step-up?return_to=/me/data'
        throw e
      }
    },
    done: (next) => next,
    again: (failure) => dataCenter(c, failure),
  }),
)

async function closurePage(
  c: Context<AppEnv>,
  extra: { errors?: Record<string, string>; values?: Record<string, string>; message?: string; notice?: string } = {},
) {
  const u = c.get('citizen')
  return c.render(<ClosurePage phone={u.phone ?? ''} blockers={await c.get('services').privacy.closureBlockers(u)} {...extra} />, {
    title: '注销账号',
  })
}

myDataRoutes.get('/closure', (c) => closurePage(c, { notice: c.req.query('sent') ? '验证码已发送' : undefined }))

myDataRoutes.post('/closure', (c) => {
  const svc = c.get('services')
  const u = c.get('citizen')
  return formAction(c, {
    values: (f) => ({ reason: f.reason ?? '', confirm: f.confirm ?? '' }),
    run: async (values, f) => {
      const blockers = await svc.privacy.closureBlockers(u)
      if (blockers.length) throw new AppError('conflict', blockers.join('；'))
      const errors: Record<string, string> = {}
      if (f.confirm !== 'on') errors.confirm = '请勾选确认注销'
      const code = normaliseNumber(f.sms_code ?? '')
      if (!/^\d{6}$/.test(code)) errors.sms_code = '请输入6位短信验证码'
      else if (f.confirm === 'on') {
        const e = await svc.identity.verifySmsCode(u.phone ?? '', 'closure', code)
        if (e) errors.sms_code = e
      }
      // The field messages say it all: no summary above the form (as before).
      if (Object.keys(errors).length) throw new AppError('invalid', '', errors)
      return svc.privacy.requestClosure(c.get('audit'), u, { reason: values.reason, channel: 'online' })
    },
    done: (r) => {
      clearAppCookie(c, COOKIE.session)
      return `/closure/${r.ref}`
    },
    again: ({ values, errors, message }) => closurePage(c, { values, errors, message: message || undefined }),
  })
})

/** Public privacy pages: closure status by reference, the cookie choice (mounted at /). */
export const privacyPublicRoutes = new Hono<AppEnv>()

/** Status by reference: no personal data, works after the session ended. */
privacyPublicRoutes.get('/closure/:ref', async (c) => {
  const r = await c.get('services').privacy.closureByRef(c.req.param('ref').toUpperCase())
  if (!r) throw new AppError('not_found', '未找到该注销编号')
  return c.render(<ClosureStatusPage c={r} />, { title: '账号注销' })
})

// --- cookies: essential only until the visitor chooses; works signed out
privacyPublicRoutes.get('/cookies', (c) =>
  c.render(<CookiesPage choice={getCookie(c, COOKIE.cookieChoice) ?? null} notice={c.req.query('done') ? '已保存您的选择' : undefined} />, {
    title: 'Cookie 设置',
  }),
)

privacyPublicRoutes.post('/cookies', async (c) => {
  const f = await formBody(c)
  const choice = f.choice === 'all' ? 'all' : 'essential'
  setAppCookie(c, COOKIE.cookieChoice, choice, { maxAge: 365 * 86400 })
  const p = c.get('principal')
  if (p?.kind === 'citizen') {
    await c.get('services').consents.record(null, {
      userId: p.user.id,
      consent: 'analytics_cookies',
      granted: choice === 'all',
      policyVersion: null,
      channel: 'web',
      ip: c.get('audit').ip,
    })
  }
  const back = refererPath(c.req.header('referer'), c.req.url, '/cookies?done=1')
  return c.redirect(back.startsWith('/cookies') ? '/cookies?done=1' : back, 303)
})
