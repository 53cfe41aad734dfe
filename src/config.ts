import { z } from 'zod'
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { parseDateOnly } from './lib/time.js'
import net from 'node:net'

/**
 * The only module that interprets the environment. `loadConfig(env)` is pure apart from
 * creating DATA_DIR and the development key file; `src/server.ts` and `src/cli.ts` pass
 * `process.env`, tests pass a literal object.
 */
const ISO_INSTANT =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/
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
  /** Audit chain MAC key (base64 32 bytes); unset → derived from APP_KEY with HKDF under its own label. */
  AUDIT_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of exactly 32 bytes')
    .optional(),
  /** Ed25519 private key (base64 of the 32-byte seed) that signs audit checkpoints; unset → generated into DATA_DIR. */
  AUDIT_SIGNING_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of a 32-byte Ed25519 seed')
    .optional(),
  /** Where signed checkpoints of the audit chain head are written (outside the database). */
  AUDIT_CHECKPOINT_DIR: z.string().min(1).optional(),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(183, 'must be at least 183 (6 months)').default(1095),
  /** 秒批: share of instant approvals drawn for a supervisor's check, and how many first ones under a new rule-set version always are. */
  SAMPLING_RATE: z.coerce.number().min(0).max(1).default(0.1),
  SAMPLING_FIRST: z.coerce.number().int().min(0).max(1000).default(10),
  MAIL_FROM: z.string().default('人才一站式网上办事大厅 <noreply@talent.gov.example>'),
  /** Admission control (申报首日, decision 0236): requests handled at once, how many more may wait, for how long, and the Retry-After of the 排队 page. */
  ADMISSION_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(32),
  ADMISSION_QUEUE: z.coerce.number().int().min(0).max(100_000).default(128),
  ADMISSION_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(300),
  ADMISSION_RETRY_AFTER_S: z.coerce.number().int().min(1).max(600).default(3),
  ADMISSION_MAX_LAG_MS: z.coerce.number().int().min(0).max(60_000).optional(),
  /** Group commit (decision 0270): most submissions sharing one COMMIT; 1 = every submission its own transaction. */
  GROUP_COMMIT_MAX_BATCH: z.coerce.number().int().min(1).max(1000).default(32),
  /** Groups committing at once on MySQL/MariaDB (SQLite: one writer, always 1). */
  GROUP_COMMIT_PARALLEL: z.coerce.number().int().min(1).max(100).default(4),
  /** Hard deadline for a graceful shutdown after SIGTERM/SIGINT; past it the process logs what is still open and exits 1. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Development and test only: the instant the portal's clock starts at; it then runs on. */
  APP_NOW: z
    .string()
    .regex(ISO_INSTANT, 'must be an ISO 8601 instant with a time zone, e.g. 2026-11-23T09:30:00+08:00')
    .refine((v) => parseDateOnly(v.slice(0, 10)) !== null, 'must be an ISO 8601 instant with a time zone, e.g. 2026-11-23T09:30:00+08:00')
    .optional(),
  /** Comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For is believed. */
  TRUST_PROXY: z
    .string()
    .refine((v) => proxyEntries(v).every(isProxyEntry), 'must be comma-separated IP addresses or CIDRs, e.g. 10.0.0.0/8,::1')
    .optional(),
  /** The address citizens use (links in mail and SMS): http(s)://host[:port][/prefix], no query. */
  PUBLIC_URL: z
    .string()
    .refine(isPublicUrl, 'must be an http:// or https:// URL without query or fragment, e.g. https://rencai.example.gov.cn')
    .optional(),
  /** The government-site footer (政府网站 identification): each item is shown only when set. */
  SITE_ORGANISER: z.string().max(100).default('市人力资源和社会保障局 人才服务中心'),
  SITE_IDENTIFIER: z
    .string()
    .regex(/^[0-9A-Za-z]{10}$/, 'must be the 10-character 网站标识码, e.g. 4401000001')
    .optional(),
  SITE_ICP: z.string().max(60).optional(),
  SITE_PSB: z.string().max(60).optional(),
  /** The 公安备案 record number alone (digits) for the link to beian.mps.gov.cn; taken from SITE_PSB when unset. */
  SITE_PSB_CODE: z
    .string()
    .regex(/^\d{6,20}$/, 'must be the digits of the 公安备案 number')
    .optional(),
  /** 1 shows the 党政机关 mark (only for a site registered with 中央机构编制委员会办公室); its verification link is SITE_CONAC_URL. */
  SITE_GOV_MARK: z.enum(['0', '1']).default('0'),
  SITE_CONAC_URL: z
    .string()
    .regex(/^https:\/\/.+/, 'must be an https:// URL')
    .optional(),
  SITE_DESCRIPTION: z.string().max(200).optional(),
  ...registryEnv(),
})

