import { z } from 'zod'
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'

/**
 * The only module that interprets the environment. `loadConfig(env)` is pure apart from
 * creating DATA_DIR and the development key file; `src/server.ts` and `src/cli.ts` pass
 * `process.env`, tests pass a literal object.
 */
/** Per registry source: REGISTRY_<SOURCE>_URL (unset → the development registry in the database), _TOKEN, _TIMEOUT_MS. */
const REGISTRY_ENV = { education: 'EDUCATION', 'social-insurance': 'SOCIAL_INSURANCE', credit: 'CREDIT', enterprise: 'ENTERPRISE' } as const
function registryEnv() {
  const out: Record<string, z.ZodType> = {}
  for (const name of Object.values(REGISTRY_ENV)) {
    out[`REGISTRY_${name}_URL`] = z
      .string()
      .regex(/^https?:\/\/.+/, 'must be an http:// or https:// URL')
      .optional()
    out[`REGISTRY_${name}_TOKEN`] = z.string().optional()
    out[`REGISTRY_${name}_TIMEOUT_MS`] = z.coerce.number().int().min(100).max(30_000).default(3000)
  }
  return out
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^mysql:\/\/.+/, 'must be a mysql://user:pass@host:port/db URL')
    .optional(),
  APP_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of exactly 32 bytes')
    .optional(),
  /** Earlier keys still accepted for decryption during rotation: comma-separated base64 keys. */
  APP_KEY_PREVIOUS: z.string().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  SMS_OUTBOX: z.string().min(1).optional(),
  DEMO_DATA: z.enum(['0', '1']).default('1'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
  JOBS_IN_PROCESS: z.enum(['0', '1']).default('1'),
  /** Queued jobs a worker runs at once; default 1 on SQLite (one writer), 8 on MySQL/MariaDB. */
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(32).optional(),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(183, 'must be at least 183 (6 months)').default(1095),
  /** The address citizens reach the portal at: links in mail and the certificates' QR codes are built from it. */
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^/]+$/, 'must be an origin such as https://rc.example.gov.cn (no path)')
    .optional(),
  /** 秒批: share of instant approvals drawn for a supervisor's check, and how many first ones under a new rule-set version always are. */
  SAMPLING_RATE: z.coerce.number().min(0).max(1).default(0.1),
  SAMPLING_FIRST: z.coerce.number().int().min(0).max(1000).default(10),
  MAIL_FROM: z.string().default('人才一站式网上办事大厅 <noreply@talent.gov.example>'),
  ...registryEnv(),
})

export type Config = {
  port: number
  dataDir: string
  databaseUrl: string | null
  dialect: 'sqlite' | 'mysql'
  sqliteFile: string
  appKey: Buffer
  previousAppKeys: Buffer[]
  smtpUrl: string | null
  mailDir: string
  smsOutbox: string
  demoData: boolean
  production: boolean
  nodeEnv: 'development' | 'production' | 'test'
  logLevel: string
  jobsInProcess: boolean
  jobsConcurrency: number
  mailFrom: string
  publicUrl: string
  samplingRate: number
  samplingFirst: number
  auditRetentionDays: number
  /** Registry sources connected over HTTP; a source not listed uses the development registry in the database. */
  registries: Partial<Record<keyof typeof REGISTRY_ENV, { url: string; token: string | null; timeoutMs: number }>>
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = envSchema.safeParse(cleaned)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ConfigError(`配置错误 / invalid configuration: ${String(issue.path[0])} ${issue.message}`)
  }
  const e = parsed.data
  const reg = e as Record<string, unknown>
  const production = e.NODE_ENV === 'production'
  if (production && !e.APP_KEY) {
    throw new ConfigError('配置错误 / invalid configuration: APP_KEY is required when NODE_ENV=production')
  }
  const dataDir = path.resolve(e.DATA_DIR)
  fs.mkdirSync(dataDir, { recursive: true })
  const appKey = e.APP_KEY ? Buffer.from(e.APP_KEY, 'base64') : developmentKey(dataDir)
  const previousAppKeys = (e.APP_KEY_PREVIOUS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s, i) => {
      const b = Buffer.from(s, 'base64')
      if (b.length !== 32)
        throw new ConfigError(`配置错误 / invalid configuration: APP_KEY_PREVIOUS entry ${i + 1} must be base64 of 32 bytes`)
      return b
    })
  return {
    port: e.PORT,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? null,
    dialect: e.DATABASE_URL ? 'mysql' : 'sqlite',
    sqliteFile: path.join(dataDir, 'portal.db'),
    appKey,
    previousAppKeys,
    smtpUrl: e.SMTP_URL ?? null,
    mailDir: path.join(dataDir, 'outbox', 'mail'),
    smsOutbox: path.resolve(e.SMS_OUTBOX ?? path.join(dataDir, 'outbox', 'sms.jsonl')),
    demoData: e.DEMO_DATA === '1',
    production,
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    jobsInProcess: e.JOBS_IN_PROCESS === '1',
    jobsConcurrency: e.JOBS_CONCURRENCY ?? (e.DATABASE_URL ? 8 : 1),
    mailFrom: e.MAIL_FROM,
    samplingRate: e.SAMPLING_RATE,
    samplingFirst: e.SAMPLING_FIRST,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    registries: Object.fromEntries(
      Object.entries(REGISTRY_ENV)
        .filter(([, n]) => reg[`REGISTRY_${n}_URL`])
        .map(([source, n]) => [
          source,
          {
            url: reg[`REGISTRY_${n}_URL`] as string,
            token: (reg[`REGISTRY_${n}_TOKEN`] as string | undefined) ?? null,
            timeoutMs: reg[`REGISTRY_${n}_TIMEOUT_MS`] as number,
          },
        ]),
    ),
  }
}

/** Development only: a random key kept in DATA_DIR so restarts can still decrypt. */
function developmentKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'app.key')
  if (fs.existsSync(file)) {
    const b = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64')
    if (b.length === 32) return b
  }
  const key = crypto.randomBytes(32)
  fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600 })
  return key
}
