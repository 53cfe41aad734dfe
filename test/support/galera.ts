import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { createConnection } from 'mysql2/promise'
import { freePorts } from './processes.js'

/**
 * A private 3-node MariaDB Galera cluster on loopback for the cluster test and the cluster bench:
 * each node its own datadir, SQL port, group-communication port, IST and SST ports (all free high
 * ports, never the system services'). Node 1 bootstraps with --wsrep-new-cluster; nodes 2 and 3 join
 * it by SST (rsync). The rsync daemon on a joiner runs as `nobody`, so a joiner's datadir is empty and
 * owned by nobody. Failure detection is tuned to ~2 s so a SIGKILLed node is evicted quickly.
 */
const MARIADBD = '/usr/sbin/mariadbd'
export const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so'

export interface GaleraNode {
  index: number
  port: number
  url(database: string): string
  /** Started (again): joins the others (IST or SST) and resolves once it is Synced. */
  start(): Promise<void>
  kill(): void
  running(): boolean
  status(): Promise<Record<string, string>>
}

export interface GaleraCluster {
  nodes: GaleraNode[]
  /** The tables named in the conflicts the nodes logged (wsrep_log_conflicts), with counts. */
  conflictTables(): Record<string, number>
  destroy(): Promise<void>
}

export function galeraAvailable(): string | null {
  if (!fs.existsSync(MARIADBD)) return `${MARIADBD} is missing (apt-get install -y mariadb-server)`
  if (!fs.existsSync(GALERA_PROVIDER)) return `${GALERA_PROVIDER} is missing (apt-get install -y galera-4)`
  if (spawnSync('rsync', ['--version']).status !== 0) return 'rsync is missing (apt-get install -y rsync)'
  return null
}

