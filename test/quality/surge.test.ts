/**
 * 申报首日 in small (issue 21): 40 citizens open the form and submit at once against a portal process that admits
 * 1 request at a time with 1 more waiting. Everyone beyond gets the 429 排队 page and tries again. Asserted: no
 * 5xx at all, every acknowledged (303) submission exists exactly once, and the queue page was really used.
 * Never timings (the bench's surge phase measures those).
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { ChildProcess } from 'node:child_process'
import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import { freshMysqlDatabase, startServer } from '../support/processes.js'
import { loadConfig } from '../../src/config.js'
import { buildDeps, createServices, prepareDatabase } from '../../src/bootstrap.js'
import { createLogger } from '../../src/lib/logger.js'
import { MemoryMailer, MemorySms } from '../../src/modules/notifications/transports.js'
import { seedCatalog } from '../../src/modules/catalog/service.js'
import { signedInCitizen, BENCH_SERVICE } from '../bench/citizen.js'
import { surge } from '../bench/surge-client.js'

const children: ChildProcess[] = []
const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL')
  for (const f of cleanups.reverse()) await f()
})

describe('opening-day surge', () => {
  it('answers no 5xx and loses no acknowledged submission', { timeout: 180_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-surge-'))
    cleanups.push(() => fs.promises.rm(dataDir, { recursive: true, force: true }))
    const appKey = Buffer.alloc(32, 5).toString('base64')
    const env: Record<string, string> = { DATA_DIR: dataDir, APP_KEY: appKey }
    if (process.env.DATABASE_URL) {
      const d = await freshMysqlDatabase(process.env.DATABASE_URL, 'tsg')
      cleanups.push(d.drop)
      env.DATABASE_URL = d.url
    }
    const config = loadConfig({ ...env, LOG_LEVEL: 'silent', NODE_ENV: 'production' })
    const deps = buildDeps(config, { logger: createLogger('silent'), mailer: new MemoryMailer(), sms: new MemorySms() })
    cleanups.push(() => deps.destroy())
    const services = createServices(deps)
    await prepareDatabase(services, { demo: false })
    await seedCatalog(services.catalog)
    await services.catalog.add(BENCH_SERVICE)
    const citizens = []
    for (let i = 1; i <= 40; i++) citizens.push(await signedInCitizen(services, i, 0))

    const portal = await startServer({
      ...env,
      DEMO_DATA: '0',
      NODE_ENV: 'production',
      ADMISSION_CONCURRENCY: '1',
      ADMISSION_QUEUE: '1',
      ADMISSION_WAIT_MS: '10',
      ADMISSION_RETRY_AFTER_S: '1',
    })
    children.push(portal.child)
    const r = await surge({ base: portal.base, users: citizens, until: Date.now() + 3000, maxWaitS: 1 })

    expect(r.errors).toBe(0)
    expect(r.other).toEqual({})
    expect(r.queued).toBeGreaterThan(0) // the surge really went past the admission limit
    expect(r.acknowledged.length).toBeGreaterThanOrEqual(40)
    const stored = await deps.db.selectFrom('applications').select('ref').where('serviceCode', '=', BENCH_SERVICE.code).execute()
    const refs = stored.map((s) => s.ref)
    expect(new Set(r.acknowledged).size).toBe(r.acknowledged.length)
    expect(r.acknowledged.filter((ref) => !refs.includes(ref))).toEqual([]) // none lost
    expect(refs.length).toBe(r.acknowledged.length) // and nothing stored that was not acknowledged
  })
})
