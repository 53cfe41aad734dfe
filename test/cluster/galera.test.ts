import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createConnection } from 'mysql2/promise'
import { sql } from 'kysely'
import { connect } from '../../src/db/connect.js'
import { startGaleraCluster, type GaleraCluster } from '../support/galera.js'
import { answers, Browser, journey, readBack, startPortal, type Journey, type Portal } from './portal.js'

/**
 * Three portal processes, each on its own node of a 3-node MariaDB Galera cluster (one APP_KEY), take
 * concurrent bursts of whole citizen journeys through every node; one database node is SIGKILLed in the
 * middle of a burst and restarted. Run by `npm run test:cluster` (vitest.cluster.config.ts), in .ci/run.
 */
const APP_KEY = Buffer.alloc(32, 17).toString('base64')
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-cluster-'))
let cluster: GaleraCluster
const portals: Portal[] = []
const journeys: Journey[] = []
const clerks: Browser[] = []

function env(i: number, demo: boolean): Record<string, string> {
  return {
    DATABASE_URL: cluster.nodes[i].url('hall'),
    APP_KEY,
    DATA_DIR: path.join(work, `portal${i + 1}`),
    SMS_OUTBOX: path.join(work, `portal${i + 1}`, 'sms.jsonl'),
    DEMO_DATA: demo ? '1' : '0',
    JOBS_IN_PROCESS: '1',
    LOG_LEVEL: 'debug', // the transaction runner's retries are counted from the logs
  }
}

const fiveHundreds = (from: number, bases?: string[]) =>
  answers.slice(from).filter((a) => (a.status >= 500 || a.status < 0) && (!bases || bases.includes(a.base)))

async function healthz(p: Portal) {
  const t0 = Date.now()
  try {
    const r = await fetch(`${p.base}/healthz`, { signal: AbortSignal.timeout(10_000) })
    return { status: r.status, ms: Date.now() - t0 }
  } catch {
    return { status: -1, ms: Date.now() - t0 }
  }
}

/** A staff desk on every node: the demo clerk signed in once per portal. */
async function clerkClaims(js: Journey[], nodes: Portal[]) {
  await Promise.all(
    js.map(async (j, n) => {
      const k = (n + 1) % nodes.length
      const r = await clerks[portals.indexOf(nodes[k])].post(nodes[k].base, `/staff/cases/${j.ref}/claim`, {}, `/staff/cases/${j.ref}`)
      expect(r.status, `claim ${j.ref}`).toBe(303)
    }),
  )
}

beforeAll(async () => {
  cluster = await startGaleraCluster(3)
  const c = await createConnection({ host: '127.0.0.1', port: cluster.nodes[0].port, user: 'root' })
  await c.query('CREATE DATABASE hall CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci')
  await c.end()
  for (let i = 0; i < 3; i++) fs.mkdirSync(path.join(work, `portal${i + 1}`), { recursive: true })
  // node 1 migrates and loads the demo staff; the others start on the same schema at the same time
  portals.push(await startPortal(env(0, true), path.join(work, 'portal1.log')))
  portals.push(...(await Promise.all([1, 2].map((i) => startPortal(env(i, false), path.join(work, `portal${i + 1}.log`))))))
  for (const p of portals) {
    const b = new Browser()
    const r = await b.post(p.base, '/staff/login', { username: 'clerk', password: 'demo1234' }, '/staff/login')
    expect(r.status, `clerk login on ${p.base}: ${r.text.slice(0, 200)}`).toBe(303)
    clerks.push(b)
  }
}, 240_000)