export async function startGaleraCluster(size = 3): Promise<GaleraCluster> {
  const missing = galeraAvailable()
  if (missing) throw new Error(missing)
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-galera-'))
  fs.chmodSync(root, 0o755)
  const ports = []
  const free = await freePorts(size * 4)
  for (let i = 0; i < size; i++) {
    const [sql, gcomm, ist, sst] = free.slice(i * 4, i * 4 + 4)
    ports.push({ sql, gcomm, ist, sst })
  }
  const clusterAddress = `gcomm://${ports.map((p) => `127.0.0.1:${p.gcomm}`).join(',')}`
  const children: (ChildProcess | null)[] = ports.map(() => null)

  const nodes: GaleraNode[] = ports.map((p, i) => {
    const dir = path.join(root, `node${i + 1}`)
    const data = path.join(dir, 'data')
    const args = (bootstrap: boolean) => [
      '--no-defaults',
      `--datadir=${data}`,
      '--user=root',
      `--port=${p.sql}`,
      '--bind-address=127.0.0.1',
      `--socket=${dir}/sock`,
      `--pid-file=${dir}/pid`,
      `--log-error=${dir}/err.log`,
      '--innodb-buffer-pool-size=48M',
      '--innodb-log-file-size=48M',
      '--innodb-flush-log-at-trx-commit=2',
      '--max-connections=200',
      '--binlog-format=ROW',
      '--default-storage-engine=InnoDB',
      '--innodb-autoinc-lock-mode=2',
      '--wsrep-on=ON',
      `--wsrep-provider=${GALERA_PROVIDER}`,
      `--wsrep-cluster-address=${clusterAddress}`,
      '--wsrep-cluster-name=hall-test',
      `--wsrep-node-name=node${i + 1}`,
      `--wsrep-node-address=127.0.0.1:${p.gcomm}`,
      `--wsrep-sst-receive-address=127.0.0.1:${p.sst}`,
      '--wsrep-sst-method=rsync',
      '--wsrep-slave-threads=2',
      // no --wsrep-sync-wait here: the portal sets causal reads per session (src/db/connect.ts), which the
      // cluster test relies on; docs/deployment.md also sets it in the server config
      // each certification conflict is logged with its table and key (the cluster test reports them)
      '--wsrep-log-conflicts=ON',
      `--wsrep-provider-options=${[
        `gmcast.listen_addr=tcp://127.0.0.1:${p.gcomm}`,
        `ist.recv_addr=127.0.0.1:${p.ist}`,
        'gcache.size=128M',
        'evs.keepalive_period=PT0.5S',
        'evs.inactive_check_period=PT0.5S',
        'evs.suspect_timeout=PT2S',
        'evs.inactive_timeout=PT3S',
        'evs.install_timeout=PT3S',
        'pc.wait_prim_timeout=PT10S',
      ].join(';')}`,
      ...(bootstrap ? ['--wsrep-new-cluster'] : []),
    ]
    let started = 0
    const node: GaleraNode = {
      index: i + 1,
      port: p.sql,
      url: (database) => `mysql://root@127.0.0.1:${p.sql}/${database}`,
      async start() {
        const bootstrap = started === 0 && i === 0
        if (started === 0) {
          fs.mkdirSync(data, { recursive: true })
          if (i === 0) {
            const install = spawnSync(
              'mariadb-install-db',
              ['--no-defaults', `--datadir=${data}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db'],
              { encoding: 'utf8', timeout: 120_000 },
            )
            if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr}`)
          }
        }
        // a joiner's datadir (empty at first, or left by a killed node) must be writable by the rsync
        // daemon that receives the SST, which runs as user nobody
        if (!bootstrap) spawnSync('chown', ['-R', 'nobody', dir])
        started++
        const child = spawn(MARIADBD, args(bootstrap), { stdio: 'ignore' })
        children[i] = child
        const until = Date.now() + 120_000
        while (Date.now() < until) {
          if (child.exitCode !== null) break
          if (await accepts(p.sql)) {
            try {
              const s = await node.status()
              if (s.wsrep_local_state_comment === 'Synced' && s.wsrep_ready === 'ON') return
            } catch {
              /* still starting */
            }
          }
          await new Promise((r) => setTimeout(r, 250))
        }
        throw new Error(`galera node ${i + 1} did not reach Synced: ${tail(`${dir}/err.log`)}`)
      },
      kill() {
        children[i]?.kill('SIGKILL')
        children[i] = null
      },
      running: () => children[i]?.exitCode === null,
      async status() {
        const c = await createConnection({ host: '127.0.0.1', port: p.sql, user: 'root', connectTimeout: 2000 })
        try {
          const [rows] = await c.query(
            "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_state_comment','wsrep_ready','wsrep_cluster_size','wsrep_cluster_status','wsrep_local_cert_failures','wsrep_local_bf_aborts')",
          )
          return Object.fromEntries((rows as { Variable_name: string; Value: string }[]).map((r) => [r.Variable_name, r.Value]))
        } finally {
          await c.end()
        }
      },
    }
    return node
  })
  const cluster: GaleraCluster = {
    nodes,
    conflictTables() {
      const counts: Record<string, number> = {}
      for (let i = 0; i < size; i++) {
        const log = tail(path.join(root, `node${i + 1}`, 'err.log'), Infinity)
        for (const m of log.matchAll(/\b(?:update|insert\s+into|delete\s+from|from)\s+`?([a-z_]\w*)`?/gi)) {
          if (!/conflict|abort|victim|SQL|query/i.test(log.slice(Math.max(0, m.index - 400), m.index))) continue
          counts[m[1]] = (counts[m[1]] ?? 0) + 1
        }
      }
      return counts
    },
    async destroy() {
      for (const c of children) c?.kill('SIGKILL')
      await new Promise((r) => setTimeout(r, 300))
      fs.rmSync(root, { recursive: true, force: true })
    },
  }
  try {
    for (const n of nodes) await n.start()
  } catch (e) {
    await cluster.destroy()
    throw e
  }
  return cluster
}

function tail(file: string, chars = 3000) {
  try {
    return fs.readFileSync(file, 'utf8').slice(-chars)
  } catch {
    return '(no error log)'
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1')
    s.once('connect', () => (s.destroy(), resolve(true)))
    s.once('error', () => resolve(false))
  })
}
