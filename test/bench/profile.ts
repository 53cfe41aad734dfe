/**
 * Profile one hot path in process, without the network or a load generator:
 *   npx tsx test/bench/profile.ts                  # the signed-in dashboard (GET /applications)
 *   PROFILE=submit npx tsx test/bench/profile.ts   # application submit (POST /applications)
 * Prints the mean time per request and writes test-results/profiles/${PROFILE}.cpuprofile covering only
 * the measured loop (not start-up or seeding); open it in Chrome DevTools (Performance tab).
 * Env: PROFILE_PATH (default /applications), PROFILE_REQUESTS (default 3000), DATABASE_URL,
 * PROFILE_HTTP=1 (serve over loopback and drive it with test/bench/load.ts for 5 s instead), PROFILE_SAMPLE=0 (time
 * only, no profile: to compare two versions without the sampler's own cost).
 */
import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import { Session } from 'node:inspector/promises'
import { spawn } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { TSX, freshMysqlDatabase } from '../support/processes.js'
import { loadConfig } from '../../src/config.js'
import { buildDeps, createServices, prepareDatabase } from '../../src/bootstrap.js'
import { createApp } from '../../src/app.js'
import { createLogger } from '../../src/lib/logger.js'
import { createFieldCrypto } from '../../src/lib/crypto.js'
import { MemoryMailer, MemorySms } from '../../src/modules/notifications/transports.js'
import { seedCatalog } from '../../src/modules/catalog/service.js'
import { signedInCitizen, BENCH_SERVICE, submitBody } from './citizen.js'
import { randomToken } from '../../src/lib/crypto.js'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-prof-'))
const mysql = process.env.DATABASE_URL ? await freshMysqlDatabase(process.env.DATABASE_URL, 'prof') : null
const config = loadConfig({
  DATA_DIR: dataDir,
  DATABASE_URL: mysql?.url,
  APP_KEY: Buffer.alloc(32, 3).toString('base64'),
  LOG_LEVEL: 'silent',
  NODE_ENV: 'production',
})
const deps = buildDeps(config, {
  logger: createLogger('silent'),
  mailer: new MemoryMailer(),
  sms: new MemorySms(),
  crypto: createFieldCrypto(config.appKey),
})
const services = createServices(deps)
await prepareDatabase(services, { demo: false })
await seedCatalog(services.catalog)
const { cookie, csrf, userId, t } = await signedInCitizen(services)
const PROFILE = process.env.PROFILE ?? 'dashboard'
const n = Number(process.env.PROFILE_REQUESTS ?? 3000)
// submit: one draft (form_token) per request, for a copy of a service with no required files
const tokens = Array.from({ length: n + 200 }, () => randomToken(18))
if (PROFILE === 'submit') {
  await services.catalog.add(BENCH_SERVICE)
  for (let i = 0; i < tokens.length; i += 500)
    await deps.db
      .insertInto('drafts')
      .values(
        tokens.slice(i, i + 500).map((formToken) => ({
          userId,
          enterpriseId: null,
          serviceCode: BENCH_SERVICE.code,
          formToken,
          data: '{}',
          createdAt: t,
          updatedAt: t,
        })),
      )
      .execute()
}
let k = 0
const request = (url: string) =>
  PROFILE === 'submit'
    ? app.request(url, {
        method: 'POST',
        headers: { cookie, origin: 'http://127.0.0.1', 'content-type': 'application/x-www-form-urlencoded' },
        body: submitBody(csrf, tokens[k++]),
      })
    : app.request(url, { headers: { cookie } })
const app = createApp(services)
const url = `http://127.0.0.1${process.env.PROFILE_PATH ?? '/applications'}`
const ok = PROFILE === 'submit' ? 303 : 200
for (let i = 0; i < 200; i++) await (await request(url)).text()
// PROFILE_SAMPLE=0: time only, without the sampling profiler (which costs CPU of its own), to compare two versions
const sampling = process.env.PROFILE_SAMPLE !== '0'
const inspector = new Session()
inspector.connect()
if (sampling) {
  await inspector.post('Profiler.enable')
  await inspector.post('Profiler.start')
}
const t0 = performance.now()
if (process.env.PROFILE_HTTP) {
  // through the network: the portal serves, test/bench/load.ts (another process) drives it for 5 s
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}${process.env.PROFILE_PATH ?? '/applications'}`
  const child = spawn(TSX, ['test/bench/load.ts', JSON.stringify({ url: target, connections: 10, duration: 5, headers: { cookie } })], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  const cpu0 = process.cpuUsage()
  await new Promise((r) => child.once('exit', r))
  const cpu = process.cpuUsage(cpu0)
  const res = JSON.parse(out) as { requests: { average: number; total: number }; latency: { p50: number; p99: number } }
  // CPU time of this process per answered request: steadier than req/s on a machine others share
  const cpuPerRequest = Math.round((cpu.user + cpu.system) / Math.max(1, res.requests.total))
  console.log(
    `${res.requests.average} req/s over HTTP, p50 ${res.latency.p50} ms, p99 ${res.latency.p99} ms, ${cpuPerRequest} µs CPU per request`,
  )
  server.close()
} else {
  const cpu0 = process.cpuUsage()
  for (let i = 0; i < n; i++) {
    const r = await request(url)
    if (r.status !== ok) throw new Error(`status ${r.status}`)
    await r.text()
  }
  const cpu = process.cpuUsage(cpu0)
  console.log(
    `${((performance.now() - t0) / n).toFixed(3)} ms per request, ${Math.round((cpu.user + cpu.system) / n)} µs CPU (${n} requests, ${deps.dialect})`,
  )
}
if (process.env.DEBUG_SQLT)
  console.log(
    Object.entries((globalThis as { __t?: Record<string, number> }).__t ?? {})
      .map(([k, v]) => `${((v / n) * 1000).toFixed(1)}us ${k}`)
      .join('\n'),
  )
if (sampling) {
  const { profile } = await inspector.post('Profiler.stop')
  fs.mkdirSync('test-results/profiles', { recursive: true })
  fs.writeFileSync(`test-results/profiles/${PROFILE}.cpuprofile`, JSON.stringify(profile))
}
await deps.destroy()
await mysql?.drop()
fs.rmSync(dataDir, { recursive: true, force: true })
