import { Kysely, MysqlDialect, SqliteDialect, CamelCasePlugin } from 'kysely'
import SQLite from 'better-sqlite3'
import { createPool } from 'mysql2'
import fs from 'node:fs'
import path from 'node:path'
import type { Database } from './database.js'

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
export function connect(opts: { databaseUrl: string | null; sqliteFile: string }): DbHandle {
  const plugins = [new CamelCasePlugin()]
  if (opts.databaseUrl) {
    const pool = createPool({
      uri: opts.databaseUrl,
      connectionLimit: 10,
      charset: 'utf8mb4_unicode_ci',
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: false,
      timezone: 'Z',
      connectTimeout: 5000,
    })
    const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool }), plugins })
    return { db, dialect: 'mysql', destroy: () => db.destroy() }
  }
  fs.mkdirSync(path.dirname(opts.sqliteFile), { recursive: true })
  const sqlite = new SQLite(opts.sqliteFile)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  cachePreparedStatements(sqlite)
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins })
  return { db, dialect: 'sqlite', destroy: () => db.destroy() }
}

/**
 * Kysely's SQLite driver prepares every statement anew; profiling the dashboard showed ~10% of CPU in
 * prepare. The SQL text is the same for every call of a query, so a bounded cache of prepared
 * statements is safe (docs/quality.md).
 */
function cachePreparedStatements(sqlite: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>()
  const prepare = sqlite.prepare.bind(sqlite)
  sqlite.prepare = ((sql: string) => {
    let st = cache.get(sql)
    if (!st) {
      st = prepare(sql)
      if (cache.size >= max) cache.delete(cache.keys().next().value!)
      cache.set(sql, st)
    }
    return st
  }) as typeof sqlite.prepare
}
