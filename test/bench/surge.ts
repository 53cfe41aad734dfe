/**
 * The opening-day surge phase (申报首日): BENCH_SURGE_USERS (default 1,000) citizens, each on their own connection,
 * open the form and submit it, again and again, for BENCH_SURGE_SECONDS (default 60) against a portal with the
 * default admission settings. Lost = acknowledged (303) submissions missing from the database afterwards.
 */
import type { Services } from '../../src/services.js'
import { startServer } from '../support/processes.js'
import { signedInCitizen } from './citizen.js'
import { surge } from './surge-client.js'

export async function surgeBench(opts: {
  services: Services
  serverEnv: Record<string, string>
  seconds: number
  users: number
  rssOf: (pid: number) => number
}) {
  const citizens = []
  for (let i = 1; i <= opts.users; i++) citizens.push(await signedInCitizen(opts.services, 10_000 + i, 0))
  // ADMISSION_* and GROUP_COMMIT_* from the bench's environment reach the portal, to compare settings
  const tuning = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => /^(ADMISSION|GROUP_COMMIT)_/.test(e[0]) && e[1] !== undefined),
  )
  const portal = await startServer({
    ...opts.serverEnv,
    DEMO_DATA: '0',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    JOBS_IN_PROCESS: '0',
    ...tuning,
  })
  let peak = 0
  const sampler = setInterval(() => (peak = Math.max(peak, opts.rssOf(portal.child.pid!))), 100)
  const started = Date.now()
  const r = await surge({ base: portal.base, users: citizens, until: started + opts.seconds * 1000, maxWaitS: 5 })
  const took = (Date.now() - started) / 1000
  clearInterval(sampler)
  portal.child.kill()
  const refs = new Set<string>()
  for (let i = 0; i < r.acknowledged.length; i += 500) {
    const rows = await opts.services.deps.db
      .selectFrom('applications')
      .select('ref')
      .where('ref', 'in', r.acknowledged.slice(i, i + 500))
      .execute()
    for (const x of rows) refs.add(x.ref)
  }
  const lost = r.acknowledged.filter((x) => !refs.has(x)).length
  const pct = (xs: number[], q: number) => {
    const s = [...xs].sort((a, b) => a - b)
    return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0
  }
  const p = (q: number) => pct(r.serverMs, q)
  const client = (q: number) => pct(r.admittedMs, q)
  const rows: [string, string, string][] = [
    [
      `surge: ${opts.users} citizens open the form and submit for ${opts.seconds} s`,
      `${(r.acknowledged.length / took).toFixed(0)} submits/s`,
      `${r.acknowledged.length} acknowledged, ${lost} lost, ${r.errors} × 5xx, ${r.queued} × 429 排队, other ${JSON.stringify(r.other)}; admitted, in the portal: p50 ${p(0.5).toFixed(0)} ms, p99 ${p(0.99).toFixed(0)} ms; as the clients saw them (socket backlog included): p50 ${client(0.5).toFixed(0)} ms, p99 ${client(0.99).toFixed(0)} ms; RSS peak ${(peak / 1024 / 1024).toFixed(0)} MB`,
    ],
  ]
  return { rows, lost, errors: r.errors, admittedP99s: p(0.99) / 1000, clientP99s: client(0.99) / 1000 }
}
