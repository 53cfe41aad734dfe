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
