/**
 * npm run bench — loopback only, every phase bounded in time. Prints ONE table, then `ratio <name> <value>` lines.
 * Env: DATABASE_URL (MySQL/MariaDB; default a temp SQLite file), BENCH_SECONDS (per load phase, default 5), BENCH_WARMUP_SECONDS (unmeasured load before each GET phase, default 5),
 * BENCH_ROUNDS (dashboard, floor and peer interleaved in rounds, medians reported; default 3),
 * BENCH_CASES (queue size, default 1,000,000), BENCH_CLOSURES (default 10,000), BENCH_CONNECTIONS (default 10).
 * Phases: `npm run bench -- dashboard floor peer` runs only those (and what they need); no names: all of them.
 * ceiling · dashboard (also at 64 connections) · floor · peer · submit · submit-single · submit-floor · surge · queue · closure · cluster
 */
import type autocannon from 'autocannon'
import { spawn, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import { SERVER_BUILD, TSX, buildServer, freePort, freshMysqlDatabase, startServer } from '../support/processes.js'
import { loadConfig } from '../../src/config.js'
import { buildDeps, createServices, prepareDatabase } from '../../src/bootstrap.js'
import { createLogger } from '../../src/lib/logger.js'
import { createFieldCrypto, randomToken } from '../../src/lib/crypto.js'
import { MemoryMailer, MemorySms } from '../../src/modules/notifications/transports.js'
import { seedCatalog } from '../../src/modules/catalog/service.js'
import * as identityRepo from '../../src/modules/identity/repository.js'
import { seedCases } from './seed-cases.js'
import { signedInCitizen, BENCH_SERVICE, submitBody } from './citizen.js'
import { clusterBench } from './cluster.js'
import { closureBench } from './closure.js'
import { surgeBench } from './surge.js'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
/** Seconds of load before each GET phase, not measured (the JIT's warm-up). */
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 5)
/** Rounds of dashboard, floor and peer, interleaved; each figure is the median over them. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3))
const CASES = Number(process.env.BENCH_CASES ?? 1_000_000)
const CLOSURES = Number(process.env.BENCH_CLOSURES ?? 10_000)
const PHASES = ['ceiling', 'dashboard', 'floor', 'peer', 'submit', 'submit-single', 'submit-floor', 'surge', 'queue', 'closure', 'cluster']
const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'))
for (const a of asked) if (!PHASES.includes(a)) throw new Error(`unknown phase ${a}; phases: ${PHASES.join(' ')}`)
const want = (phase: string) => asked.length === 0 || asked.includes(phase)
const rows: [string, string, string][] = []
const ratios: [string, number][] = []
const log = (s: string) => process.stderr.write(`${s}\n`)

/** Runs autocannon in a child process (test/bench/load.ts) so it does not compete with the server for its event loop. */
async function load(
  url: string,
  opts: {
    method?: 'GET' | 'POST'
    headers?: Record<string, string>
    bodies?: string[]
    rssOf?: number
    connections?: number
    duration?: number
  } = {},
): Promise<autocannon.Result & { peakRss: number }> {
  let bodiesFile: string | undefined
  if (opts.bodies) {
    bodiesFile = path.join(os.tmpdir(), `hall-bench-bodies-${process.pid}.txt`)
    fs.writeFileSync(bodiesFile, opts.bodies.join('\n'))
  }
  const arg = JSON.stringify({
    url,
    connections: opts.connections ?? CONNECTIONS,
    duration: opts.duration ?? SECONDS,
    method: opts.method,
    headers: opts.headers,
    bodiesFile,
  })
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

/**
 * Load a server for WARMUP seconds and throw the figures away: every server is measured warm (its code optimised by
 * the JIT, its caches filled), not in its first seconds, which would favour the one with the least code.
 */
async function warm(url: string, headers?: Record<string, string>) {
  if (WARMUP > 0) await load(url, { headers, duration: WARMUP })
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

/**
 * A comparison server (test/bench/serve.ts: ceiling, floor or peer) in its own process, compiled as the portal is
 * (buildServer with the bench's servers), so that none of them runs under tsx; resolves once it listens.
 */
async function serveChild(mode: 'ceiling' | 'floor' | 'peer', env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort()
  const child = spawn(process.execPath, [`${SERVER_BUILD}/test/bench/serve.js`, mode], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('listening') && resolve())
    child.once('exit', (code) => reject(new Error(`serve ${mode} exited with ${code}`)))
  })
  return { url: `http://127.0.0.1:${port}`, child }
}

