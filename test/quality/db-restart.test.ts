import { afterAll, describe, expect, it } from 'vitest'
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { HttpBrowser, startServer } from '../support/processes.js'
import { privateMariadb, type PrivateMariadb } from '../support/mariadb.js'

/**
 * MariaDB stopped and started while requests flow: meanwhile the portal answers 503 with Retry-After
 * (no crash, no hanging request), and within 5 s of the database being back it serves pages and
 * accepts submissions again. Uses a private mariadbd (own datadir and port) so the shared server
 * other tests run on is never touched; the test is the same in both CI runs.
 */
let mdb: PrivateMariadb | undefined
let server: ChildProcess | undefined
afterAll(async () => {
  server?.kill('SIGKILL')
  await mdb?.destroy()
})

interface Sample {
  at: number
  status: number
  ms: number
}

describe('database stopped and started under load', () => {
  it('answers 503 while it is down, never hangs, and recovers within 5 s', async () => {
    mdb = await privateMariadb()
    const { createConnection } = await import('mysql2/promise')
    const admin = await createConnection({ host: '127.0.0.1', port: mdb.port, user: 'root' })
    await admin.query('CREATE DATABASE hall CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci')
    await admin.end()
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-dbr-'))
    const started = await startServer({
      DATA_DIR: dataDir,
      APP_KEY: Buffer.alloc(32, 7).toString('base64'),
      DATABASE_URL: mdb.url('hall'),
      DEMO_DATA: '1',
      JOBS_IN_PROCESS: '1',
    })
    server = started.child
    const base = started.base
    const user = new HttpBrowser()
    expect((await user.post(base, '/login', { phone: '13800138000', password: 'demo1234' }, '/login')).status).toBe(303)

    // four clients keep asking for the signed-in list page (session check + queries) and /healthz
    const samples: Sample[] = []
    let stop = false
    const client = async (path: string) => {
      while (!stop) {
        const t0 = Date.now()
        let status: number
        try {
          const res = await fetch(`${base}${path}`, {
            headers: { cookie: [...user.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
            redirect: 'manual',
            signal: AbortSignal.timeout(8000),
          })
          await res.arrayBuffer()
          status = res.status
          if (status === 503) expect(res.headers.get('retry-after')).toBe('5')
        } catch {
          status = -1 // no answer: connection refused (crash) or timed out (hang)
        }
        samples.push({ at: t0, status, ms: Date.now() - t0 })
        await new Promise((r) => setTimeout(r, 25))
      }
    }
    const clients = [client('/applications'), client('/applications'), client('/me'), client('/healthz')]
    const waitFor = async (pred: () => boolean, ms: number) => {
      const until = Date.now() + ms
      while (!pred() && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
      return pred()
    }
    expect(await waitFor(() => samples.filter((s) => s.status === 200).length >= 40, 15_000)).toBe(true)

    const stoppedAt = Date.now()
    await mdb.stop()
    const downFrom = Date.now()
    await new Promise((r) => setTimeout(r, 3000))
    const during = samples.filter((s) => s.at >= downFrom && s.at < downFrom + 3000)
    const restartAt = Date.now()
    await mdb.start()
    const upAt = Date.now()
    const recovered = await waitFor(
      () =>
        samples.some((s) => s.at >= upAt && s.status === 200) &&
        samples
          .filter((s) => s.at >= upAt)
          .slice(-4)
          .every((s) => s.status === 200),
      10_000,
    )
    const firstOk = samples.find((s) => s.at >= upAt && s.status === 200)
    stop = true
    await Promise.all(clients)

    // while it was down: only 503s, answered quickly, the process alive
    expect(during.length).toBeGreaterThan(20)
    expect(new Set(during.map((s) => s.status))).toEqual(new Set([503]))
    expect(Math.max(...during.map((s) => s.ms))).toBeLessThan(2000)
    // around the stop and the start: every request got an answer (200 or 503), none hung or was refused
    const around = samples.filter((s) => s.at >= stoppedAt - 500)
    expect(around.filter((s) => s.status !== 200 && s.status !== 503)).toEqual([])
    expect(server.exitCode).toBeNull()
    // back within 5 s of the database accepting connections
    expect(recovered).toBe(true)
    expect(firstOk!.at + firstOk!.ms - upAt).toBeLessThan(5000)
    expect(restartAt).toBeGreaterThan(stoppedAt)

    // and writes work again: the pool is not left holding dead connections
    const form = await user.req(`${base}/applications/new?service=housing-subsidy`)
    const token = form.text.match(/name="form_token" value="([^"]+)"/)![1]
    const submit = await user.post(
      base,
      '/applications',
      {
        service: 'housing-subsidy',
        form_token: token,
        monthly_amount: '2000',
        period_start: '2026-01',
        period_months: '6',
        rental_address: '天河路1号',
      },
      '/applications',
    )
    expect(submit.status).toBe(303)
    expect(submit.location).toMatch(/^\/applications\/AJ/)
  }, 120_000)
})
