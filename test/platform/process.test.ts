import { afterAll, describe, expect, it } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import { SERVER_ENTRY, freePort, freshMysqlDatabase, serverNodeArgs } from '../support/processes.js'

/** The real entry points: `npm start` (src/server.ts as scripts/build.mjs compiles it) and `npm run admin` (src/cli.ts), as child processes. */
const TSX = path.resolve('node_modules/.bin/tsx')
const dirs: string[] = []
const drops: (() => Promise<void>)[] = []
afterAll(async () => {
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }))
  for (const d of drops) await d()
})
/** Each process test gets its own data dir and, on MySQL, its own fresh database. */
const baseEnv = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-proc-'))
  dirs.push(dir)
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', DATA_DIR: dir }
  if (process.env.DATABASE_URL) {
    const d = await freshMysqlDatabase(process.env.DATABASE_URL, 'tp')
    drops.push(d.drop)
    env.DATABASE_URL = d.url
  }
  return env
}
const cli = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(TSX, ['src/cli.ts', ...args], { env, encoding: 'utf8', timeout: 60_000 })

describe('server process', () => {
  it("runs with npm start's node flags: the heap bound, PORTAL_HEAP_MB to change it (package.json, Dockerfile)", () => {
    expect(serverNodeArgs({})).toEqual(['--max-old-space-size=256'])
    expect(serverNodeArgs({ PORTAL_HEAP_MB: '512' })).toEqual(['--max-old-space-size=512'])
    expect(fs.readFileSync('Dockerfile', 'utf8')).toContain('exec node --max-old-space-size=${PORTAL_HEAP_MB:-256} dist/src/server.js')
  })

  it('starts with migrations and demo data, serves /healthz, and drains on SIGTERM', async () => {
    const env = { ...(await baseEnv()), PORT: String(await freePort()), JOBS_IN_PROCESS: '1', LOG_LEVEL: 'info' }
    // exactly what `npm start` runs (package.json): the tsx CLI wrapper would SIGKILL the server when
    // it does not confirm a relayed SIGTERM within 30 ms, which happens under load
    const child = spawn(process.execPath, [...serverNodeArgs(env), SERVER_ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    let ok = false
    for (let i = 0; i < 100 && !ok; i++) {
      await new Promise((r) => setTimeout(r, 200))
      try {
        const r = await fetch(`http://127.0.0.1:${env.PORT}/healthz`)
        ok = r.status === 200
      } catch {
        /* not yet */
      }
    }
    expect(ok, out).toBe(true)
    const home = await fetch(`http://127.0.0.1:${env.PORT}/`)
    expect(await home.text()).toContain('人才一站式网上办事大厅')
    // npm start bounds V8's heap (decision 0300): 256 MB of old generation plus the young one, told in the start log
    const limit = Number(out.match(/"heapLimitMb":(\d+)/)?.[1])
    expect(limit, out).toBeGreaterThanOrEqual(256)
    expect(limit, out).toBeLessThan(400)
    const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
    child.kill('SIGTERM')
    expect(await exit).toBe(0)
  }, 60_000)

  it('refuses to start in production without APP_KEY, naming it', async () => {
    const r = spawnSync(process.execPath, [SERVER_ENTRY], {
      env: { ...(await baseEnv()), NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(r.status).not.toBe(0)
    expect(r.stderr).toContain('APP_KEY')
  })
})

describe('operator CLI', () => {
  it('migrate, staff:create (TOTP for admin roles, duplicate refused), jobs:run --now, audit:verify', async () => {
    const env = await baseEnv()
    expect(cli(env, '--help').stdout).toContain('audit:verify')
    const m = cli(env, 'migrate')
    expect(m.status, m.stderr).toBe(0)

    const clerk = cli(env, 'staff:create', '--username', 'window1', '--password', 'pass1234', '--role', 'clerk', '--name', '窗口一')
    expect(clerk.status, clerk.stderr).toBe(0)
    expect(clerk.stdout).not.toContain('TOTP_SECRET=')
    const admin = cli(env, 'staff:create', '--username', 'sec1', '--password', 'pass1234', '--role', 'secadmin', '--name', '安全')
    expect(admin.status, admin.stderr).toBe(0)
    expect(admin.stdout).toMatch(/^TOTP_SECRET=[A-Z2-7]{16,}$/m)
    const dup = cli(env, 'staff:create', '--username', 'window1', '--password', 'pass1234', '--role', 'clerk', '--name', '重复')
    expect(dup.status).toBe(1)
    expect(dup.stderr).toContain('window1')
    const badRole = cli(env, 'staff:create', '--username', 'x1y', '--password', 'pass1234', '--role', 'king', '--name', 'x')
    expect(badRole.status).toBe(1)

    const jobs = cli(env, 'jobs:run', '--now', '2026-12-01T09:00:00Z')
    expect(jobs.status, jobs.stderr).toBe(0)
    expect(cli(env, 'jobs:run', '--now', 'not-a-date').status).toBe(1)

    const v = cli(env, 'audit:verify')
    expect(v.status, v.stderr).toBe(0)
    expect(v.stdout).toMatch(/^audit ok: \d+ entries$/m)
    expect(cli(env, 'no-such-command').status).not.toBe(0)
  }, 240_000)
})