function pct(values: number[], p: number) {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

async function main() {
  // the portal runs as `npm start` runs it, compiled, without tsx (decision 0297), and so do the servers it is compared with
  buildServer({ bench: true })
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
  log(`bench on ${deps.dialect}, ${SECONDS}s per load phase, ${CONNECTIONS} connections; phases: ${PHASES.filter(want).join(' ')}`)

  const { t, userId, cookie, csrf } = await signedInCitizen(services)

  // Every server runs as its own process, as in production (the portal exactly as `npm start` runs it),
  // and the load generator in another; this process only prepares data and reads the figures.
  await services.catalog.add(BENCH_SERVICE) // a copy of talent registration with no required files
  const serverEnv = { DATA_DIR: dataDir, APP_KEY: config.appKey.toString('base64'), ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }
  /** `n` fresh drafts (one form_token per submission). */
  const drafts = async (n: number) => {
    const tokens = Array.from({ length: n }, () => randomToken(18))
    for (let i = 0; i < n; i += 1000)
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
    return tokens
  }
  const line = (name: string, r: { requests: { average: number }; latency: { p50: number; p99: number } }, unit = 'req/s') =>
    rows.push([name, `${r.requests.average.toFixed(0)} ${unit}`, `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`])
  const figures: Record<string, number> = {}
  /** Ratios of phases measured in rounds: the median of the per-round ratios. */
  const paired: Record<string, number | undefined> = {}

  if (want('ceiling')) {
    const srv = await serveChild('ceiling', serverEnv)
    await warm(`${srv.url}/`)
    const r = await load(`${srv.url}/`)
    srv.child.kill()
    line('ceiling: bare @hono/node-server hello', r)
    figures.ceiling = r.requests.average
  }

  // ADMISSION_* and GROUP_COMMIT_* from the bench's environment reach the portal, to compare settings
  const tuning = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => /^(ADMISSION|GROUP_COMMIT)_/.test(e[0]) && e[1] !== undefined),
  )
  // BENCH_NODE_OPTIONS reaches the portal as NODE_OPTIONS (V8 flags such as --max-semi-space-size, to compare)
  if (process.env.BENCH_NODE_OPTIONS) tuning.NODE_OPTIONS = process.env.BENCH_NODE_OPTIONS
  // the portal exactly as `npm start` runs it (production mode, request log at warn: the peer logs nothing either)
  const needPortal = want('dashboard') || want('submit')
  const portal = needPortal
    ? await startServer({ ...serverEnv, DEMO_DATA: '0', NODE_ENV: 'production', LOG_LEVEL: 'warn', JOBS_IN_PROCESS: '0', ...tuning })
    : null
  const portalPid = portal?.child.pid ?? 0
  let rssDash = 0
  // Dashboard, floor and peer are measured in ROUNDS rounds, one phase of each per round (A B C A B C …), and each
  // figure is the median over the rounds: on this shared VM the same server moves by up to 2× between runs a minute
  // apart, and interleaving keeps that drift from landing on one side of a ratio. The ratios are the medians of the
  // per-round ratios.
  const pages = {
    dashboard: portal && want('dashboard') ? { base: portal.base, headers: { cookie }, rssOf: portalPid } : null,
    floor: want('floor') ? { srv: await serveChild('floor', { ...serverEnv, BENCH_COOKIE: cookie }) } : null,
    peer: want('peer') ? { srv: await serveChild('peer', serverEnv) } : null,
  }
  if (pages.peer) {
    const { srv } = pages.peer
    // the same page, or the ratio compares unequal work: the peer's must hold the citizen's 20 cases, newest first,
    // and be as long as the portal's (the CSRF token differs per response, its length does not)
    const page = await (await fetch(`${srv.url}/applications`, { headers: { cookie } })).text()
    const refs = [...page.matchAll(/href="\/applications\/(RC\d+)"/g)].map((m) => m[1])
    const portalPage = portal ? await (await fetch(`${portal.base}/applications`, { headers: { cookie } })).text() : null
    const portalRefs = portalPage ? [...portalPage.matchAll(/href="\/applications\/(RC\d+)"/g)].map((m) => m[1]) : null
    if (refs.length !== 20 || (portalRefs && refs.join() !== portalRefs.join()))
      throw new Error(`peer: its page lists ${refs.length} cases (${refs[0] ?? 'none'} first), not the portal's`)
    log(`  peer: ${Buffer.byteLength(page)} bytes${portalPage ? `, portal ${Buffer.byteLength(portalPage)} bytes` : ''}, ${refs[0]} first`)
  }
  type Target = { name: 'dashboard' | 'floor' | 'peer'; url: string; headers?: Record<string, string>; rssOf?: number }
  const targets: Target[] = []
  if (pages.dashboard)
    targets.push({ name: 'dashboard', url: `${pages.dashboard.base}/applications`, headers: { cookie }, rssOf: portalPid })
  if (pages.floor) targets.push({ name: 'floor', url: `${pages.floor.srv.url}/applications` })
  if (pages.peer) targets.push({ name: 'peer', url: `${pages.peer.srv.url}/applications`, headers: { cookie } })
  for (const t of targets) await warm(t.url, t.headers)
  const rounds: Record<string, Awaited<ReturnType<typeof load>>[]> = {}
  for (let round = 0; round < ROUNDS; round++)
    for (const { name, ...t } of targets) {
      const r = await load(t.url, { headers: t.headers, rssOf: t.rssOf })
      if (r.non2xx) log(`warning: ${name} answered ${r.non2xx} non-2xx`)
      if (name === 'dashboard') rssDash = Math.max(rssDash, r.peakRss)
      ;(rounds[name] ??= []).push(r)
    }
  const LABELS = {
    dashboard: 'dashboard (/applications, signed in)',
    floor: "floor: bare @hono/node-server, the dashboard's statements, same body",
    peer: 'peer: Express 5 + Nunjucks, same page',
  }
  for (const { name } of targets) {
    const rs = rounds[name]
    const mid = [...rs].sort((a, b) => a.requests.average - b.requests.average)[Math.floor(rs.length / 2)]
    const each = rs.map((r) => r.requests.average.toFixed(0)).join(', ')
    rows.push([
      LABELS[name],
      `${mid.requests.average.toFixed(0)} req/s`,
      `median of ${each}; p50 ${mid.latency.p50} ms, p99 ${mid.latency.p99} ms`,
    ])
    figures[name] = mid.requests.average
  }
  const perRound = (a: string, b: string) => {
    if (!rounds[a] || !rounds[b]) return undefined
    const rs = rounds[a].map((r, i) => r.requests.average / rounds[b][i].requests.average).sort((x, y) => x - y)
    return rs[Math.floor(rs.length / 2)]
  }
  paired['dashboard/peer'] = perRound('dashboard', 'peer')
  paired['dashboard/floor'] = perRound('dashboard', 'floor')
  pages.floor?.srv.child.kill()
  pages.peer?.srv.child.kill()
  if (pages.dashboard) {
    const dash64 = await load(`${pages.dashboard.base}/applications`, { headers: { cookie }, rssOf: portalPid, connections: 64 })
    rssDash = Math.max(rssDash, dash64.peakRss)
    if (dash64.non2xx) log(`warning: dashboard at 64 connections answered ${dash64.non2xx} non-2xx (admission's 429?)`)
    line('dashboard at 64 connections', dash64)
    figures.dashboard64p99 = dash64.latency.p99
  }

  // submit: validation, transaction, event, audit, outbox — one fresh form_token (draft) per request
  const submitLoad = async (base: string, pid: number) => {
    const tokens = await drafts(Math.max(30_000, SECONDS * 3000))
    const before = await countBench()
    const submit = await load(`${base}/applications`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: base },
      bodies: tokens.map((formToken) => submitBody(csrf, formToken)),
      rssOf: pid,
    })
    const created = (await countBench()) - before
    const non3xx = Math.max(0, submit.non2xx - (submit['3xx'] ?? 0))
    const codes = Object.entries((submit as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {})
      .map(([code, v]) => `${code}×${v.count}`)
      .join(' ')
    const detail = `p50 ${submit.latency.p50} ms, p99 ${submit.latency.p99} ms, ${created} created, non-3xx ${non3xx} (${codes})`
    return { submit, detail }
  }
  if (portal && want('submit')) {
    const { submit, detail } = await submitLoad(portal.base, portalPid)
    rows.push(['application submit (POST /applications → 303)', `${submit.requests.average.toFixed(0)} submits/s`, detail])
    figures.submit = submit.requests.average
    rows.push([
      'RSS of the portal process under load (peak)',
      `${(Math.max(rssDash, submit.peakRss) / 1024 / 1024).toFixed(0)} MB`,
      `dashboard ${(rssDash / 1024 / 1024).toFixed(0)} MB, submit ${(submit.peakRss / 1024 / 1024).toFixed(0)} MB`,
    ])
  } else if (portal) {
    rows.push(['RSS of the portal process under load (peak)', `${(rssDash / 1024 / 1024).toFixed(0)} MB`, 'dashboard only'])
  }
  portal?.child.kill()

  // the same submit load on a portal without group commit (GROUP_COMMIT_MAX_BATCH=1, decision 0270): what it adds
  if (want('submit-single')) {
    const single = await startServer({
      ...serverEnv,
      DEMO_DATA: '0',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      JOBS_IN_PROCESS: '0',
      GROUP_COMMIT_MAX_BATCH: '1',
    })
    const { submit, detail } = await submitLoad(single.base, single.child.pid ?? 0)
    single.child.kill()
    rows.push(['submit, one transaction per submission (no group commit)', `${submit.requests.average.toFixed(0)} submits/s`, detail])
    figures.submitSingle = submit.requests.average
  }

  // submit floor: the same service calls as POST /applications (submit, then the rules), in this process,
  // CONNECTIONS loops at once, no HTTP, no middleware, no rendering
  if (want('submit-floor')) {
    const tokens = await drafts(Math.max(20_000, SECONDS * 4000))
    const user = (await identityRepo.userById(db, userId))!
    const ctx = {
      actorType: 'citizen' as const,
      actorId: String(userId),
      actorRole: 'citizen',
      ip: '127.0.0.1',
      userAgent: 'bench',
      requestId: null,
    }
    let next = 0
    const ms: number[] = []
    const until = Date.now() + SECONDS * 1000
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (Date.now() < until && next < tokens.length) {
          const s = performance.now()
          const r = await services.applications.submit(ctx, {
            user,
            actingEnterpriseId: null,
            serviceCode: BENCH_SERVICE.code,
            formToken: tokens[next++],
            values: { school: '中山大学', graduation_date: '2018-07-01', insurance_months: '12' },
            uploads: [],
          })
          await services.decisions.afterSubmit(ctx, {
            ref: r.ref,
            serviceCode: BENCH_SERVICE.code,
            limitDays: 10,
            answers: {},
            prefill: null,
          })
          ms.push(performance.now() - s)
        }
      }),
    )
    const rate = ms.length / SECONDS
    rows.push([
      'submit floor: the same service calls, no HTTP',
      `${rate.toFixed(0)} submits/s`,
      `p50 ${pct(ms, 50).toFixed(1)} ms, p99 ${pct(ms, 99).toFixed(1)} ms`,
    ])
    figures.submitFloor = rate
  }

  if (want('surge')) {
    const s = await surgeBench({
      services,
      serverEnv,
      seconds: Number(process.env.BENCH_SURGE_SECONDS ?? 60),
      users: Number(process.env.BENCH_SURGE_USERS ?? 1000),
      rssOf,
    })
    rows.push(...s.rows)
    ratios.push(
      ['surge/lost', s.lost],
      ['surge/errors', s.errors],
      ['surge/admitted_p99_s', s.admittedP99s],
      ['surge/client_p99_s', s.clientP99s],
    )
  }

  if (want('queue')) {
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
    const ms = (r: { median: number; p99: number }) => [`median ${r.median.toFixed(2)} ms`, `p99 ${r.p99.toFixed(2)} ms`] as const
    const firstPage = await time(() => services.applications.queuePage({}, 21))
    const filtered = await time(() => services.applications.queuePage({ status: 'submitted', service: 'housing-subsidy' }, 21))
    const overdue = await time(() => services.applications.queuePage({ overdueBefore: '2026-06-01' }, 21))
    const page50 = await services.applications.queuePage({}, 1000)
    const deep = await time(() => services.applications.queuePage({ afterId: page50[page50.length - 1].id }, 21))
    const counts = await time(() => services.applications.countsByStatus(), 50)
    const grouped = await time(() => services.applications.countsByStatusScan(), 5)
    rows.push([`queue first page (${CASES.toLocaleString()} cases)`, ...ms(firstPage)])
    rows.push(['queue filtered: status + service', ...ms(filtered)])
    rows.push(['queue filtered: overdue', ...ms(overdue)])
    rows.push(['queue page 50 (keyset)', ...ms(deep)])
    rows.push(['queue counts per status (counter rows)', ...ms(counts)])
    rows.push(['  the same by GROUP BY over every case', ...ms(grouped)])
  }

  if (want('closure')) {
    const c = await closureBench(services, CLOSURES, t)
    rows.push([`closure job on ${CLOSURES.toLocaleString()} accounts`, `${c.seconds.toFixed(1)} s`, `${c.closed} closed`])
  }

  await deps.destroy()
  if (drop) await drop()
  fs.rmSync(dataDir, { recursive: true, force: true })

  if (want('cluster')) {
    // three portal nodes on a private Galera cluster (test/bench/cluster.ts); 2 cores cannot scale it
    log('cluster: 1, 2 and 3 portal nodes on a 3-node Galera cluster')
    const clusterRows = await clusterBench()
    rows.push(...clusterRows)
    const rps = clusterRows.map((r) => Number(/^(\d+) req\/s/.exec(r[1])?.[1] ?? NaN))
    if (rps.length === 3 && rps.every(Number.isFinite)) ratios.push(['cluster/3-nodes-vs-1', rps[2] / rps[0]])
  }

  const ratio = (name: string, a: number | undefined, b: number | undefined) => {
    if (a !== undefined && b !== undefined) ratios.push([name, a / b])
  }
  ratio('dashboard/ceiling', figures.dashboard, figures.ceiling)
  for (const name of ['dashboard/peer', 'dashboard/floor']) if (paired[name] !== undefined) ratios.push([name, paired[name]])
  ratio('submit/floor', figures.submit, figures.submitFloor)
  ratio('submit/single', figures.submit, figures.submitSingle)
  if (figures.dashboard64p99 !== undefined) ratios.push(['dashboard/p99_ms_at_64', figures.dashboard64p99])
  const w = Math.max(...rows.map((r) => r[0].length)) + 2
  console.log(`| ${'measure'.padEnd(w)} | ${'value'.padEnd(22)} | detail |`)
  console.log(`|${'-'.repeat(w + 2)}|${'-'.repeat(24)}|--------|`)
  for (const [a, b, c] of rows) console.log(`| ${a.padEnd(w)} | ${b.padEnd(22)} | ${c} |`)
  for (const [n, v] of ratios) console.log(`ratio ${n} ${v.toFixed(2)}`)
  process.exit(0)

  async function countBench() {
    const r = await db
      .selectFrom('applications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('serviceCode', '=', BENCH_SERVICE.code)
      .executeTakeFirst()
    return Number(r?.n ?? 0)
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
