import { afterAll, describe, expect, it } from 'vitest'
import type { ChildProcess } from 'node:child_process'
import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import { HttpBrowser as Browser, freshMysqlDatabase, startServer } from '../support/processes.js'

/** Two app processes on one database: nothing that matters lives in one node's memory. */
const children: ChildProcess[] = []
const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL')
  for (const f of cleanups) await f()
})

async function node(env: Record<string, string>) {
  const { base, child } = await startServer(env)
  children.push(child)
  return base
}

describe('two app processes on one database', () => {
  it('share sessions, rate limits and revocation', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-2n-'))
    cleanups.push(() => fs.promises.rm(dataDir, { recursive: true, force: true }))
    const env: Record<string, string> = { DATA_DIR: dataDir, APP_KEY: Buffer.alloc(32, 5).toString('base64') }
    if (process.env.DATABASE_URL) {
      const d = await freshMysqlDatabase(process.env.DATABASE_URL, 't2n')
      cleanups.push(d.drop)
      env.DATABASE_URL = d.url
    }
    const a = await node({ ...env, DEMO_DATA: '1' })
    const b = await node({
      ...env,
      DEMO_DATA: '0',
      DATA_DIR: env.DATABASE_URL ? fs.mkdtempSync(path.join(os.tmpdir(), 'hall-2n-b-')) : dataDir,
    })

    const user = new Browser()
    const login = await user.post(a, '/login', { phone: '13800138000', password: 'demo1234' }, '/login')
    expect(login.status).toBe(303)
    expect((await user.req(`${b}/me`)).status).toBe(200) // session made on A, valid on B

    const phone = '13911112222'
    const anon = new Browser()
    expect((await anon.post(a, '/auth/sms-code', { phone, purpose: 'register' }, '/register')).status).toBe(303)
    expect((await anon.post(b, '/auth/sms-code', { phone, purpose: 'register' }, '/register')).status).toBe(429) // limit held across nodes

    const stale = new Browser() // the same cookie, kept by another tab / a thief
    stale.cookies = new Map(user.cookies)
    expect((await user.post(a, '/logout', {}, '/me')).status).toBe(303)
    expect((await stale.req(`${b}/me`)).status).toBe(303) // revoked on A, refused on B
  }, 120_000)
})
