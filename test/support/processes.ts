import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import crypto from 'node:crypto'
import { createConnection } from 'mysql2/promise'

/** Helpers for tests (and the bench) that run the real server as a process or need their own database. */
export const TSX = path.resolve('node_modules/.bin/tsx')

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port
      s.close(() => resolve(p))
    })
  })
}

/** A new, empty MySQL/MariaDB database on the server named by `baseUrl`; `drop()` removes it. */
export async function freshMysqlDatabase(baseUrl: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const u = new URL(baseUrl)
  const name = `${prefix}_${crypto.randomBytes(4).toString('hex')}`
  const conn = {
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  }
  const a = await createConnection(conn)
  await a.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  await a.end()
  u.pathname = `/${name}`
  return {
    url: u.toString(),
    drop: async () => {
      const b = await createConnection(conn)
      await b.query(`DROP DATABASE IF EXISTS \`${name}\``)
      await b.end()
    },
  }
}

/**
 * `npm start`'s entry point as a child process; resolves when /healthz answers. Node runs the server
 * itself (tsx as a loader, not the tsx wrapper process), so `child` IS the server: a SIGKILL kills it,
 * rather than orphaning a server that keeps answering on the port.
 */
export async function startServer(env: Record<string, string>, port?: number): Promise<{ base: string; child: ChildProcess }> {
  const p = port ?? (await freePort())
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      LOG_LEVEL: 'warn',
      JOBS_IN_PROCESS: '0',
      ...env,
      PORT: String(p),
    },
    stdio: 'ignore',
  })
  const base = `http://127.0.0.1:${p}`
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { base, child }
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  child.kill('SIGKILL')
  throw new Error('server did not start')
}

/** A minimal browser for tests against a server process: keeps cookies, fetches the CSRF token from a page. */
export class HttpBrowser {
  cookies = new Map<string, string>()
  async req(url: string, init: RequestInit = {}) {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    })
    for (const sc of res.headers.getSetCookie()) {
      const [pair] = sc.split(';')
      const i = pair.indexOf('=')
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1))
    }
    return { status: res.status, text: await res.text(), location: res.headers.get('location') }
  }
  async post(base: string, p: string, fields: Record<string, string>, csrfFrom: string) {
    const page = await this.req(`${base}${csrfFrom}`)
    const csrf = page.text.match(/name="_csrf" value="([^"]+)"/)![1]
    return this.req(`${base}${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
      body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    })
  }
}
