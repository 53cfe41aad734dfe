import type { Server, IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from './lib/logger.js'

/**
 * Graceful shutdown with a hard deadline (issue 22, docs/decisions/0120-0122):
 * stop accepting connections, close idle keep-alive connections at once and busy ones after their
 * response, stop the job worker, close the database, exit 0. Whatever is still open at the deadline
 * is logged and the process exits 1. A second SIGTERM/SIGINT exits at once (128 + signal number).
 */
export interface ShutdownParts {
  logger: Logger
  timeoutMs: number
  /** Stops the job worker and periodic tasks; resolves when nothing runs. */
  stopJobs(): Promise<void>
  /** Job ids and kinds still running (for the deadline log). */
  activeJobs(): { id: number; kind: string }[]
  closeDatabase(): Promise<void>
  /** Writes buffered log lines, waiting at most `ms`. */
  flushLogs(ms: number): void
  exit(code: number): never
}

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 }

export function createShutdown(parts: ShutdownParts) {
  const { logger: log } = parts
  let server: Server | null = null
  let started: number | null = null
  let phase = 'starting'
  let startup: Promise<unknown> = Promise.resolve()
  const inFlight = new Map<ServerResponse, string>()

  const exit = (code: number): never => {
    parts.flushLogs(code === 0 ? 1000 : 300)
    return parts.exit(code)
  }

  /** After shutdown began, a connection whose response is done is closed instead of kept alive. */
  const closeAfterResponse = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close')
  }

  function track(s: Server) {
    server = s
    s.on('request', (req: IncomingMessage, res: ServerResponse) => {
      // method and path only: query strings may carry personal data
      inFlight.set(res, `${req.method} ${(req.url ?? '').split('?')[0]}`)
      if (started !== null) closeAfterResponse(res)
      res.once('close', () => {
        inFlight.delete(res)
        if (started !== null) setImmediate(() => server?.closeIdleConnections())
      })
    })
  }

  function onDeadline() {
    const resources = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap')
    const counts: Record<string, number> = {}
    for (const r of resources) counts[r] = (counts[r] ?? 0) + 1
    log.error(
      { phase, requests: [...inFlight.values()], jobs: parts.activeJobs(), resources: counts, timeoutMs: parts.timeoutMs },
      `shutdown deadline passed while ${phase}: still open ${
        [...[...inFlight.values()].map((r) => `request ${r}`), ...parts.activeJobs().map((j) => `job ${j.kind}#${j.id}`)].join(', ') ||
        Object.entries(counts)
          .map(([k, n]) => `${k}×${n}`)
          .join(', ')
      }`,
    )
    server?.closeAllConnections()
    exit(1)
  }

  async function run(signal: string) {
    log.info({ signal, timeoutMs: parts.timeoutMs }, 'shutting down: draining requests and stopping jobs')
    const deadline = setTimeout(onDeadline, parts.timeoutMs)
    deadline.unref()
    try {
      // a signal during start-up: let migrations and seeding finish their step, then stop (no listening)
      await startup.catch(() => undefined)
      phase = 'draining requests'
      const closed = server ? new Promise<void>((r) => server!.close(() => r())) : Promise.resolve()
      for (const res of inFlight.keys()) closeAfterResponse(res)
      server?.closeIdleConnections()
      phase = 'stopping jobs'
      await parts.stopJobs()
      phase = 'draining requests'
      await closed
      phase = 'closing the database'
      await parts.closeDatabase()
      clearTimeout(deadline)
      log.info({ ms: Date.now() - started! }, 'shutdown complete')
      exit(0)
    } catch (e) {
      log.error({ phase, err: (e as Error).message }, 'shutdown failed')
      exit(1)
    }
  }

  return {
    /** Call with the HTTP server once it exists; requests are tracked from then on. */
    track,
    /** Start-up in progress: a shutdown waits for it before closing anything. */
    startingUp(p: Promise<unknown>) {
      startup = p
    },
    /** True once a signal arrived: start-up stops at its next step instead of listening. */
    get stopping() {
      return started !== null
    },
    /** Signal handler. */
    begin(signal: string) {
      if (started !== null) {
        log.warn({ signal, phase }, 'second signal: exiting at once')
        exit(SIGNAL_EXIT[signal] ?? 1)
      }
      started = Date.now()
      void run(signal)
    },
  }
}

export type Shutdown = ReturnType<typeof createShutdown>
