import type { Config } from './config.js'
import type { Deps } from './deps.js'
import { connect } from './db/connect.js'
import { migrateToLatest } from './db/migrate.js'
import { startingClock, systemClock, type Clock } from './lib/clock.js'
import { createFieldCrypto } from './lib/crypto.js'
import { createLogger, type Logger } from './lib/logger.js'
import { createFileSmsGateway, createMailer } from './modules/notifications/transports.js'
import { createServices, type Services } from './services.js'
import { seedBaseline, seedDemo } from './demo/seed.js'

/** Builds real deps from config. Tests use test/support/context.ts instead. */
export function buildDeps(
  config: Config,
  overrides: Partial<Deps> & { logger?: Logger; clock?: Clock } = {},
): Deps & { destroy(): Promise<void> } {
  const logger = overrides.logger ?? createLogger(config.logLevel)
  const handle = connect({
    databaseUrl: config.databaseUrl,
    sqliteFile: config.sqliteFile,
    onRetry: retryLogger(logger),
    groupCommitMaxBatch: config.groupCommitMaxBatch,
    groupCommitParallel: config.groupCommitParallel,
  })
  return {
    db: handle.db,
    dialect: handle.dialect,
    clock: config.appNow ? startingClock(config.appNow) : systemClock,
    crypto: createFieldCrypto(config.appKey, config.previousAppKeys),
    mailer: createMailer({ smtpUrl: config.smtpUrl, mailDir: config.mailDir, from: config.mailFrom }),
    sms: createFileSmsGateway(config.smsOutbox),
    config,
    logger,
    ...overrides,
    destroy: () => handle.destroy(),
  }
}

/** One debug line per retried transaction (decision 0130): which failure, which attempt, how long it waits. */
export function retryLogger(logger: Logger) {
  // the logger redacts any field named `code` (one-time codes), so the failure goes as `failure`
  return ({ attempt, code, delayMs }: { attempt: number; code: string; delayMs: number }) =>
    logger.debug({ attempt, failure: code, delayMs }, 'transaction retried after a serialisation failure')
}

/** Migrations, baseline content (first policy version, calendar), demo data on an empty DB. */
export async function prepareDatabase(services: Services, opts: { demo: boolean }) {
  const applied = await migrateToLatest(services.deps.db, services.deps.dialect)
  await seedBaseline(services)
  if (opts.demo) await seedDemo(services)
  return applied
}

export { createServices }
