import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import net from 'node:net'
import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import { HttpBrowser, cloneMysqlDatabase, freshMysqlDatabase, killGroup, spawnServer, type ServerProcess } from '../support/processes.js'
import { makeBankAccount, makeIdNumber } from '../support/fixtures.js'

/**
 * Issue 22: SIGTERM at any moment ends the server within SHUTDOWN_TIMEOUT_MS. The server runs exactly
 * as `npm start` runs it (the build of src/server.ts run by node alone, own process group, stdout/stderr piped and
 * drained, jobs in process); on MariaDB when DATABASE_URL is set, each server with its own database.
 */
const DEADLINE = 5000
/** Exit after the deadline fired still needs the exit itself: flushing logs (≤ 300 ms) and a loaded machine. */
const SLACK = 1500
const RUNS = 30
const PARALLEL = 3

const cleanups: (() => Promise<void> | void)[] = []
const alive = new Set<ServerProcess>()
afterAll(async () => {
  for (const s of alive) killGroup(s.child, 'SIGKILL')
  for (const f of cleanups) await f()
})

let prepared = ''
let preparedDb = ''
/**
 * Migrations and demo data applied once: each server starts from a copy of that DATA_DIR (SQLite) or
 * its own copy of that database (MariaDB), so start-up is quick and 30 runs fit in about a minute.
 */
beforeAll(async () => {
  prepared = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-sd-prep-'))
  cleanups.push(() => fs.rmSync(prepared, { recursive: true, force: true }))
  const env: Record<string, string> = { DATA_DIR: prepared, JOBS_IN_PROCESS: '0' }
  if (process.env.DATABASE_URL) {
    const d = await freshMysqlDatabase(process.env.DATABASE_URL, 'tsdp')
    cleanups.push(() => d.drop())
    env.DATABASE_URL = preparedDb = d.url
  }
  const s = await spawnServer(env)
  killGroup(s.child, 'SIGTERM')
  expect((await s.exited).code, s.output()).toBe(0)
}, 120_000)

async function serverEnv(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-sd-'))
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
  const env: Record<string, string> = { DATA_DIR: dir, JOBS_IN_PROCESS: '1', SHUTDOWN_TIMEOUT_MS: String(DEADLINE), ...extra }
  // app.key too: the copied data was encrypted with it
  fs.cpSync(prepared, dir, { recursive: true })
  if (preparedDb) {
    const d = await cloneMysqlDatabase(preparedDb, 'tsd')
    cleanups.push(() => d.drop())
    env.DATABASE_URL = d.url
  }
  return env
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const rand = (a: number, b: number) => a + Math.floor(Math.random() * (b - a))
/** Fire and forget: a request the signal may cut off. */
const quietly = (p: Promise<unknown>) => void p.catch(() => undefined)

function smsCode(env: Record<string, string>, phone: string): string {
  const file = path.join(env.DATA_DIR, 'outbox', 'sms.jsonl')
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').reverse()
  const line = lines.map((l) => JSON.parse(l) as { to: string; text: string }).find((m) => m.to === phone)!
  return line.text.match(/\d{6}/)![0]
}
let phoneSeq = 0
const newPhone = () => `137${String(process.pid % 10000).padStart(4, '0')}${String(rand(0, 9000) + phoneSeq++).padStart(4, '0')}`

/** Registration and identity verification over HTTP, as a person does it; leaves its keep-alive connections open. */
async function journey(s: ServerProcess, env: Record<string, string>) {
  const b = new HttpBrowser()
  const phone = newPhone()
  expect((await b.post(s.base, '/auth/sms-code', { phone, purpose: 'register' }, '/register')).status).toBe(303)
  const reg = await b.post(
    s.base,
    '/register',
    { phone, sms_code: smsCode(env, phone), password: 'test1234a', agree_policy: 'on' },
    '/register',
  )
  expect(reg.status).toBe(303)
  const id = await b.post(
    s.base,
    '/me/identity',
    { real_name: '王五', id_number: makeIdNumber(), bank_name: '中国建设银行', bank_account: makeBankAccount() },
    '/me/identity',
  )
  expect(id.status).toBe(303)
}

type Scenario = { name: string; run(env: Record<string, string>): Promise<ServerProcess> }
/** Each starts a server and sends SIGTERM at a random moment of what it is doing; returns the server. */
const SCENARIOS: Scenario[] = [
  {
    name: 'during start-up (imports, migrations, seeding)',
    async run(env) {
      const s = await spawnServer(env, { ready: false })
      await sleep(rand(200, 2500))
      killGroup(s.child, 'SIGTERM')
      return s
    },
  },
  {
    name: 'right after start-up, during the first job run (periodic tasks at 200 ms)',
    async run(env) {
      const s = await spawnServer(env)
      await sleep(rand(0, 600))
      killGroup(s.child, 'SIGTERM')
      return s
    },
  },
  {
    name: 'during requests',
    async run(env) {
      const s = await spawnServer(env)
      let on = true
      const load = async () => {
        while (on)
          await fetch(`${s.base}${Math.random() < 0.5 ? '/' : '/healthz'}`).then(
            (r) => r.text(),
            () => (on = false),
          )
      }
      for (let i = 0; i < 4; i++) quietly(load())
      await sleep(rand(50, 500))
      killGroup(s.child, 'SIGTERM')
      await s.exited
      on = false
      return s
    },
  },
  {
    name: 'during an SMS code send',
    async run(env) {
      const s = await spawnServer(env)
      const b = new HttpBrowser()
      const page = await b.req(`${s.base}/register`)
      const csrf = page.text.match(/name="_csrf" value="([^"]+)"/)![1]
      quietly(
        b.req(`${s.base}/auth/sms-code`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: s.base },
          body: new URLSearchParams({ _csrf: csrf, phone: newPhone(), purpose: 'register' }).toString(),
        }),
      )
      await sleep(rand(0, 15))
      killGroup(s.child, 'SIGTERM')
      return s
    },
  },
  {
    name: 'right after a journey (registration, identity verification), client gone at once',
    async run(env) {
      const s = await spawnServer(env)
      await journey(s, env)
      killGroup(s.child, 'SIGTERM')
      return s
    },
  },
  {
    name: 'after a journey, while the outbox delivers its SMS',
    async run(env) {
      const s = await spawnServer(env)
      await journey(s, env)
      await sleep(rand(0, 2500))
      killGroup(s.child, 'SIGTERM')
      return s
    },
  },
]

