/**
 * The opening-day surge (申报首日) as citizens do it: each virtual user opens the application form, then submits
 * it; a 429 排队 answer is waited out (its Retry-After, capped) and the same request sent again, as the queue page
 * does by itself. Used by the bench's surge phase and by test/quality/surge.test.ts.
 */
import { submitBody, BENCH_SERVICE } from './citizen.js'

export interface SurgeResult {
  /** References of the submissions answered 303 (acknowledged). */
  acknowledged: string[]
  /** Answers with a 5xx status. */
  errors: number
  /** 429 排队 answers. */
  queued: number
  /** Other unexpected answers (status → count), e.g. a 422 or a failed connection ('net'). */
  other: Record<string, number>
  /** Latency of every admitted (non-429) answer as the client saw it (socket backlog included), ms. */
  admittedMs: number[]
  /** The same answers' time inside the portal, from admission control to the answer (its Server-Timing), ms. */
  serverMs: number[]
}

export async function surge(opts: {
  base: string
  /** One signed-in citizen's cookie header per virtual user (a citizen has one draft, so one form, per service). */
  users: { cookie: string; csrf: string }[]
  /** Each user keeps going (form, submit, form, submit…) until this instant; at least one submission each. */
  until: number
  /** Caps the Retry-After a user waits, seconds (the bench shortens the wait; a browser would not). */
  maxWaitS?: number
}): Promise<SurgeResult> {
  const res: SurgeResult = { acknowledged: [], errors: 0, queued: 0, other: {}, admittedMs: [], serverMs: [] }
  const formUrl = `${opts.base}/applications/new?service=${BENCH_SERVICE.code}`
  /** One request, sent again after each 429; undefined after a network failure or an unexpected answer. */
  async function send(url: string, init: RequestInit): Promise<Response | undefined> {
    for (;;) {
      const start = performance.now()
      let r: Response
      try {
        r = await fetch(url, { ...init, redirect: 'manual' })
      } catch {
        res.other.net = (res.other.net ?? 0) + 1
        return undefined
      }
      if (r.status !== 429) {
        res.admittedMs.push(performance.now() - start)
        const dur = /app;dur=([\d.]+)/.exec(r.headers.get('server-timing') ?? '')?.[1]
        if (dur) res.serverMs.push(Number(dur))
        if (r.status >= 500) res.errors++
        return r
      }
      res.queued++
      await r.arrayBuffer()
      const wait = Math.min(Number(r.headers.get('retry-after') ?? 1), opts.maxWaitS ?? Infinity)
      await new Promise((ok) => setTimeout(ok, wait * 1000 * (0.5 + Math.random() / 2)))
    }
  }
  async function user({ cookie, csrf }: { cookie: string; csrf: string }) {
    const headers = { cookie, origin: opts.base }
    do {
      const form = await send(formUrl, { headers })
      if (!form) return
      const html = await form.text()
      const token = /name="form_token" value="([^"]+)"/.exec(html)?.[1]
      if (form.status !== 200 || !token) {
        res.other[`form ${form.status}`] = (res.other[`form ${form.status}`] ?? 0) + 1
        return
      }
      const post = await send(`${opts.base}/applications`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: submitBody(csrf, token),
      })
      if (!post) return
      await post.arrayBuffer()
      const ref = /^\/applications\/([^/?]+)\?submitted=1/.exec(post.headers.get('location') ?? '')?.[1]
      if (post.status === 303 && ref) res.acknowledged.push(ref)
      else res.other[`submit ${post.status}`] = (res.other[`submit ${post.status}`] ?? 0) + 1
    } while (Date.now() < opts.until)
  }
  await Promise.all(opts.users.map((u) => user(u)))
  return res
}
