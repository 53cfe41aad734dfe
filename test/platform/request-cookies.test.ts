import { describe, expect, it } from 'vitest'
import { Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import { requestCookie } from '../../src/lib/request-cookies.js'

/** requestCookie parses the Cookie header once per request; it must read every name as hono's getCookie(c, name) does. */
describe('requestCookie', () => {
  const names = ['sid', 'lang', 'care', 'csrf', 'missing', 'odd name']
  const headers = [
    'sid=abc; lang=en; care=1',
    'sid=first; sid=second',
    'sid="quoted"; lang=%E4%B8%AD',
    ' sid = spaced ; lang=en;;care',
    'csrf=a=b=c; broken; =nameless; sid=x',
    'sid=%ZZ; lang=bad value',
    '',
  ]

  it('gives what getCookie(c, name) gives, for every name, on awkward headers', async () => {
    const app = new Hono()
    app.get('/', (c) => c.json(names.map((n) => [requestCookie(c, n) ?? null, getCookie(c, n) ?? null])))
    for (const cookie of headers) {
      const pairs = (await (await app.request('/', { headers: cookie ? { cookie } : {} })).json()) as [string | null, string | null][]
      for (const [ours, hono] of pairs) expect(ours, cookie).toBe(hono)
    }
  })

  it('keeps one parse per request, not across requests', async () => {
    const app = new Hono()
    app.get('/', (c) => c.text(`${requestCookie(c, 'sid')}|${requestCookie(c, 'lang')}`))
    expect(await (await app.request('/', { headers: { cookie: 'sid=a; lang=en' } })).text()).toBe('a|en')
    expect(await (await app.request('/', { headers: { cookie: 'sid=b' } })).text()).toBe('b|undefined')
  })
})
