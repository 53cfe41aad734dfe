/**
 * npm run bench — loopback only, every phase bounded in time. Prints ONE table, then `ratio <name> <value>` lines.
 * Env: DATABASE_URL (MySQL/MariaDB; default a temp SQLite file), BENCH_SECONDS (per load phase, default 5),
 * BENCH_CASES (queue size, default 1,000,000), BENCH_CLOSURES (default 10,000), BENCH_CONNECTIONS (default 10).
 */
import type autocannon from 'autocannon'
import { spawn, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import { TSX, freePort, freshMysqlDatabase, startServer } from '../support/processes.js'
import { loadConfig } from '../../src/config.js'
import { buildDeps, createServices, prepareDatabase } from '../../src/bootstrap.js'
import { createLogger } from '../../src/lib/logger.js'
import { createFieldCrypto, randomToken } from '../../src/lib/crypto.js'
import { MemoryMailer, MemorySms } from '../../src/modules/notifications/transports.js'
import { seedCatalog } from '../../src/modules/catalog/service.js'
import { toTimestamp } from '../../src/db/time.js'
import { seedCases } from './seed-cases.js'
import { signedInCitizen, BENCH_SERVICE, submitBody } from './citizen.js'
import { clusterBench } from './cluster.js'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const CASES = Number(process.env.BENCH_CASES ?? 1_000_000)
const CLOSURES = Number(process.env.BENCH_CLOSURES ?? 10_000)
const rows: [string, string, string][] = []
const ratios: [string, number][] = []
const log = (s: string) => process.stderr.write(`${s}\n`)

/** Runs autocannon in a child process (test/bench/load.ts) so it does not compete with the server for its event loop. */
async function load(
  url: string,
  opts: { method?: 'GET' | 'POST'; headers?: Record<string, string>; bodies?: string[]; rssOf?: number } = {},
): Promise<autocannon.Result & { peakRss: number }> {
  let bodiesFile: string | undefined
  if (opts.bodies) {
    bodiesFile = path.join(os.tmpdir(), `hall-bench-bodies-${process.pid}.txt`)
    fs.writeFileSync(bodiesFile, opts.bodies.join('\n'))
  }
  const arg = JSON.stringify({ url, connections: CONNECTIONS, duration: SECONDS, method: opts.method, headers: opts.headers, bodiesFile })
  const child = spawn(TSX, [path.resolve('test/bench/load.ts'), arg], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  // sample the server process's resident memory while the load runs
  let peakRss = 0
  const sampler = setInterval(() => {
    if (opts.rssOf) peakRss = Math.max(peakRss, rssOf(opts.rssOf))
  }, 100)
  await new Promise((resolve) => child.once('exit', resolve))
  clearInterval(sampler)
  if (bodiesFile) fs.rmSync(bodiesFile, { force: true })
  return { ...(JSON.parse(out) as autocannon.Result), peakRss }
}

/** Resident set size of a process, in bytes (Linux). */
function rssOf(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return Number(kb ?? 0) * 1024
  } catch {
    return 0
  }
}

/** A comparison server (test/bench/serve.ts) in its own process; resolves once it listens. */
async function serveChild(args: string[], env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('listening') && resolve())
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)))
  })
  return { url: `http://127.0.0.1:${port}`, child }
}

