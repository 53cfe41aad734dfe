/**
 * Admission control (src/middleware/admission.ts, decision 0236) on a bare Hono app: one slot, one waiting place.
 * Beyond them: 429 with Retry-After and a 排队 page that retries the same GET or re-posts the same form by itself
 * (htmx), its fields escaped; a waiting request gets the slot when it frees; an htmx retry gets a short answer.
 */
import { describe, expect, it } from 'vitest'
import { Hono } from 'hono'
import type { AppEnv } from '../../src/middleware/env.js'
import { admissionControl } from '../../src/middleware/admission.js'

function world(waitMs = 1000) {
  const gate = admissionControl({ concurrency: 1, queue: 1, waitMs, retryAfterS: 2, maxLagMs: 0 })
  const app = new Hono<AppEnv>()
  let open!: () => void
  const held = new Promise<void>((r) => (open = r))
  app.use('*', gate.middleware)
  app.get('/hold', async (c) => {
    await held
    return c.text('done')
  })
  app.all('/form', (c) => c.text('ok'))
  return { app, open, gate }
}

describe('admission control', () => {
  it('queues one, refuses the next with a 429 排队 page that retries the same GET', async () => {
    const { app, open, gate } = world()
    const first = app.request('/hold')
    const second = app.request('/form?service=a&x=1') // waits for the slot
    await new Promise((r) => setTimeout(r, 20))
    const third = await app.request('/form?service=a&x=1')
    expect(third.status).toBe(429)
    const after = Number(third.headers.get('retry-after'))
    expect(after).toBeGreaterThanOrEqual(2)
    expect(after).toBeLessThanOrEqual(4)
    const html = await third.text()
    expect(html).toContain('正在排队')
    expect(html).toContain(`hx-get="/form?service=a&amp;x=1" hx-trigger="every ${after}s"`)
    expect(html).toContain(`<noscript><meta http-equiv="refresh" content="${after}"></noscript>`)
    expect(html).toMatch(/"responseHandling":\[\{"code":"429","swap":false\}/)
    open()
    expect(await (await first).text()).toBe('done')
    expect(await (await second).text()).toBe('ok')
    expect(gate.inFlight()).toEqual({ active: 0, waiting: 0 })
    expect((await app.request('/form')).status).toBe(200)
  })

  it('keeps a refused form’s fields, escaped, for htmx to post again; an htmx retry gets a short 429', async () => {
    const { app, open } = world(10)
    const first = app.request('/hold')
    const body = new URLSearchParams({ _csrf: 'tok', school: '"><script>x</script>', form_token: 'ft' }).toString()
    const post = () => app.request('/form', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })
    const refused = await post() // waits 10 ms for the slot, then the page
    expect(refused.status).toBe(429)
    const html = await refused.text()
    expect(html).toMatch(/<form method="post" action="\/form" hx-post="\/form" hx-trigger="every \d+s" hx-target="body"/)
    expect(html).toContain('<input type="hidden" name="school" value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">')
    expect(html).toContain('<input type="hidden" name="form_token" value="ft">')
    expect(html).not.toContain('<script>x')
    const retry = await app.request('/form', { method: 'POST', headers: { 'hx-request': 'true' } })
    expect(retry.status).toBe(429)
    expect((await retry.text()).length).toBeLessThan(100)
    open()
    await first
    expect((await post()).status).toBe(200)
  })
})
