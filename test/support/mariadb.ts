import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { freePort } from './processes.js'

/**
 * A private MariaDB server for fault tests: its own data directory and port, so it can be stopped and
 * started without disturbing the shared server other tests use. Needs Debian's mariadb-server
 * binaries (/usr/sbin/mariadbd, mariadb-install-db), which .ci/run installs and starts anyway.
 */
export interface PrivateMariadb {
  port: number
  url(database: string): string
  start(): Promise<void>
  /** Clean shutdown (SIGTERM), resolves when the process has exited. */
  stop(): Promise<void>
  destroy(): Promise<void>
}

const MARIADBD = '/usr/sbin/mariadbd'

export async function privateMariadb(): Promise<PrivateMariadb> {
  if (!fs.existsSync(MARIADBD)) throw new Error(`${MARIADBD} is missing: install mariadb-server (apt-get install -y mariadb-server)`)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-mariadb-'))
  const install = spawnSync(
    'mariadb-install-db',
    ['--no-defaults', `--datadir=${dir}/data`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db'],
    { encoding: 'utf8', timeout: 60_000 },
  )
  if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr}`)
  const port = await freePort()
  let child: ChildProcess | null = null
  const args = [
    '--no-defaults',
    `--datadir=${dir}/data`,
    '--user=root',
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--socket=${dir}/sock`,
    `--pid-file=${dir}/pid`,
    '--innodb-buffer-pool-size=32M',
    '--skip-log-bin',
    `--log-error=${dir}/err.log`,
  ]
  const db: PrivateMariadb = {
    port,
    url: (database) => `mysql://root@127.0.0.1:${port}/${database}`,
    async start() {
      child = spawn(MARIADBD, args, { stdio: 'ignore' })
      for (let i = 0; i < 150; i++) {
        if (await accepts(port)) return
        await new Promise((r) => setTimeout(r, 100))
      }
      throw new Error(`private mariadbd did not start: ${fs.readFileSync(`${dir}/err.log`, 'utf8').slice(-2000)}`)
    },
    async stop() {
      const c = child
      child = null
      if (!c || c.exitCode !== null) return
      const exited = new Promise((r) => c.once('exit', r))
      c.kill('SIGTERM')
      await exited
    },
    async destroy() {
      child?.kill('SIGKILL')
      await fs.promises.rm(dir, { recursive: true, force: true })
    },
  }
  await db.start()
  return db
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1')
    s.once('connect', () => (s.destroy(), resolve(true)))
    s.once('error', () => resolve(false))
  })
}