const proxyEntries = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
function isProxyEntry(e: string): boolean {
  const [addr, bits, ...rest] = e.split('/')
  const kind = net.isIP(addr)
  if (!kind || rest.length) return false
  if (bits === undefined) return true
  const n = Number(bits)
  return /^\d{1,3}$/.test(bits) && n >= 0 && n <= (kind === 4 ? 32 : 128)
}
function isPublicUrl(v: string): boolean {
  try {
    const u = new URL(v)
    return (u.protocol === 'http:' || u.protocol === 'https:') && !u.search && !u.hash && !u.username && !u.password
  } catch {
    return false
  }
}

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
  samplingRate: number
  samplingFirst: number
  auditRetentionDays: number
  /** AUDIT_KEY, or null: the audit MAC key is then derived from APP_KEY (and APP_KEY_PREVIOUS for old rows). */
  auditKey: Buffer | null
  /** Ed25519 seed signing checkpoints; `auditSigningKeyGenerated` says it came from DATA_DIR, not the environment. */
  auditSigningKey: Buffer
  auditSigningKeyGenerated: boolean
  auditCheckpointDir: string
  shutdownTimeoutMs: number
  /** ADMISSION_*: bounded concurrency, queue length, queue wait and the 排队 page's Retry-After. */
  admission: { concurrency: number; queue: number; waitMs: number; retryAfterS: number; maxLagMs: number }
  /** GROUP_COMMIT_MAX_BATCH: most submissions in one shared transaction (decision 0270). */
  groupCommitMaxBatch: number
  groupCommitParallel: number
  /** APP_NOW: where the clock starts (development and test only); null = the real time. */
  appNow: Date | null
  /** Reverse proxies (addresses / CIDRs) whose X-Forwarded-For and X-Request-Id are believed. */
  trustProxy: string[]
  /** Base of every link sent out (mail, SMS), without a trailing slash; never the request's Host. */
  publicUrl: string
  /** false when PUBLIC_URL was not set (production start-up then warns: links point at localhost). */
  publicUrlConfigured: boolean
  /** The footer's government-site items and the default meta description (README, "Government footer"). */
  site: SiteConfig
  /** Registry sources connected over HTTP; a source not listed uses the development registry in the database. */
  registries: Partial<Record<keyof typeof REGISTRY_ENV, { url: string; token: string | null; timeoutMs: number }>>
}

export interface SiteConfig {
  organiser: string
  identifier: string | null
  icp: string | null
  psb: string | null
  psbCode: string | null
  govMark: boolean
  conacUrl: string | null
  description: string | null
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
  if (production && e.APP_NOW) {
    throw new ConfigError('配置错误 / invalid configuration: APP_NOW is for development and test only; unset it when NODE_ENV=production')
  }
  const dataDir = path.resolve(e.DATA_DIR)
  fs.mkdirSync(dataDir, { recursive: true })
  const appKey = e.APP_KEY ? Buffer.from(e.APP_KEY, 'base64') : developmentKey(dataDir, 'app.key')
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
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    auditKey: e.AUDIT_KEY ? Buffer.from(e.AUDIT_KEY, 'base64') : null,
    auditSigningKey: e.AUDIT_SIGNING_KEY ? Buffer.from(e.AUDIT_SIGNING_KEY, 'base64') : developmentKey(dataDir, 'audit-signing.key'),
    auditSigningKeyGenerated: !e.AUDIT_SIGNING_KEY,
    auditCheckpointDir: path.resolve(e.AUDIT_CHECKPOINT_DIR ?? path.join(dataDir, 'audit-checkpoints')),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    admission: {
      concurrency: e.ADMISSION_CONCURRENCY,
      queue: e.ADMISSION_QUEUE,
      waitMs: e.ADMISSION_WAIT_MS,
      retryAfterS: e.ADMISSION_RETRY_AFTER_S,
      // off outside production: tests and development block the loop on purpose (seeding, hashing) between requests
      maxLagMs: e.ADMISSION_MAX_LAG_MS ?? (production ? 500 : 0),
    },
    groupCommitMaxBatch: e.GROUP_COMMIT_MAX_BATCH,
    groupCommitParallel: e.GROUP_COMMIT_PARALLEL,
    appNow: e.APP_NOW ? new Date(e.APP_NOW) : null,
    trustProxy: proxyEntries(e.TRUST_PROXY ?? ''),
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    publicUrlConfigured: !!e.PUBLIC_URL,
    site: {
      organiser: e.SITE_ORGANISER,
      identifier: e.SITE_IDENTIFIER ?? null,
      icp: e.SITE_ICP ?? null,
      psb: e.SITE_PSB ?? null,
      psbCode: e.SITE_PSB_CODE ?? (e.SITE_PSB ? (/(\d{6,20})/.exec(e.SITE_PSB)?.[1] ?? null) : null),
      govMark: e.SITE_GOV_MARK === '1',
      conacUrl: e.SITE_CONAC_URL ?? null,
      description: e.SITE_DESCRIPTION ?? null,
    },
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

/** A random 32-byte key kept in DATA_DIR so restarts can still use it (development APP_KEY, unset AUDIT_SIGNING_KEY). */
function developmentKey(dataDir: string, name: string): Buffer {
  const file = path.join(dataDir, name)
  if (fs.existsSync(file)) {
    const b = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64')
    if (b.length === 32) return b
  }
  const key = crypto.randomBytes(32)
  fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600 })
  return key
}