function pct(values: number[], p: number) {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-bench-'))
  let databaseUrl: string | undefined
  let drop: (() => Promise<void>) | null = null
  if (process.env.DATABASE_URL) {
    const d = await freshMysqlDatabase(process.env.DATABASE_URL, 'bench')
    databaseUrl = d.url
    drop = d.drop
  }
  const config = loadConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
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
  const { db } = deps
  log(`bench on ${deps.dialect}, ${SECONDS}s per load phase, ${CONNECTIONS} connections`)

  const { t, userId, cookie, csrf } = await signedInCitizen(services)

  // Every server runs as its own process, as in production (the portal exactly as `npm start` runs it),
  // and the load generator in another; this process only prepares data and reads the figures.
  const SUBMITS = 30_000
  const tokens = Array.from({ length: SUBMITS }, () => randomToken(18))
  await services.catalog.add(BENCH_SERVICE) // a copy of talent registration with no required files
  const serverEnv = { DATA_DIR: dataDir, APP_KEY: config.appKey.toString('base64'), ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }

  // 1. ceiling
  const ceilingSrv = await serveChild(['test/bench/serve.ts', 'ceiling'], serverEnv)
  const ceiling = await load(`${ceilingSrv.url}/`)
  ceilingSrv.child.kill()
  rows.push([
    'ceiling: bare @hono/node-server hello',
    `${ceiling.requests.average.toFixed(0)} req/s`,
    `p50 ${ceiling.latency.p50} ms, p99 ${ceiling.latency.p99} ms`,
  ])

  // 2. dashboard: signed-in citizen's "my applications", served by the portal process (production
  // mode, request log at warn: the peer logs nothing either)
  const portal = await startServer({ ...serverEnv, DEMO_DATA: '0', NODE_ENV: 'production', LOG_LEVEL: 'warn', JOBS_IN_PROCESS: '0' })
  const portalPid = portal.child.pid!
  const dash = await load(`${portal.base}/applications`, { headers: { cookie }, rssOf: portalPid })
  const rssDash = dash.peakRss
  if (dash.non2xx) log(`warning: dashboard answered ${dash.non2xx} non-2xx`)
  rows.push([
    'dashboard (/applications, signed in)',
    `${dash.requests.average.toFixed(0)} req/s`,
    `p50 ${dash.latency.p50} ms, p99 ${dash.latency.p99} ms`,
  ])

  // 3. the peer
  const peerSrv = await serveChild(['test/bench/serve.ts', 'peer'], serverEnv)
  const peerRes = await load(`${peerSrv.url}/applications`, { headers: { cookie } })
  peerSrv.child.kill()
  rows.push([
    'peer: Express 5 + Nunjucks, same page',
    `${peerRes.requests.average.toFixed(0)} req/s`,
    `p50 ${peerRes.latency.p50} ms, p99 ${peerRes.latency.p99} ms`,
  ])

  // 4. submit: validation, transaction, event, audit, outbox — one fresh form_token (draft) per request
  for (let i = 0; i < SUBMITS; i += 1000) {
    await db
      .insertInto('drafts')
      .values(
        tokens.slice(i, i + 1000).map((formToken) => ({
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
  const submit = await load(`${portal.base}/applications`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: portal.base },
    bodies: tokens.map((formToken) => submitBody(csrf, formToken)),
    rssOf: portalPid,
  })
  const submitted = await db
    .selectFrom('applications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('serviceCode', '=', BENCH_SERVICE.code)
    .executeTakeFirst()
  rows.push([
    'application submit (POST /applications → 303)',
    `${submit.requests.average.toFixed(0)} submits/s`,
    `p50 ${submit.latency.p50} ms, p99 ${submit.latency.p99} ms, ${Number(submitted?.n)} created, non-3xx ${submit.non2xx - (submit['3xx'] ?? 0) > 0 ? submit.non2xx - (submit['3xx'] ?? 0) : 0}`,
  ])
  portal.child.kill()
  rows.push([
    'RSS of the portal process under load (peak)',
    `${(Math.max(rssDash, submit.peakRss) / 1024 / 1024).toFixed(0)} MB`,
    `dashboard ${(rssDash / 1024 / 1024).toFixed(0)} MB, submit ${(submit.peakRss / 1024 / 1024).toFixed(0)} MB`,
  ])

  // 5. queue at scale
  log(`seeding ${CASES.toLocaleString()} cases…`)
  const t0 = Date.now()
  await seedCases(db, CASES, userId)
  rows.push([`seed ${CASES.toLocaleString()} cases`, `${((Date.now() - t0) / 1000).toFixed(1)} s`, ''])
  const time = async (fn: () => Promise<unknown>, n = 50) => {
    const ms: number[] = []
    for (let i = 0; i < n; i++) {
      const s = performance.now()
      await fn()
      ms.push(performance.now() - s)
    }
    return { median: pct(ms, 50), p99: pct(ms, 99) }
  }
  const firstPage = await time(() => services.applications.queuePage({}, 21))
  const filtered = await time(() => services.applications.queuePage({ status: 'submitted', service: 'housing-subsidy' }, 21))
  const overdue = await time(() => services.applications.queuePage({ overdueBefore: '2026-06-01' }, 21))
  const page50 = await services.applications.queuePage({}, 1000)
  const deep = await time(() => services.applications.queuePage({ afterId: page50[page50.length - 1].id }, 21))
  const counts = await time(() => services.applications.countsByStatus(), 10)
  rows.push([
    `queue first page (${CASES.toLocaleString()} cases)`,
    `median ${firstPage.median.toFixed(2)} ms`,
    `p99 ${firstPage.p99.toFixed(2)} ms`,
  ])
  rows.push(['queue filtered: status + service', `median ${filtered.median.toFixed(2)} ms`, `p99 ${filtered.p99.toFixed(2)} ms`])
  rows.push(['queue filtered: overdue', `median ${overdue.median.toFixed(2)} ms`, `p99 ${overdue.p99.toFixed(2)} ms`])
  rows.push(['queue page 50 (keyset)', `median ${deep.median.toFixed(2)} ms`, `p99 ${deep.p99.toFixed(2)} ms`])
  rows.push(['queue counts per status (GROUP BY)', `median ${counts.median.toFixed(2)} ms`, `p99 ${counts.p99.toFixed(2)} ms`])

  // 6. closure job on many accounts
  log(`preparing ${CLOSURES.toLocaleString()} closures…`)
  const pastT = toTimestamp(new Date(Date.now() - 86_400_000))
  for (let i = 0; i < CLOSURES; i += 500) {
    await db.transaction().execute(async (trx) => {
      const n = Math.min(500, CLOSURES - i)
      await trx
        .insertInto('users')
        .values(
          Array.from({ length: n }, (_, k) => ({
            phone: `17${String(i + k).padStart(9, '0')}`,
            passwordHash: null,
            status: 'closing' as const,
            failedLogins: 0,
            lockedUntil: null,
            email: null,
            emailVerifiedAt: null,
            realName: '待注销',
            idNumberEnc: deps.crypto.encrypt('x'),
            idNumberBidx: `b${i + k}`,
            idNumberMasked: null,
            birthDate: null,
            sex: null,
            bankName: null,
            bankAccountEnc: null,
            bankAccountMasked: null,
            verifiedAt: null,
            verificationMethod: null,
            createdAt: t,
            updatedAt: t,
            closedAt: null,
          })),
        )
        .execute()
      const ids = await trx
        .selectFrom('users')
        .select(['id', 'phone'])
        .where('phone', '>=', `17${String(i).padStart(9, '0')}`)
        .where('phone', '<', `17${String(i + n).padStart(9, '0')}`)
        .execute()
      await trx
        .insertInto('closureRequests')
        .values(
          ids.map((u) => ({
            ref: `ZXB${u.id}`,
            userId: u.id,
            status: 'requested' as const,
            channel: 'online' as const,
            reason: null,
            staffId: null,
            verificationMethod: null,
            note: null,
            contactEnc: null,
            requestedAt: pastT,
            executeAfter: pastT,
            dueDate: '2099-01-01',
            completedAt: null,
            cancelledAt: null,
          })),
        )
        .execute()
      await trx
        .insertInto('jobs')
        .values(
          ids.map((u) => ({
            kind: 'account-closure',
            payload: JSON.stringify({ ref: `ZXB${u.id}` }),
            uniqueKey: `closure:ZXB${u.id}`,
            status: 'queued' as const,
            runAt: pastT,
            attempts: 0,
            maxAttempts: 10,
            lockedBy: null,
            lockedUntil: null,
            progress: null,
            lastError: null,
            createdAt: pastT,
            finishedAt: null,
          })),
        )
        .execute()
    })
  }
  const c0 = Date.now()
  await services.jobs.runDue()
  const closedN = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'closed')
    .executeTakeFirst()
  rows.push([
    `closure job on ${CLOSURES.toLocaleString()} accounts`,
    `${((Date.now() - c0) / 1000).toFixed(1)} s`,
    `${Number(closedN?.n)} closed`,
  ])

  await deps.destroy()
  if (drop) await drop()
  fs.rmSync(dataDir, { recursive: true, force: true })

  // three portal nodes on a private Galera cluster (test/bench/cluster.ts); 2 cores cannot scale it
  log('cluster: 1, 2 and 3 portal nodes on a 3-node Galera cluster')
  const clusterRows = await clusterBench()
  rows.push(...clusterRows)
  const rps = clusterRows.map((r) => Number(/^(\d+) req\/s/.exec(r[1])?.[1] ?? NaN))
  if (rps.length === 3 && rps.every(Number.isFinite)) ratios.push(['cluster/3-nodes-vs-1', rps[2] / rps[0]])

  ratios.push(['dashboard/ceiling', dash.requests.average / ceiling.requests.average])
  ratios.push(['dashboard/peer', dash.requests.average / peerRes.requests.average])
  const w = Math.max(...rows.map((r) => r[0].length)) + 2
  console.log(`| ${'measure'.padEnd(w)} | ${'value'.padEnd(22)} | detail |`)
  console.log(`|${'-'.repeat(w + 2)}|${'-'.repeat(24)}|--------|`)
  for (const [a, b, c] of rows) console.log(`| ${a.padEnd(w)} | ${b.padEnd(22)} | ${c} |`)
  for (const [n, v] of ratios) console.log(`ratio ${n} ${v.toFixed(2)}`)
  process.exit(0)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
