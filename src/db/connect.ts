import { SqliteDialect, CamelCasePlugin, type Dialect as KyselyDialect, type Kysely } from 'kysely'
import SQLite from 'better-sqlite3'
import { createPool } from 'mysql2'
import fs from 'node:fs'
import path from 'node:path'
import type { Database } from './database.js'
import { GaleraSafeMysqlDialect } from './mysql-dialect.js'
import { DEFAULT_RETRY, RetryingKysely, type RetryPolicy } from './transaction.js'
import { configureGroupCommit } from './group-commit.js'
import { BoundedMap } from '../lib/bounded-map.js'

export type Dialect = 'sqlite' | 'mysql'
export type Db = Kysely<Database>

export interface DbHandle {
  db: Db
  dialect: Dialect
  destroy(): Promise<void>
}

/**
 * SQLite: WAL, foreign keys, 5 s busy timeout (several processes may share the file).
 * MySQL/MariaDB: a mysql2 pool in utf8mb4 with dates kept as strings (we store ISO strings anyway).
 * Columns are snake_case in SQL and camelCase in TypeScript through CamelCasePlugin.
 */
export interface ConnectOptions {
  databaseUrl: string | null
  sqliteFile: string
  /** Told about each retried transaction (the caller logs it once, at debug level). */
  onRetry?: RetryPolicy['onRetry']
  /** Tests wrap the dialect to inject faults (e.g. a deadlock at COMMIT). */
  wrapDialect?: (d: KyselyDialect) => KyselyDialect
  /** Most submissions sharing one COMMIT (GROUP_COMMIT_MAX_BATCH, decision 0270; 1 = each its own). */
  groupCommitMaxBatch?: number
  /** Groups in flight at once on MySQL/MariaDB (GROUP_COMMIT_PARALLEL: 4 of the pool's 10 connections by default); SQLite: always 1. */
  groupCommitParallel?: number
}

export function connect(opts: ConnectOptions): DbHandle {
  const plugins = [new CamelCasePlugin()]
  const policy: RetryPolicy = { ...DEFAULT_RETRY, onRetry: opts.onRetry }
  const wrap = opts.wrapDialect ?? ((d: KyselyDialect) => d)
  if (opts.databaseUrl) {
    const pool = createPool({
      uri: opts.databaseUrl,
      connectionLimit: 10,
      charset: 'utf8mb4_unicode_ci',
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: false,
      timezone: 'Z',
      connectTimeout: 3000,
    })
    // Galera applies replicated writes asynchronously: causal reads (wsrep_sync_wait bit 1) make a request on
    // node B see what node A committed a moment ago. docs/deployment.md sets it in the server config; each
    // session sets it too, so a forgotten config line cannot break a journey across nodes. Without Galera
    // the variable is off or unknown, and the error is ignored.
    pool.on('connection', (conn) => {
      conn.query('SET SESSION wsrep_sync_wait = IF(@@GLOBAL.wsrep_on, @@SESSION.wsrep_sync_wait | 1, @@SESSION.wsrep_sync_wait)', () => {})
    })
    const db = new RetryingKysely<Database>({ dialect: wrap(new GaleraSafeMysqlDialect({ pool })), plugins }, policy)
    configureGroupCommit<Database>(db, { maxBatch: opts.groupCommitMaxBatch, parallel: opts.groupCommitParallel })
    return { db, dialect: 'mysql', destroy: () => db.destroy() }
  }
  fs.mkdirSync(path.dirname(opts.sqliteFile), { recursive: true })
  const sqlite = new SQLite(opts.sqliteFile)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  cachePreparedStatements(sqlite)
  const db = new RetryingKysely<Database>({ dialect: wrap(new SqliteDialect({ database: sqlite })), plugins }, policy)
  configureGroupCommit<Database>(db, { maxBatch: opts.groupCommitMaxBatch })
  return { db, dialect: 'sqlite', destroy: () => db.destroy() }
}

/**
 * Kysely's SQLite driver prepares every statement anew; profiling the dashboard showed ~10% of CPU in
 * prepare. The SQL text is the same for every call of a query, so a bounded cache of prepared
 * statements is safe (docs/quality.md).
 */
function cachePreparedStatements(sqlite: SQLite.Database, max = 500) {
  const cache = new BoundedMap<string, SQLite.Statement>(max)
  const prepare = sqlite.prepare.bind(sqlite)
  sqlite.prepare = ((sql: string) => {
    let st = cache.get(sql)
    if (!st) {
      st = prepare(sql)
      cache.set(sql, st)
    }
    return st
  }) as typeof sqlite.prepare
}
