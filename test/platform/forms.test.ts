import { describe, expect, it } from 'vitest'
import { Hono } from 'hono'
import { parseUrlencoded, parsedBody } from '../../src/lib/forms.js'

/** src/lib/forms.ts reads urlencoded forms itself: the fields must be exactly those hono's parseBody({ all: true }) gives. */
const samples = [
  'a=1&b=2',
  'name=%E5%BC%A0%E4%B8%89&city=%E5%B9%BF%E5%B7%9E+%E5%A4%A9%E6%B2%B3',
  'x=1&x=2&x=3',
  'tags[]=one&tags[]=two&solo[]=only',
  '__proto__=bad&constructor=c&toString=t',
  'empty=&=novalue&flag&a%26b=c%3Dd',
  'broken=%E5%BC&pct=100%&plus=a+b',
  '',
]

async function viaHono(body: string): Promise<unknown> {
  const app = new Hono()
  app.post('/', async (c) => c.json(await c.req.parseBody({ all: true })))
  const r = await app.request('/', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  return r.json()
}

describe('urlencoded forms', () => {
  it('parse to the same fields as hono', async () => {
    for (const body of samples) expect({ body, form: { ...parseUrlencoded(body) } }).toEqual({ body, form: await viaHono(body) })
  })

  it('have no prototype: a field named __proto__ is a field', () => {
    const form = parseUrlencoded('__proto__=x&isAdmin=0')
    expect(Object.getPrototypeOf(form)).toBeNull()
    expect(form.__proto__).toBe('x')
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
  })

  it('are read once per request, by the CSRF check and the route alike', async () => {
    const app = new Hono()
    app.post('/', async (c) => {
      const a = await parsedBody(c)
      const b = await parsedBody(c)
      return c.json({ same: a === b, a })
    })
    const r = await app.request('/', {
      method: 'POST',
      body: 'k=v&k=w',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    })
    expect(await r.json()).toEqual({ same: true, a: { k: ['v', 'w'] } })
  })
})
