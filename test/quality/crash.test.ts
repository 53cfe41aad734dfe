import { afterAll, describe, expect, it } from 'vitest'
import type { ChildProcess } from 'node:child_process'
import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import { TSX, freePort, freshMysqlDatabase, startServer } from '../support/processes.js'

/** kill -9 of the server during a burst of submissions: every submission answered 303 exists exactly once after restart. */
const children: ChildProcess[] = []
const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL')
  for (const f of cleanups) await f()
})

async function start(env: Record<string, string>, port: number) {
  const r = await startServer(env, port)
  children.push(r.child)
  return r
}

describe('crash during a burst of submissions', () => {
  it('loses no acknowledged submission and duplicates none', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-crash-'))
    cleanups.push(() => fs.promises.rm(dataDir, { recursive: true, force: true }))
    const env: Record<string, string> = { DATA_DIR: dataDir, APP_KEY: Buffer.alloc(32, 6).toString('base64'), DEMO_DATA: '1' }
    if (process.env.DATABASE_URL) {
      const d = await freshMysqlDatabase(process.env.DATABASE_URL, 'tcr')
      cleanups.push(d.drop)
      env.DATABASE_URL = d.url
    }
    const port = await freePort()
    const first = await start(env, port)
    const child = first.child
    let base = first.base

    // sign in as the demo citizen
    let cookie = ''
    const jar = (res: Response) => {
      for (const sc of res.headers.getSetCookie()) {
        const [pair] = sc.split(';')
        const k = pair.slice(0, pair.indexOf('='))
        cookie = [...cookie.split('; ').filter((x) => x && !x.startsWith(`${k}=`)), pair].join('; ')
      }
    }
    const page0 = await fetch(`${base}/login`)
    jar(page0)
    const csrf = (await page0.text()).match(/name="_csrf" value="([^"]+)"/)![1]
    const login = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, phone: '13800138000', password: 'demo1234' }),
    })
    jar(login)
    expect(login.status).toBe(303)

    const acknowledged: string[] = []
    let stop = false
    // One claim per period (issue 16): each submission claims a month of its own.
    let claims = 0
    const nextMonth = () => {
      const m = 2018 * 12 + claims++
      return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`
    }
    const worker = async () => {
      while (!stop) {
        try {
          const form = await (await fetch(`${base}/applications/new?service=housing-subsidy`, { headers: { cookie } })).text()
          const token = form.match(/name="form_token" value="([^"]+)"/)?.[1]
          if (!token) continue
          const r = await fetch(`${base}/applications`, {
            method: 'POST',
            redirect: 'manual',
            headers: { cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              _csrf: csrf,
              service: 'housing-subsidy',
              form_token: token,
              monthly_amount: '2000',
              period_start: nextMonth(),
              period_months: '1',
              rental_address: '天河路1号',
            }),
          })
          if (r.status === 303) acknowledged.push(r.headers.get('location')!.split('/').pop()!.split('?')[0])
        } catch {
          /* the server died mid-request */
        }
      }
    }
    const workers = [worker(), worker(), worker()]
    while (acknowledged.length < 15) await new Promise((r) => setTimeout(r, 20))
    child.kill('SIGKILL')
    await new Promise((r) => setTimeout(r, 300))
    stop = true
    await Promise.all(workers)
    // the server is really gone (nothing answers on its port) before it is started again
    await expect(fetch(`${base}/healthz`)).rejects.toThrow()

    ;({ base } = await start({ ...env, DEMO_DATA: '0' }, port))
    const list = await (await fetch(`${base}/applications`, { headers: { cookie } })).text()
    const refs = [...list.matchAll(/href="\/applications\/(AJ[0-9A-Z]+)"/g)].map((m) => m[1])
    expect(acknowledged.length).toBeGreaterThanOrEqual(15)
    for (const ref of acknowledged)
      expect(
        refs.filter((r) => r === ref),
        ref,
      ).toHaveLength(1)
    expect(new Set(refs).size).toBe(refs.length)
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
    // the audit chain survived the crash too
    const { spawnSync } = await import('node:child_process')
    const v = spawnSync(TSX, ['src/cli.ts', 'audit:verify'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(v.stdout, v.stderr).toMatch(/^audit ok: \d+ entries$/m)
  }, 180_000)
})
