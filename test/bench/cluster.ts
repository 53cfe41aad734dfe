/**
 * Cluster throughput: the signed-in "my applications" page served by 1, 2 and 3 portal nodes, each on its
 * own node of a private 3-node Galera cluster (test/support/galera.ts), with the same total number of
 * connections spread over the nodes. Part of `npm run bench` when galera-4 is installed; alone:
 * `npx tsx test/bench/cluster.ts` (BENCH_SECONDS per phase, default 5). On a 2-core host every node and
 * every mariadbd share the same two cores, so more nodes cannot be faster; this line exists to measure
 * the cost of the cluster and to be re-run on real hardware.
 */
import type autocannon from 'autocannon'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createConnection } from 'mysql2/promise'
import { TSX } from '../support/processes.js'
import { galeraAvailable, startGaleraCluster } from '../support/galera.js'
import { journey, startPortal, type Portal } from '../cluster/portal.js'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = 12

function load(url: string, connections: number, headers: Record<string, string>): Promise<autocannon.Result> {
  const arg = JSON.stringify({ url, connections, duration: SECONDS, headers })
  const child = spawn(TSX, [path.resolve('test/bench/load.ts'), arg], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  return new Promise((resolve) => child.once('exit', () => resolve(JSON.parse(out) as autocannon.Result)))
}

export async function clusterBench(): Promise<[string, string, string][]> {
  const missing = galeraAvailable()
  if (missing) return [['cluster (Galera) throughput', 'not measured', missing]]
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-bench-cluster-'))
  const cluster = await startGaleraCluster(3)
  const portals: Portal[] = []
  const rows: [string, string, string][] = []
  try {
    const c = await createConnection({ host: '127.0.0.1', port: cluster.nodes[0].port, user: 'root' })
    await c.query('CREATE DATABASE hall CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci')
    await c.end()
    for (let i = 0; i < 3; i++) {
      const dir = path.join(work, `p${i}`)
      fs.mkdirSync(dir)
      const env = {
        DATABASE_URL: cluster.nodes[i].url('hall'),
        APP_KEY: Buffer.alloc(32, 23).toString('base64'),
        DATA_DIR: dir,
        SMS_OUTBOX: path.join(dir, 'sms.jsonl'),
        DEMO_DATA: i === 0 ? '1' : '0',
        JOBS_IN_PROCESS: i === 0 ? '1' : '0',
      }
      portals.push(await startPortal(env, path.join(work, `p${i}.log`)))
    }
    // one citizen with a submitted application, signed in: the same cookie is valid on every node
    const j = await journey(portals, 0, '127.0.0.1')
    const cookie = [...j.browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    let one = 0
    for (const k of [1, 2, 3]) {
      const results = await Promise.all(portals.slice(0, k).map((p) => load(`${p.base}/applications`, CONNECTIONS / k, { cookie })))
      const rps = results.reduce((s, r) => s + r.requests.average, 0)
      const p99 = Math.max(...results.map((r) => r.latency.p99))
      const bad = results.reduce((s, r) => s + r.non2xx + r.errors, 0)
      if (k === 1) one = rps
      rows.push([
        `cluster: my applications, ${k} portal node${k > 1 ? 's' : ''} on Galera`,
        `${Math.round(rps)} req/s`,
        `p99 ${p99} ms, ${bad} non-2xx, ${CONNECTIONS} connections${k > 1 ? `, ${(rps / one).toFixed(2)}× one node` : ''}`,
      ])
    }
  } finally {
    for (const p of portals) p.stop()
    await cluster.destroy()
    fs.rmSync(work, { recursive: true, force: true })
  }
  return rows
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await clusterBench()) console.log(`| ${r.join(' | ')} |`)
}
