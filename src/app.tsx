import { localeContext } from './middleware/locale.js'
import { Hono, type MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { serveStatic } from '@hono/node-server/serve-static'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AppEnv } from './middleware/env.js'
import type { Services } from './services.js'
import { csrfProtection } from './middleware/csrf.js'
import { sessionContext, unreadOf } from './middleware/session.js'
import { requestLog } from './middleware/logging.js'
import { clientContext } from './middleware/client.js'
import { AppError } from './lib/errors.js'
import { Layout } from '../views/layout.js'
import { ErrorPage, ERROR_TITLES, errorMessage, errorText } from '../views/errors/pages.js'
import { currentLocale } from './lib/i18n/index.js'
import { isDatabaseUnavailable } from './db/errors.js'
import { databaseAnswers } from './db/health.js'
import { mountRoutes } from './routes.js'
import { policyNoticeContext, requirePolicyConsent } from './modules/policy/middleware.js'
import { admissionControl } from './middleware/admission.js'
import { asset, hashedAsset } from './lib/assets.js'
import { compressResponses } from './middleware/compress.js'
import { pageRenderer } from './middleware/renderer.js'
import { setResponseHeader } from './middleware/response-headers.js'

/** Staff case pages (the case, and the same page re-rendered by its forms) and their material previews. */
const CASE_PAGE = /^\/staff\/cases\/[^/]+(\/(claim|reveal|decision|payment|assign))?$/
const PREVIEW = /^\/staff\/cases\/[^/]+\/materials\/\d+\/preview$/

