import type { Context } from 'hono'
import { factory, type AppEnv } from './env.js'
import { t } from '../lib/i18n/index.js'
import { asset } from '../lib/assets.js'
import { setResponseHeader } from './response-headers.js'

export interface AdmissionOptions {
  /** Requests handled at once (ADMISSION_CONCURRENCY). */
  concurrency: number
  /** Requests that may wait for a slot (ADMISSION_QUEUE); beyond them the queue page at once. */
  queue: number
  /** How long a queued request waits for a slot before it gets the queue page (ADMISSION_WAIT_MS). */
  waitMs: number
  /** Retry-After, seconds (ADMISSION_RETRY_AFTER_S); each answer adds up to as much again as jitter. */
  retryAfterS: number
  /**
   * Event-loop lag beyond which new requests get the queue page (ADMISSION_MAX_LAG_MS; 0 = off). On SQLite a
   * request runs mostly without yielding, so the backlog waits in socket buffers where no counter sees it; the
   * loop's lag is what shows it.
   */
  maxLagMs: number
}

/**
 * Admission control for the opening-day surge (申报首日, issue 21; decision 0236): at most `concurrency` requests
 * run, `queue` more wait up to `waitMs` for a slot (first come, first served), everyone else gets a friendly
 * 排队 page at once — 429 with Retry-After, never a 5xx — that retries by itself: htmx re-sends the same GET or
 * the same form (its fields kept as hidden inputs) every Retry-After seconds; without JavaScript a GET refreshes
 * and a POST has a 立即重试 button. A refused request has done nothing, so a retry cannot duplicate anything
 * (and a submission carries its form_token anyway).
 */
export function admissionControl(opts: AdmissionOptions) {
  let active = 0
  const waiting: (() => void)[] = []
  const stats = { admitted: 0, queued: 0, refused: 0 }
  const release = () => {
    const nextInLine = waiting.shift()
    if (nextInLine)
      nextInLine() // the slot passes straight on: `active` stays the same
    else active--
  }
  const slot = (): Promise<boolean> =>
    new Promise((resolve) => {
      const take = () => {
        clearTimeout(timer)
        resolve(true)
      }
      const timer = setTimeout(() => {
        const i = waiting.indexOf(take)
        if (i >= 0) waiting.splice(i, 1)
        resolve(false)
      }, opts.waitMs)
      waiting.push(take)
    })
  let lag = 0
  if (opts.maxLagMs > 0) {
    let last = performance.now()
    const timer = setInterval(() => {
      const now = performance.now()
      lag = Math.max(0, now - last - 20)
      last = now
    }, 20)
    timer.unref()
  }
  const middleware = factory.createMiddleware(async (c, next) => {
    const arrived = performance.now()
    if (opts.maxLagMs > 0 && lag > opts.maxLagMs) return refuse(c)
    if (active < opts.concurrency) active++
    else if (waiting.length < opts.queue && opts.waitMs > 0) {
      stats.queued++
      if (!(await slot())) return refuse(c)
    } else return refuse(c)
    stats.admitted++
    try {
      await next()
      // time in this process from admission control to the answer (queue wait included): the surge bench reads it
      setResponseHeader(c, 'Server-Timing', `app;dur=${(performance.now() - arrived).toFixed(1)}`)
    } finally {
      release()
    }
  })
  async function refuse(c: Context<AppEnv>) {
    stats.refused++
    const after = opts.retryAfterS + Math.floor(Math.random() * (opts.retryAfterS + 1))
    c.header('Retry-After', String(after))
    // htmx's own retry (from a queue page): it keeps the page it has, so a short answer is enough
    if (c.req.header('hx-request')) return c.text(t('正在排队，请稍候'), 429)
    return c.html(await queuePage(c, after), 429)
  }
  return { middleware, stats, inFlight: () => ({ active, waiting: waiting.length }) }
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)

/**
 * The 排队 page: plain HTML (the full layout reads the database, which is what is busy). Its own htmx config
 * keeps the page on a further 429 (htmx polls again) and shows whatever else the retry brings (the next page, or a
 * form with its 422 messages), in place of the page's body.
 */
async function queuePage(c: Context<AppEnv>, after: number) {
  const url = new URL(c.req.url)
  const target = escapeHtml(url.pathname + url.search)
  const title = t('正在排队')
  const config = {
    allowEval: false,
    allowScriptTags: false,
    historyCacheSize: 0,
    includeIndicatorStyles: false,
    responseHandling: [
      { code: '429', swap: false },
      { code: '204', swap: false },
      { code: '...', swap: true },
    ],
  }
  let retry: string
  let refresh = ''
  if (c.req.method === 'GET' || c.req.method === 'HEAD') {
    refresh = `<noscript><meta http-equiv="refresh" content="${after}"></noscript>`
    retry = `<div hx-get="${target}" hx-trigger="every ${after}s" hx-target="body" hx-push-url="true"></div><p><a class="button" href="${target}">${escapeHtml(t('立即重试'))}</a></p>`
  } else if ((c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
    const fields = await c.req.parseBody({ all: true })
    const hidden = Object.entries(fields)
      .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string').map((x) => [k, x]))
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join('')
    retry = `<form method="post" action="${target}" hx-post="${target}" hx-trigger="every ${after}s" hx-target="body" hx-push-url="true">${hidden}<button type="submit" class="button">${escapeHtml(t('立即重试'))}</button></form>`
  } else {
    retry = `<p>${escapeHtml(t('所选文件未能送达，请返回上一页重新选择文件后提交。'))}</p><p><a class="button" href="/applications">${escapeHtml(t('返回我的办件'))}</a></p>`
  }
  const message = t('当前办理人数较多，您的请求还没有被处理，也不会丢失。请不要关闭本页，系统将在 {n} 秒后自动重试。', { n: after })
  return `<!doctype html><html lang="${c.get('locale') ?? 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="htmx-config" content='${JSON.stringify(config)}'>${refresh}<title>${escapeHtml(title)} - ${escapeHtml(t('人才一站式网上办事大厅'))}</title><link rel="stylesheet" href="${asset('app.css')}"><script src="${asset('vendor/htmx.min.js')}" defer></script></head><body><main class="wrap" id="main" data-qa="queue-page"><h1>${escapeHtml(title)}</h1><p role="status">${escapeHtml(message)}</p>${retry}</main></body></html>`
}
