import pino from 'pino'

/**
 * Structured JSON logs. Personal data must never reach them: we never log request bodies
 * or query strings, pino redacts the usual secret keys, and every string that goes out is
 * scrubbed of anything shaped like a phone, ID, bank number or one-time code.
 */
const SCRUBBERS: [RegExp, string][] = [
  [/\b\d{17}[\dXx]\b/g, '[id]'],
  [/\b\d{12,19}\b/g, '[number]'],
  [/\b1[3-9]\d{9}\b/g, '[phone]'],
  [/\b\d{6}\b/g, '[code]'],
]

export function scrub(s: string): string {
  let out = s
  for (const [re, rep] of SCRUBBERS) out = out.replace(re, rep)
  return out
}

function scrubDeep(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return scrub(v)
  if (depth > 5 || v === null || typeof v !== 'object') return v
  if (v instanceof Error) return { type: v.name, message: scrub(v.message), stack: v.stack ? scrub(v.stack) : undefined }
  if (Array.isArray(v)) return v.map((x) => scrubDeep(x, depth + 1))
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, scrubDeep(x, depth + 1)]))
}

export type Logger = pino.Logger

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          'password',
          '*.password',
          'sms_code',
          '*.sms_code',
          'code',
          '*.code',
          'totp',
          '*.totp',
          'id_number',
          '*.id_number',
          'bank_account',
          '*.bank_account',
          'authorization',
          'cookie',
          '*.cookie',
          'req.headers.cookie',
        ],
        censor: '[redacted]',
      },
      formatters: {
        log: (obj) => scrubDeep(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>)
        },
      },
    },
    destination,
  )
}

/** Log lines kept in memory while stdout is not being read; past this they are dropped rather than growing without end. */
const MAX_BUFFERED_LOG = 8 * 1024 * 1024

export interface StdoutLog {
  stream: pino.DestinationStream
  /**
   * Writes what is still buffered, waiting at most `ms` for a reader that is slow or gone, then
   * closes the stream so nothing at process exit can wait for it again (docs/decisions/0120).
   */
  flushForExit(ms: number): void
}

/**
 * The server's stdout destination. pino's default one retries a blocked write every 100 ms for ever,
 * and its exit hook flushes synchronously with the same unbounded retry: with a stdout pipe that
 * nobody drains, `process.exit` then never returns (issue 22). Here the retry is bounded once the
 * process is exiting, a write error never throws, and the in-memory backlog is capped.
 */
export function createStdoutLog(): StdoutLog {
  // Creating process.stdout makes libuv put a pipe or socket on fd 1 into non-blocking mode, so a
  // full pipe gives EAGAIN instead of blocking a thread-pool thread that process.exit would wait for.
  const fd = process.stdout.fd
  let exitBy = Infinity
  const stream = pino.destination({ dest: fd, sync: false, maxLength: MAX_BUFFERED_LOG, retryEAGAIN: () => Date.now() < exitBy })
  stream.on('error', () => {
    /* stdout closed or still blocked at exit: the line is lost, the process is not */
  })
  return {
    stream,
    flushForExit(ms) {
      if (exitBy !== Infinity) return
      exitBy = Date.now() + ms
      try {
        stream.flushSync()
      } catch {
        /* not written within ms: dropped */
      }
      stream.destroy()
    },
  }
}
