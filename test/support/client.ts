import type { TestContext } from './context.js'

export interface TestResponse {
  status: number
  headers: Headers
  text: string
  location: string | null
  res: Response
}

/**
 * A browser-like client over app.request(): keeps cookies, picks the CSRF token up from the last
 * page it saw (hidden `_csrf` field), sends same-origin Origin headers on POST.
 */
export class TestClient {
  cookies = new Map<string, string>()
  csrf = ''
  lastHtml = ''
  /**
   * The TCP peer address the app sees (as @hono/node-server passes it in c.env.incoming). Unset, as
   * with a bare app.request(), the client address is unknown; set it to test per-address limits and
   * TRUST_PROXY (a proxy's address plus an X-Forwarded-For header).
   */
  remoteAddress: string | null = null
  constructor(
    private ctx: Pick<TestContext, 'app'>,
    private origin = 'http://localhost',
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  private absorb(res: Response) {
    for (const sc of res.headers.getSetCookie()) {
      const [pair, ...attrs] = sc.split(';')
      const i = pair.indexOf('=')
      const name = pair.slice(0, i).trim()
      const value = pair.slice(i + 1).trim()
      const expired = attrs.some((a) => /max-age=0/i.test(a) || /expires=thu, 01 jan 1970/i.test(a))
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  async request(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}): Promise<TestResponse> {
    const headers: Record<string, string> = { cookie: this.cookieHeader(), 'user-agent': 'vitest', ...init.headers }
    if (method !== 'GET' && method !== 'HEAD' && !('origin' in headers)) headers.origin = this.origin
    const env = this.remoteAddress ? { incoming: { socket: { remoteAddress: this.remoteAddress } } } : undefined
    const res = await this.ctx.app.request(`${this.origin}${path}`, { method, headers, body: init.body, redirect: 'manual' }, env)
    this.absorb(res)
    const text = await res.text()
    if ((res.headers.get('content-type') ?? '').includes('text/html')) {
      this.lastHtml = text
      const m = text.match(/name="_csrf" value="([^"]+)"/)
      if (m) this.csrf = m[1]
    }
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location'), res }
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, { headers })
  }

  /** POST a urlencoded form; `_csrf` is added unless given (pass `_csrf: ''` to omit). */
  async post(path: string, fields: Record<string, string | string[]> = {}, headers?: Record<string, string>) {
    if (!this.csrf) await this.get('/')
    const body = new URLSearchParams()
    if (!('_csrf' in fields)) body.append('_csrf', this.csrf)
    for (const [k, v] of Object.entries(fields)) {
      if (Array.isArray(v)) v.forEach((x) => body.append(k, x))
      else if (!(k === '_csrf' && v === '')) body.append(k, v)
    }
    return this.request('POST', path, {
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    })
  }

  /** POST multipart (attachments). */
  async postMultipart(path: string, form: FormData) {
    if (!this.csrf) await this.get('/')
    if (!form.has('_csrf')) form.append('_csrf', this.csrf)
    return this.request('POST', path, { body: form })
  }
}

/** Text content of the page without tags (for asserting what a user reads). */
export function visibleText(html: string) {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
}
