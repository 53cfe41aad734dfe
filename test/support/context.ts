import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import { freshMysqlDatabase } from './processes.js'
import { loadConfig, type Config } from '../../src/config.js'
import { connect, type ConnectOptions } from '../../src/db/connect.js'
import { retryLogger } from '../../src/bootstrap.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { FakeClock } from '../../src/lib/clock.js'
import { createFieldCrypto } from '../../src/lib/crypto.js'
import { createLogger } from '../../src/lib/logger.js'
import { MemoryMailer, MemorySms } from '../../src/modules/notifications/transports.js'
import { createServices, type Services } from '../../src/services.js'
import { seedBaseline, seedDemo } from '../../src/demo/seed.js'
import { createApp } from '../../src/app.js'
import type { Deps } from '../../src/deps.js'
import { Writable } from 'node:stream'

export const TEST_APP_KEY = Buffer.alloc(32, 7).toString('base64')

export interface TestContext {
  app: ReturnType<typeof createApp>
  services: Services
  deps: Deps
  clock: FakeClock
  sms: MemorySms
  mailer: MemoryMailer
  config: Config
  /** Every log line written during the test (for "no personal data in logs" checks). */
  logLines: string[]
  close(): Promise<void>
}

/**
 * A fresh database for one test file: a temp SQLite file, or — when DATABASE_URL is set — a new
 * MySQL/MariaDB database on that server, dropped at close. Migrations and baseline content applied.
 */
export async function createTestContext(
  opts: { demo?: boolean; env?: Record<string, string>; logLevel?: string; wrapDialect?: ConnectOptions['wrapDialect'] } = {},
): Promise<TestContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-test-'))
  let databaseUrl: string | undefined
  let dropDb: (() => Promise<void>) | null = null
  const base = process.env.DATABASE_URL
  if (base) {
    const d = await freshMysqlDatabase(base, 't')
    databaseUrl = d.url
    dropDb = d.drop
  }
  const config = loadConfig({
    DATA_DIR: dataDir,
    APP_KEY: TEST_APP_KEY,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'info',
    ...opts.env,
  })
  const logLines: string[] = []
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(String(chunk))
      cb()
    },
  })
  const logger = createLogger(opts.logLevel ?? 'info', sink)
  const handle = connect({
    databaseUrl: config.databaseUrl,
    sqliteFile: config.sqliteFile,
    onRetry: retryLogger(logger),
    wrapDialect: opts.wrapDialect,
  })
  const clock = new FakeClock(config.appNow ?? undefined)
  const sms = new MemorySms()
  const mailer = new MemoryMailer()
  const deps: Deps = {
    db: handle.db,
    dialect: handle.dialect,
    clock,
    crypto: createFieldCrypto(config.appKey, config.previousAppKeys),
    mailer,
    sms,
    config,
    logger,
  }
  await migrateToLatest(handle.db, handle.dialect)
  const services = createServices(deps)
  await seedBaseline(services)
  if (opts.demo) await seedDemo(services)
  const app = createApp(services)
  return {
    app,
    services,
    deps,
    clock,
    sms,
    mailer,
    config,
    logLines,
    async close() {
      await services.jobs.stop()
      await services.audit.stop()
      await handle.destroy()
      if (dropDb) await dropDb()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
