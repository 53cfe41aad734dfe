import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import fs from 'node:fs'
import crypto from 'node:crypto'
import { createConnection } from 'mysql2/promise'

/** Helpers for tests (and the bench) that run the real server as a process or need their own database. */
export const TSX = path.resolve('node_modules/.bin/tsx')

/** Where the tests and the bench build the server (scripts/build.ts), apart from `npm start`'s dist/. */
export const SERVER_BUILD = 'test-results/server'
/** The server as `npm start` runs it: compiled by scripts/build.ts, run by node alone (decision 0297). */
export const SERVER_ENTRY = `${SERVER_BUILD}/src/server.js`

/**
 * Compiles the server into SERVER_BUILD (about a second); vitest's global setup and the bench call it once, the
 * bench with `bench: true` for its comparison servers too (test/bench/serve.ts).
 */
export function buildServer(opts: { bench?: boolean } = {}) {
  execFileSync(TSX, ['scripts/build.ts', SERVER_BUILD, ...(opts.bench ? ['--bench'] : [])], { stdio: 'inherit' })
}

export async function freePort(): Promise<number> {
  const [p] = await freePorts(1)
  return p
}

/**
 * `n` distinct free ports. Every listener stays open until all `n` are chosen, so the kernel cannot hand
 * the same ephemeral port out twice (which it did: two Galera nodes once got one gcomm port).
 */
export async function freePorts(n: number): Promise<number[]> {
  const servers: net.Server[] = []
  try {
    for (let i = 0; i < n; i++) {
      servers.push(
        await new Promise<net.Server>((resolve, reject) => {
          const s = net.createServer()
          s.once('error', reject)
          s.listen(0, '127.0.0.1', () => resolve(s))
        }),
      )
    }
    return servers.map((s) => (s.address() as net.AddressInfo).port)
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
  }
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
 * A new database holding a copy of every table of `sourceUrl`'s database (structure and rows, not foreign
 * keys): a server started on it skips migrations and seeding. `drop()` removes it.
 */
export async function cloneMysqlDatabase(sourceUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const src = decodeURIComponent(new URL(sourceUrl).pathname.slice(1))
  const fresh = await freshMysqlDatabase(sourceUrl, prefix)
  const name = decodeURIComponent(new URL(fresh.url).pathname.slice(1))
  const conn = await createConnection({ uri: sourceUrl, multipleStatements: true })
  try {
    const [rows] = await conn.query(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'`,
      [src],
    )
    const tables = (rows as { t: string }[]).map((r) => r.t)
    await conn.query(
      'SET FOREIGN_KEY_CHECKS = 0; ' +
        tables
          .map(
            (t) =>
              `CREATE TABLE \`${name}\`.\`${t}\` LIKE \`${src}\`.\`${t}\`; INSERT INTO \`${name}\`.\`${t}\` SELECT * FROM \`${src}\`.\`${t}\`;`,
          )
          .join(' '),
    )
  } finally {
    await conn.end()
  }
  return fresh
}

/**
 * The node flags of `npm start` (package.json's start script, read here so that the tests and the bench start the
 * server exactly as it does; decision 0300): `--max-old-space-size=${PORTAL_HEAP_MB:-256}`, expanded as sh would.
 */
export function serverNodeArgs(env: Record<string, string | undefined> = process.env): string[] {
  const start = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start
  const m = start.match(/&& exec node (.*?) ?dist\/src\/server\.js$/)
  if (!m) throw new Error(`package.json start script not understood: ${start}`)
  return m[1]
    .split(' ')
    .filter(Boolean)
    .map((a) => a.replace(/\$\{(\w+):-([^}]*)\}/g, (_, name: string, dflt: string) => env[name] || dflt))
}

/** BENCH_CPU_PROF=<dir>: the server writes a --cpu-prof profile there when it exits (what limits a bench figure, docs/quality.md). */
const cpuProfileArgs = () => (process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])

/**
 * `npm start`'s entry point as a child process (the build in SERVER_BUILD, made by buildServer() before); resolves
 * when /healthz answers. Node runs the server itself (no wrapper process), so `child` IS the server: a SIGKILL
 * kills it, rather than orphaning a server that keeps answering on the port.
 */
export async function startServer(env: Record<string, string>, port?: number): Promise<{ base: string; child: ChildProcess }> {
  const p = port ?? (await freePort())
  const child = spawn(process.execPath, [...serverNodeArgs({ ...process.env, ...env }), ...cpuProfileArgs(), SERVER_ENTRY], {
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

export interface ServerProcess {
  base: string
  child: ChildProcess
  /** Everything the server wrote to stdout and stderr so far (drained continuously, as a supervisor does). */
  output(): string
  /** Resolves with the exit code (or `signal:NAME`) and how long after `since` the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>
}

/**
 * Like startServer, but exactly as a supervisor runs `npm start`: its own process group, stdout and
 * stderr piped and drained. `ready: false` returns as soon as the process is spawned.
 */
export async function spawnServer(env: Record<string, string>, opts: { ready?: boolean; drain?: boolean } = {}): Promise<ServerProcess> {
  const p = await freePort()
  const child = spawn(process.execPath, [...serverNodeArgs({ ...process.env, ...env }), ...cpuProfileArgs(), SERVER_ENTRY], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', ...env, PORT: String(p) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let out = ''
  // drain: false is a supervisor that stopped reading: the pipe fills and the server's writes get EAGAIN
  if (opts.drain !== false) {
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((r) =>
    child.on('exit', (code, signal) => r({ code, signal, at: Date.now() })),
  )
  const base = `http://127.0.0.1:${p}`
  const spawned = Date.now()
  if (opts.ready !== false) {
    for (;;) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break
      } catch {
        /* starting */
      }
      if (Date.now() - spawned > 90_000 || child.exitCode !== null) {
        killGroup(child, 'SIGKILL')
        throw new Error(`server did not start:\n${out}`)
      }
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  return { base, child, output: () => out, exited }
}

/** Sends a signal to the server's whole process group, as a supervisor does. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal)
  } catch {
    /* already gone */
  }
}