const STATIC_ROOT = path.relative(process.cwd(), path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../static')) || '.'

declare module 'hono' {
  interface ContextRenderer {
    (
      content: string | Promise<string>,
      props?: { title?: string; area?: 'citizen' | 'staff'; fragment?: boolean; description?: string },
    ): Response | Promise<Response>
  }
}

/**
 * Builds the HTTP app from services. No globals: tests build as many apps as they like.
 * Middleware order: services → client address + request id → log → security headers → body limit → static →
 * session → CSRF → renderer → routes.
 */
export function createApp(services: Services) {
  const app = new Hono<AppEnv>()
  const { config, logger } = services.deps

  app.use('*', async (c, next) => {
    c.set('services', services)
    await next()
  })
  app.use('*', clientContext)
  app.use('*', localeContext)
  app.use('*', requestLog)
  // The page CSP, plus frame-src: frames are refused everywhere except on a staff case page, whose
  // material preview is a same-origin frame (issue 18; docs/decisions/0206-material-preview.md). One middleware per
  // variant, each with its header values joined once, rather than a frame-src callback that copies and joins the
  // whole policy on every response (issue 21).
  const secure = (overwrite: boolean, frameSrc: string): MiddlewareHandler<AppEnv> =>
    secureHeaders({
      overwrite,
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameSrc: [frameSrc],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      strictTransportSecurity: config.production ? 'max-age=31536000; includeSubDomains' : false,
      referrerPolicy: 'same-origin',
      permissionsPolicy: { camera: [], microphone: [], geolocation: ['self'] },
    })
  const pageHeaders = secure(true, "'none'")
  const casePageHeaders = secure(true, "'self'")
  // A material preview sets its own, stricter CSP (sandbox, frame-ancestors 'self'): it must not be overwritten
  // (its error pages, which set none, still get the page's).
  const previewHeaders = secure(false, "'none'")
  const headers: MiddlewareHandler<AppEnv> = (c, next) => {
    const path = c.req.path
    return (PREVIEW.test(path) ? previewHeaders : CASE_PAGE.test(path) ? casePageHeaders : pageHeaders)(c, next)
  }
  app.use('*', headers)
  const limitBody: MiddlewareHandler<AppEnv> = (c, next) => {
    // A GET or HEAD has no body to limit, and hono's bodyLimit would build the full web Request to look (issue 21).
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const multipart = (c.req.header('content-type') ?? '').includes('multipart/form-data')
    return bodyLimit({
      maxSize: multipart ? 32 * 1024 * 1024 : 256 * 1024,
      onError: () => {
        throw new AppError('invalid', multipart ? '上传内容超过 32MB 上限，请分次上传' : '提交内容过长')
      },
    })(c, next)
  }
  app.use('*', limitBody)
  // HTML, CSS and JS compressed (gzip; decision 0237 on BREACH); hashed assets come precompressed below.
  app.use('*', compressResponses)
  // Content-hashed assets (src/lib/assets.ts): served from memory, brotli or gzip, cached for a year.
  app.get('/static/*', async (c, next) => {
    const a = hashedAsset(c.req.path)
    if (!a) return next()
    const headers: Record<string, string> = {
      'Content-Type': a.type,
      'Cache-Control': 'public, max-age=31536000, immutable',
      ETag: a.etag,
      Vary: 'Accept-Encoding',
    }
    if (c.req.header('if-none-match') === a.etag) return c.body(null, 304, headers)
    const accept = c.req.header('accept-encoding') ?? ''
    if (a.compressible && /\bbr\b/.test(accept)) return c.body(new Uint8Array(a.br), 200, { ...headers, 'Content-Encoding': 'br' })
    if (a.compressible && /\bgzip\b/.test(accept)) return c.body(new Uint8Array(a.gzip), 200, { ...headers, 'Content-Encoding': 'gzip' })
    return c.body(new Uint8Array(a.body), 200, headers)
  })
  app.use('/static/*', async (c, next) => {
    await next()
    if (c.res.ok) setResponseHeader(c, 'Cache-Control', 'public, max-age=3600')
  })
  app.use('/static/*', serveStatic({ root: STATIC_ROOT, rewriteRequestPath: (p) => p.replace(/^\/static/, '') }))
  app.get('/favicon.ico', (c) => c.body(null, 204, { 'Cache-Control': 'public, max-age=86400' }))
  // Everything past the static files is personal or carries a CSRF token: no browser, proxy or
  // back-button cache may keep it (a shared computer at a library or a service hall).
  app.use('*', async (c, next) => {
    await next()
    if (!c.res.headers.has('cache-control')) setResponseHeader(c, 'Cache-Control', 'no-store')
  })

  app.get('/healthz', async (c) => {
    if (await databaseAnswers(services.deps.db)) return c.json({ status: 'ok' })
    c.header('Retry-After', '5')
    return c.json({ status: 'unavailable' }, 503)
  })

  // 申报首日: bounded concurrency with a short queue; beyond it the 排队 page (429 + Retry-After, decision 0236)
  app.use('*', admissionControl(config.admission).middleware)

  app.use('*', sessionContext)
  app.use('*', csrfProtection)
  app.use(
    '*',
    pageRenderer(
      ({ children, title, area, fragment, description }) =>
        fragment ? (
          <>{children}</>
        ) : (
          <Layout title={title} area={area} description={description}>
            {children}
          </Layout>
        ),
      (c) => !(c.req.header('hx-request') && c.req.header('hx-target')),
      // the header's unread badge: counted for a page, not for a fragment or a redirect
      (c, { fragment }) => (fragment ? undefined : unreadOf(c)),
    ),
  )

  app.use('*', policyNoticeContext)
  app.use('*', requirePolicyConsent)

  mountRoutes(app)

  app.notFound((c) => {
    c.status(404)
    const [title, message] = errorText(404)
    return c.render(<ErrorPage status={404} title={title} message={message} />, { title })
  })

  app.onError((err, c) => {
    let status = 500
    let message = errorText(500)[1]
    if (err instanceof AppError) {
      status = err.status
      message = errorMessage(err.message)
    } else if (err instanceof HTTPException) {
      status = err.status
      message = ERROR_TITLES[status] ? errorText(status)[1] : err.message
    } else if (isDatabaseUnavailable(err)) {
      // The database is stopped, restarting or busy: say so, and when to retry (src/db/errors.ts).
      status = 503
      message = errorText(503)[1]
      c.header('Retry-After', '5')
      logger.warn({ reqId: c.get('requestId'), code: (err as { code?: string }).code }, 'database unavailable')
    } else {
      logger.error({ reqId: c.get('requestId'), err }, 'unhandled error')
    }
    if (status >= 500 && status !== 503 && err instanceof AppError === false) message = errorText(500)[1]
    const [title] = errorText(status)
    c.status(status as 500)
    if (c.req.header('hx-request')) return c.html(`<div class="notice notice-error" role="alert">${escapeHtml(message)}</div>`)
    if ((c.req.header('accept') ?? '').includes('application/json') && !(c.req.header('accept') ?? '').includes('text/html')) {
      return c.json({ error: err instanceof AppError ? err.code : status === 503 ? 'unavailable' : 'server_error', message })
    }
    const detail = !config.production && status >= 500 ? String(err.stack ?? err) : undefined
    // Without its database the layout cannot render (its notices read the DB) and would fail a second
    // time, which ends in a bare 500: the 503 page is plain HTML (the cluster test caught this).
    if (status === 503) return c.html(plainPage(title, message))
    // The renderer may not be set when the error happened early; fall back to plain HTML.
    try {
      return c.render(<ErrorPage status={status} title={title} message={message} requestId={c.get('requestId')} detail={detail} />, {
        title,
      })
    } catch {
      return c.html(plainPage(title, message))
    }
  })

  return app
}

function plainPage(title: string, message: string) {
  return `<!doctype html><html lang="${currentLocale()}"><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="${asset('app.css')}"><main class="wrap"><h1>${title}</h1><p>${escapeHtml(message)}</p></main></html>`
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)
}

export type App = ReturnType<typeof createApp>
