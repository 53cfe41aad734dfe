import { serve } from '@hono/node-server'
import { loadConfig, ConfigError } from './config.js'
import { buildDeps, prepareDatabase, createServices } from './bootstrap.js'
import { createApp } from './app.js'

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
  const deps = buildDeps(config)
  const services = createServices(deps)
  const applied = await prepareDatabase(services, { demo: config.demoData })
  const log = deps.logger
  log.info({ dialect: deps.dialect, migrations: applied.length, demo: config.demoData }, 'database ready')

  const app = createApp(services)
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    log.info({ port: info.port }, `portal listening on http://localhost:${info.port}`)
  })
  if (config.jobsInProcess) services.jobs.start()

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    log.info({ signal }, 'shutting down: draining requests and stopping jobs')
    const force = setTimeout(() => process.exit(1), 15_000)
    force.unref()
    server.close()
    await services.jobs.stop()
    await services.audit.stop()
    await new Promise<void>((r) => server.close(() => r()))
    await deps.destroy()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((e) => {
  console.error('启动失败 / failed to start:', e instanceof Error ? e.message : e)
  process.exit(1)
})
