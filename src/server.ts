import { serve } from '@hono/node-server'
import type { Server } from 'node:http'
import { loadConfig, ConfigError } from './config.js'
import { buildDeps, prepareDatabase, createServices } from './bootstrap.js'
import { createApp } from './app.js'
import { createLogger, createStdoutLog } from './lib/logger.js'
import { createShutdown } from './shutdown.js'
import v8 from 'node:v8'

/** The only place that reads process.env, migrates and listens. */
async function main() {
  let config
  try {
    config = loadConfig(process.env)
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message)
      process.exit(2)
    }
    throw e
  }
  const stdout = createStdoutLog()
  const deps = buildDeps(config, { logger: createLogger(config.logLevel, stdout.stream) })
  const services = createServices(deps)
  const log = deps.logger
  const shutdown = createShutdown({
    logger: log,
    timeoutMs: config.shutdownTimeoutMs,
    // the job worker, then the audit sealer (its after-write timer), before the database closes
    stopJobs: async () => {
      await services.jobs.stop()
      await services.audit.stop()
    },
    activeJobs: () => services.jobs.activeJobs(),
    closeDatabase: () => deps.destroy(),
    flushLogs: (ms) => stdout.flushForExit(ms),
    exit: (code) => process.exit(code),
  })
  // handlers first: a signal during migrations lets them finish, then the process stops without listening
  process.on('SIGTERM', () => shutdown.begin('SIGTERM'))
  process.on('SIGINT', () => shutdown.begin('SIGINT'))

  const starting = prepareDatabase(services, { demo: config.demoData })
  shutdown.startingUp(starting)
  const applied = await starting
  if (config.production && !config.publicUrlConfigured)
    log.warn(
      { publicUrl: config.publicUrl },
      'PUBLIC_URL is not set: links in mail and SMS point at localhost. Set PUBLIC_URL to the address citizens use (decision 0155).',
    )
  log.info({ dialect: deps.dialect, migrations: applied.length, demo: config.demoData }, 'database ready')
  if (shutdown.stopping) return

  const app = createApp(services)
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    // the V8 heap bound (npm start's --max-old-space-size, decision 0300), so an operator sees what the node runs with
    const heapLimitMb = Math.round(v8.getHeapStatistics().heap_size_limit / 1048576)
    log.info({ port: info.port, heapLimitMb }, `portal listening on http://localhost:${info.port}`)
  }) as Server
  shutdown.track(server)
  if (config.jobsInProcess) services.jobs.start()
}

main().catch((e) => {
  console.error('启动失败 / failed to start:', e instanceof Error ? e.message : e)
  process.exit(1)
})