afterAll(async () => {
  // what the cluster made the runner absorb: Galera certification conflicts and retried transactions
  const certFailures = await Promise.all(
    cluster?.nodes.map((n) =>
      n.status().then(
        (s) => s.wsrep_local_cert_failures,
        () => '?',
      ),
    ) ?? [],
  )
  const retries = portals.map((_, i) => {
    const log = fs.readFileSync(path.join(work, `portal${i + 1}.log`), 'utf8')
    return log.split('transaction retried').length - 1
  })
  console.log(`certification failures per node [${certFailures.join(', ')}], retried transactions per portal [${retries.join(', ')}]`)
  if (cluster) console.log(`tables in logged conflicts: ${JSON.stringify(cluster.conflictTables())}`)
  for (const p of portals) p.stop()
  await cluster?.destroy()
  if (process.env.KEEP_CLUSTER_LOGS) console.log(`logs kept in ${work}`)
  else fs.rmSync(work, { recursive: true, force: true })
})

describe('three portal nodes on a 3-node Galera cluster', () => {
  it('each portal session reads causally (wsrep_sync_wait) even though the servers are not configured for it', async () => {
    const h = connect({ databaseUrl: cluster.nodes[1].url('hall'), sqliteFile: '' })
    try {
      const r = await sql<{ s: number; g: number }>`select @@session.wsrep_sync_wait as s, @@global.wsrep_sync_wait as g`.execute(h.db)
      expect(r.rows[0]).toEqual({ s: 1, g: 0 })
    } finally {
      await h.destroy()
    }
  })

  it('a concurrent burst of whole journeys through every node: no 5xx, each submission once, readable anywhere', async () => {
    const from = answers.length
    const burst = await Promise.all(Array.from({ length: 12 }, (_, n) => journey(portals, n, `127.0.0.${10 + n}`)))
    journeys.push(...burst)
    await Promise.all(burst.map((j, n) => readBack(portals[(n + 2) % 3], j).then((r) => expect(r.degreeOk, j.ref).toBe(true))))
    await clerkClaims(burst, portals)
    expect(fiveHundreds(from)).toEqual([])
    // every acknowledged submission exists exactly once, on every database node
    for (const node of cluster.nodes) {
      const c = await createConnection({ host: '127.0.0.1', port: node.port, user: 'root', database: 'hall' })
      const [rows] = await c.query('SELECT ref, assignee_staff_id FROM applications')
      await c.end()
      const refs = (rows as { ref: string; assignee_staff_id: number | null }[]).map((r) => r.ref).sort()
      expect(refs).toEqual(burst.map((j) => j.ref).sort())
      expect((rows as { assignee_staff_id: number | null }[]).every((r) => r.assignee_staff_id !== null)).toBe(true)
    }
  }, 180_000)

  it('due jobs run exactly once across the nodes: every submission SMS delivered once, by one node', async () => {
    // the outbox job runs in all three portals; each message must come out of exactly one SMS outbox
    const c = await createConnection({ host: '127.0.0.1', port: cluster.nodes[1].port, user: 'root', database: 'hall' })
    let pending = 1
    for (let i = 0; i < 100 && pending; i++) {
      const [rows] = await c.query("SELECT COUNT(*) AS n FROM outbox WHERE status <> 'sent'")
      pending = Number((rows as { n: number }[])[0].n)
      if (pending) await new Promise((r) => setTimeout(r, 300))
    }
    const [attempts] = await c.query('SELECT MAX(attempts) AS a FROM outbox')
    await c.end()
    expect(pending).toBe(0)
    expect(Number((attempts as { a: number }[])[0].a)).toBe(1)
    const lines = portals.flatMap((p, node) =>
      fs.existsSync(p.smsFile)
        ? fs
            .readFileSync(p.smsFile, 'utf8')
            .trim()
            .split('\n')
            .map((l) => ({ node, ...(JSON.parse(l) as { text: string }) }))
        : [],
    )
    for (const j of journeys)
      expect(
        lines.filter((l) => l.text.includes(j.ref) && l.text.includes('申请已提交')),
        j.ref,
      ).toHaveLength(1)
  }, 60_000)

  it('a database node SIGKILLed mid-burst: the other portals answer with no 5xx, the orphaned one says 503 within seconds', async () => {
    const from = answers.length
    const live = portals.slice(0, 2)
    const orphan = portals[2]
    const burst = Promise.all(Array.from({ length: 8 }, (_, n) => journey(live, n, `127.0.1.${10 + n}`)))
    await new Promise((r) => setTimeout(r, 1500))
    cluster.nodes[2].kill()
    const killedAt = Date.now()
    let firstUnhealthy: number | null = null
    while (Date.now() - killedAt < 15_000) {
      const h = await healthz(orphan)
      if (h.status === 503) {
        firstUnhealthy = Date.now() - killedAt
        break
      }
      await new Promise((r) => setTimeout(r, 200))
    }
    const done = await burst
    journeys.push(...done)
    await Promise.all(done.map((j, n) => readBack(live[(n + 1) % 2], j).then((r) => expect(r.degreeOk, j.ref).toBe(true))))
    await clerkClaims(done, live)
    console.log(`orphaned portal: /healthz 503 ${firstUnhealthy} ms after the SIGKILL`)
    expect(firstUnhealthy, 'orphaned portal: 503 on /healthz').not.toBeNull()
    expect(firstUnhealthy!).toBeLessThan(5000)
    const h = await healthz(orphan)
    expect(h.status).toBe(503)
    expect(h.ms).toBeLessThan(3000)
    // a page on the orphaned node answers quickly too (503 with Retry-After), it does not hang
    const t0 = Date.now()
    const page = await new Browser().req(orphan.base, '/services')
    expect([200, 503]).toContain(page.status)
    expect(Date.now() - t0).toBeLessThan(5000)
    expect(
      fiveHundreds(
        from,
        live.map((p) => p.base),
      ),
    ).toEqual([])
    expect(orphan.child.exitCode).toBeNull()
  }, 180_000)

  it('the database node restarts and rejoins; the orphaned portal recovers by itself and serves journeys', async () => {
    const t0 = Date.now()
    await cluster.nodes[2].start()
    const s = await cluster.nodes[2].status()
    expect(s.wsrep_cluster_size).toBe('3')
    expect(s.wsrep_local_state_comment).toBe('Synced')
    const synced = Date.now()
    let ok = false
    while (!ok && Date.now() - synced < 15_000) {
      ok = (await healthz(portals[2])).status === 200
      if (!ok) await new Promise((r) => setTimeout(r, 200))
    }
    expect(ok).toBe(true)
    console.log(`rejoin ${synced - t0} ms, portal healthy ${Date.now() - synced} ms after Synced`)
    const from = answers.length
    const again = await Promise.all(Array.from({ length: 3 }, (_, n) => journey(portals, n, `127.0.2.${10 + n}`)))
    journeys.push(...again)
    // written before and while the node was away, read back through it
    for (const j of [...journeys.slice(0, 2), ...journeys.slice(-5)]) expect((await readBack(portals[2], j)).degreeOk, j.ref).toBe(true)
    await clerkClaims(again, portals)
    expect(fiveHundreds(from)).toEqual([])
    const c = await createConnection({ host: '127.0.0.1', port: cluster.nodes[2].port, user: 'root', database: 'hall' })
    const [rows] = await c.query('SELECT ref FROM applications')
    await c.end()
    expect((rows as { ref: string }[]).map((r) => r.ref).sort()).toEqual(journeys.map((j) => j.ref).sort())
  }, 180_000)

  it('audit:verify passes against every node', async () => {
    const verify = (i: number) =>
      new Promise<{ status: number | null; out: string }>((resolve) => {
        const child = spawn('npm', ['run', '--silent', 'admin', '--', 'audit:verify'], {
          env: { ...process.env, ...env(i, false), LOG_LEVEL: 'warn' },
        })
        let out = ''
        child.stdout.on('data', (d) => (out += String(d)))
        child.stderr.on('data', (d) => (out += String(d)))
        child.once('exit', (status) => resolve({ status, out }))
      })
    for (const r of await Promise.all([0, 1, 2].map(verify))) {
      expect(r.status, r.out).toBe(0)
      expect(r.out).toMatch(/audit ok: \d+ entries/)
    }
  }, 120_000)
})
