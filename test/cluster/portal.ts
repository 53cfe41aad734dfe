import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { SERVER_ENTRY, freePort } from '../support/processes.js'
import { makeBankAccount, makeIdNumber } from '../support/fixtures.js'
import { TALENT_FIELDS } from '../support/cases.js'

/**
 * Helpers of the cluster test and the cluster bench: portal processes (`npm start`'s entry point) and a
 * small browser that keeps cookies, takes the CSRF token from a page and sends each citizen from its own
 * loopback address (127.0.0.x), as citizens arrive from their own addresses behind the load balancer.
 */
export interface Portal {
  base: string
  child: ChildProcess
  smsFile: string
  stop(): void
}

export async function startPortal(env: Record<string, string>, logFile: string): Promise<Portal> {
  const port = await freePort()
  const out = fs.openSync(logFile, 'a')
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', out, out],
  })
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) break
    try {
      if ((await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(3000) })).ok)
        return { base, child, smsFile: env.SMS_OUTBOX, stop: () => child.kill('SIGKILL') }
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  child.kill('SIGKILL')
  throw new Error(`portal did not start: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`)
}

export interface Answer {
  status: number
  text: string
  body: Buffer
  location: string | null
  headers: http.IncomingHttpHeaders
}

/** Every answer any browser got: the test counts the 5xx among them. */
export const answers: { base: string; path: string; status: number; ms: number }[] = []

export class Browser {
  cookies = new Map<string, string>()
  constructor(private localAddress = '127.0.0.1') {}

  req(base: string, p: string, init: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}): Promise<Answer> {
    const url = new URL(p, base)
    const t0 = Date.now()
    return new Promise((resolve, reject) => {
      const rq = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: init.method ?? 'GET',
          localAddress: this.localAddress,
          headers: {
            ...init.headers,
            cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
            ...(init.body ? { 'content-length': String(init.body.length) } : {}),
          },
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            for (const sc of res.headers['set-cookie'] ?? []) {
              const [pair] = sc.split(';')
              const i = pair.indexOf('=')
              this.cookies.set(pair.slice(0, i), pair.slice(i + 1))
            }
            const body = Buffer.concat(chunks)
            const status = res.statusCode ?? 0
            answers.push({ base, path: url.pathname, status, ms: Date.now() - t0 })
            resolve({ status, body, text: body.toString('utf8'), location: res.headers.location ?? null, headers: res.headers })
          })
        },
      )
      rq.on('timeout', () => rq.destroy(new Error(`timeout: ${p}`)))
      rq.on('error', (e) => {
        answers.push({ base, path: url.pathname, status: -1, ms: Date.now() - t0 })
        reject(e)
      })
      rq.end(init.body)
    })
  }

  /** GET `pageOnThisNode` for its CSRF token, then POST the form (urlencoded, or multipart with files). */
  async post(base: string, p: string, fields: Record<string, string>, page: string, files?: Record<string, [Buffer, string]>) {
    const form = await this.req(base, page)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1]
    if (!csrf) throw new Error(`no CSRF token on ${page} (${form.status})`)
    let body: Buffer
    let type: string
    if (files) {
      const fd = new FormData()
      for (const [k, v] of Object.entries({ _csrf: csrf, ...fields })) fd.append(k, v)
      for (const [k, [bytes, name]] of Object.entries(files)) fd.append(k, new Blob([new Uint8Array(bytes)]), name)
      const encoded = new Request('http://x/', { method: 'POST', body: fd })
      body = Buffer.from(await encoded.arrayBuffer())
      type = encoded.headers.get('content-type')!
    } else {
      body = Buffer.from(new URLSearchParams({ _csrf: csrf, ...fields }).toString())
      type = 'application/x-www-form-urlencoded'
    }
    return this.req(base, p, { method: 'POST', body, headers: { 'content-type': type, origin: base } })
  }
}

/** The newest one-time code sent to `phone` in a portal's development SMS outbox file. */
export async function smsCode(file: string, phone: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n') : []
    for (const l of lines.reverse()) {
      if (!l) continue
      const m = JSON.parse(l) as { to: string; text: string }
      const code = /验证码为(\d{6})/.exec(m.text)?.[1]
      if (m.to === phone && code) return code
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`no SMS code for ${phone} in ${path.basename(file)}`)
}

let phoneSeq = 0
export function journeyPhone(): string {
  return `139${String(process.pid % 10000).padStart(4, '0')}${String(++phoneSeq).padStart(4, '0')}`
}

export interface Journey {
  ref: string
  phone: string
  degree: Buffer
  browser: Browser
}

/**
 * One citizen's whole journey, each step through the next portal node: code by SMS, register,
 * real-name verification, an application with two attachments, then the case page and an attachment
 * read back through yet another node. Throws on any unexpected answer.
 */
export async function journey(nodes: Portal[], n: number, localAddress: string): Promise<Journey> {
  const at = (k: number) => nodes[(n + k) % nodes.length]
  const b = new Browser(localAddress)
  const phone = journeyPhone()
  const expectStatus = (r: Answer, ok: number[], what: string) => {
    if (!ok.includes(r.status)) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 200)}`)
    return r
  }
  const A = at(0)
  expectStatus(await b.post(A.base, '/auth/sms-code', { phone, purpose: 'register' }, '/register'), [200, 303], 'sms-code')
  const code = await smsCode(A.smsFile, phone)
  const B = at(1)
  expectStatus(
    await b.post(B.base, '/register', { phone, sms_code: code, password: 'Cluster2026x', agree_policy: 'on' }, '/register'),
    [303],
    'register',
  )
  const C = at(2)
  expectStatus(
    await b.post(
      C.base,
      '/me/identity',
      { real_name: '林集群', id_number: makeIdNumber('19910305'), bank_name: '中国工商银行', bank_account: makeBankAccount() },
      '/me/identity',
    ),
    [303],
    'identity',
  )
  const form = expectStatus(await b.req(A.base, '/applications/new?service=talent-registration'), [200], 'form')
  const token = /name="form_token" value="([^"]+)"/.exec(form.text)![1]
  const degree = Buffer.from(`%PDF-1.4\n% journey ${phone} ${n}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`)
  const contract = Buffer.from(`%PDF-1.4\n% contract ${phone}\n%%EOF\n`)
  const submit = expectStatus(
    await b.post(
      B.base,
      '/applications',
      { service: 'talent-registration', form_token: token, ...TALENT_FIELDS },
      '/applications/new?service=talent-registration',
      { file_degree_certificate: [degree, 'degree.pdf'], file_labour_contract: [contract, 'contract.pdf'] },
    ),
    [303],
    'submit',
  )
  const ref = /\/applications\/([A-Z0-9]+)/.exec(submit.location!)![1]
  return { ref, phone, degree, browser: b }
}

/** The case page and the degree certificate, read through `node` (not the one that took the upload). */
export async function readBack(node: Portal, j: Journey) {
  const page = await j.browser.req(node.base, `/applications/${j.ref}`)
  if (page.status !== 200) throw new Error(`case page ${j.ref}: ${page.status}`)
  const links = [...page.text.matchAll(/href="(\/applications\/[A-Z0-9]+\/attachments\/\d+)"[^>]*>([^<]*)/g)]
  if (!links.length) throw new Error(`no attachment link on ${j.ref}`)
  const files = await Promise.all(links.map((l) => j.browser.req(node.base, l[1])))
  return { page, files, degreeOk: files.some((f) => f.status === 200 && f.body.equals(j.degree)) }
}