describe('SIGTERM at random moments (issue 22)', () => {
  it(`${RUNS} servers each end within ${DEADLINE} ms with exit code 0`, async () => {
    const results: { scenario: string; code: number | null; signal: string | null; ms: number }[] = []
    let next = 0
    const worker = async () => {
      while (next < RUNS) {
        const i = next++
        const sc = SCENARIOS[i % SCENARIOS.length]
        const env = await serverEnv()
        const s = await sc.run(env)
        alive.add(s)
        const sent = Date.now()
        const end = await Promise.race([s.exited, sleep(DEADLINE + SLACK).then(() => null)])
        if (!end) killGroup(s.child, 'SIGKILL')
        alive.delete(s)
        const r = { scenario: sc.name, code: end?.code ?? null, signal: end?.signal ?? null, ms: end ? end.at - sent : Infinity }
        results.push(r)
        // killed by the signal's default action is only right before the handlers exist (no log line yet)
        const ok = end !== null && (r.code === 0 || (r.signal === 'SIGTERM' && !s.output().includes('database ready')))
        expect(ok, `${sc.name}: ${JSON.stringify(r)}\n${s.output().slice(-3000)}`).toBe(true)
      }
    }
    await Promise.all(Array.from({ length: PARALLEL }, worker))
    expect(results).toHaveLength(RUNS)
    const worst = Math.max(...results.map((r) => r.ms))
    console.log(`shutdown: ${RUNS} runs, slowest exit ${worst} ms after SIGTERM`)
  }, 300_000)
})

/** A POST whose body never finishes: its connection stays busy, as with a slow or stuck client. */
function stuckRequest(base: string): net.Socket {
  const u = new URL(base)
  const sock = net.connect(Number(u.port), u.hostname)
  sock.on('error', () => undefined)
  sock.write(
    `POST /login HTTP/1.1\r\nHost: ${u.host}\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 500\r\n\r\nphone=1`,
  )
  return sock
}
const logged = (s: ServerProcess, text: string) => s.output().includes(text)
async function until(cond: () => boolean, ms = 10_000) {
  for (const end = Date.now() + ms; !cond();) {
    if (Date.now() > end) throw new Error('timed out')
    await sleep(20)
  }
}

describe('shutdown deadline and second signal', () => {
  it('past the deadline, logs what is still open and exits 1', async () => {
    const s = await spawnServer(await serverEnv({ SHUTDOWN_TIMEOUT_MS: '1500' }))
    alive.add(s)
    const sock = stuckRequest(s.base)
    await sleep(300)
    const sent = Date.now()
    killGroup(s.child, 'SIGTERM')
    const end = await s.exited
    alive.delete(s)
    sock.destroy()
    expect(end.code, s.output()).toBe(1)
    expect(end.at - sent).toBeGreaterThanOrEqual(1400)
    expect(end.at - sent).toBeLessThan(1500 + SLACK)
    const line = s
      .output()
      .split('\n')
      .find((l) => l.includes('shutdown deadline passed'))
    expect(line, s.output()).toBeDefined()
    expect(line).toContain('still open request POST /login')
    expect(line).toContain('"resources":{')
  }, 60_000)

  it('ends within the deadline even when nobody reads its stdout any more (the hang of issue 22)', async () => {
    const s = await spawnServer(await serverEnv(), { drain: false })
    alive.add(s)
    // about 1,000 request log lines: more than the socket buffer and the reader's buffer hold
    let n = 0
    const load = async () => {
      while (n++ < 1000) await fetch(`${s.base}/healthz`).then((r) => r.text())
    }
    await Promise.all([load(), load(), load(), load()])
    const sent = Date.now()
    killGroup(s.child, 'SIGTERM')
    const end = await Promise.race([s.exited, sleep(DEADLINE + SLACK).then(() => null)])
    alive.delete(s)
    if (!end) killGroup(s.child, 'SIGKILL')
    expect(end, 'still running past the deadline').not.toBeNull()
    expect(end!.code).toBe(0) // everything closed in time; only unwritten log lines were given up
    expect(end!.at - sent).toBeLessThan(DEADLINE)
  }, 120_000)

  it('a second SIGTERM or SIGINT exits at once', async () => {
    for (const [second, code] of [
      ['SIGTERM', 143],
      ['SIGINT', 130],
    ] as const) {
      const s = await spawnServer(await serverEnv({ SHUTDOWN_TIMEOUT_MS: '60000' }))
      alive.add(s)
      const sock = stuckRequest(s.base)
      await sleep(300)
      killGroup(s.child, 'SIGTERM')
      await until(() => logged(s, 'shutting down'))
      await sleep(200)
      expect(s.child.exitCode, 'the stuck request holds the first shutdown').toBeNull()
      const sent = Date.now()
      killGroup(s.child, second)
      const end = await s.exited
      alive.delete(s)
      sock.destroy()
      expect(end.code, s.output()).toBe(code)
      expect(end.at - sent).toBeLessThan(1000)
      expect(s.output()).toContain('second signal: exiting at once')
    }
  }, 60_000)
})
