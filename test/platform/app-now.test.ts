import { afterAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import { loadConfig } from '../../src/config.js'
import { buildDeps, createServices, prepareDatabase } from '../../src/bootstrap.js'
import { createApp } from '../../src/app.js'
import { FakeClock, startingClock } from '../../src/lib/clock.js'
import { beijingDate, formatCst, today } from '../../src/lib/time.js'
import { SERVER_ENTRY, freshMysqlDatabase } from '../support/processes.js'
import { visibleText } from '../support/client.js'
import { citizen, makeIdNumber } from '../support/fixtures.js'
import type { TestContext } from '../support/context.js'

/** APP_NOW (shared/CONTRACT.md): the instant the portal's clock starts at, development and test only. */
const dirs: string[] = []
const drops: (() => Promise<void>)[] = []
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-now-'))
  dirs.push(d)
  return d
}
afterAll(async () => {
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }))
  for (const d of drops) await d()
})
const KEY = Buffer.alloc(32, 3).toString('base64')

describe('APP_NOW in the configuration', () => {
  it('is read as an instant; unset means the real time', () => {
    expect(loadConfig({ DATA_DIR: tmp(), APP_NOW: '2026-03-01T00:30:00+08:00' }).appNow?.toISOString()).toBe('2026-02-28T16:30:00.000Z')
    expect(loadConfig({ DATA_DIR: tmp(), APP_NOW: '2026-03-01T08:00Z' }).appNow?.toISOString()).toBe('2026-03-01T08:00:00.000Z')
    expect(loadConfig({ DATA_DIR: tmp() }).appNow).toBeNull()
  })

  it.each(['tomorrow', '2026-03-01', '2026-03-01T10:00:00', '2026-02-30T10:00:00Z', '2026-13-01T10:00:00Z', '2026-03-01T24:00:00Z'])(
    'refuses %j, naming APP_NOW',
    (value) => {
      expect(() => loadConfig({ DATA_DIR: tmp(), APP_NOW: value })).toThrow(/APP_NOW/)
    },
  )

  it('is refused with NODE_ENV=production, naming the variable', () => {
    expect(() => loadConfig({ DATA_DIR: tmp(), NODE_ENV: 'production', APP_KEY: KEY, APP_NOW: '2026-03-01T00:30:00+08:00' })).toThrow(
      /APP_NOW.*development and test only/,
    )
  })

  it('the clock starts there and then runs on', () => {
    const base = new FakeClock('2030-01-01T00:00:00.000Z')
    const clock = startingClock(new Date('2026-03-01T00:30:00+08:00'), base)
    expect(clock.now().toISOString()).toBe('2026-02-28T16:30:00.000Z')
    base.advanceMinutes(90)
    expect(clock.now().toISOString()).toBe('2026-02-28T18:00:00.000Z')
    expect(today(clock)).toBe('2026-03-01')
  })
})

describe('a portal built with APP_NOW', () => {
  it('shows that date and counts ages on it (00:30 in Beijing, still 28 February in UTC)', async () => {
    let databaseUrl: string | undefined
    if (process.env.DATABASE_URL) {
      const d = await freshMysqlDatabase(process.env.DATABASE_URL, 'tn')
      drops.push(() => d.drop())
      databaseUrl = d.url
    }
    const config = loadConfig({
      DATA_DIR: tmp(),
      APP_KEY: KEY,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      APP_NOW: '2026-03-01T00:30:00+08:00',
    })
    // the same wiring as src/server.ts
    const deps = buildDeps(config)
    const services = createServices(deps)
    await prepareDatabase(services, { demo: false })
    const app = createApp(services)
    try {
      const started = deps.clock.now().getTime()
      expect(started).toBeGreaterThanOrEqual(Date.parse('2026-02-28T16:30:00Z'))
      expect(started).toBeLessThan(Date.parse('2026-02-28T16:35:00Z'))
      expect(beijingDate(deps.clock.now())).toBe('2026-03-01')

      const ctx = { app, services, deps, clock: deps.clock, config } as unknown as TestContext
      const { client } = await citizen(ctx, { verified: false })
      await client.get('/me/identity')
      const form = {
        real_name: '王小红',
        id_number: makeIdNumber('20100301'), // 16 today in Beijing, 15 by the UTC date
        bank_name: '中国银行',
        bank_account: '100200300400',
      }
      const r = await client.post('/me/identity', form)
      expect(r.status).toBe(422)
      expect(visibleText(r.text)).toContain('未满18周岁须填写监护人姓名')
      const ok = await client.post('/me/identity', {
        ...form,
        guardian_name: '王大红',
        guardian_relation: '母亲',
        guardian_phone: '13900001111',
      })
      expect(ok.status).toBe(303)
      const me = visibleText((await client.get('/me/account')).text)
      expect(me).toMatch(/已实名认证 2026-03-01 00:3\d/)
      // the clock runs on: what was stored is at or after the start, never the real time of this machine
      const row = await deps.db.selectFrom('users').select('verifiedAt').where('realName', '=', '王小红').executeTakeFirstOrThrow()
      expect(formatCst(row.verifiedAt)).toMatch(/^2026-03-01 00:3\d$/)
    } finally {
      await services.jobs.stop()
      await deps.destroy()
    }
  })

  it('a production server refuses to start with APP_NOW and names it', () => {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      DATA_DIR: tmp(),
      NODE_ENV: 'production',
      APP_KEY: KEY,
      APP_NOW: '2026-03-01T00:30:00+08:00',
    }
    const r = spawnSync(process.execPath, [SERVER_ENTRY], { env, encoding: 'utf8', timeout: 60_000 })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('APP_NOW')
  })
})
