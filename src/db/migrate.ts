import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Dialect } from './connect.js'

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations')

export async function migrateToLatest<DB>(db: Kysely<DB>, dialect: Dialect): Promise<string[]> {
  if (dialect === 'mysql') {
    // Chinese text needs utf8mb4 whatever the server default; tables inherit the database charset.
    await sql`ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`.execute(db)
  }
  const migrator = new Migrator({
    db,
    provider: new TsMigrationProvider(MIGRATIONS_DIR),
  })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    throw new Error(`migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${(error as Error)?.message ?? error}`)
  }
  return (results ?? []).map((r) => r.migrationName)
}

/**
 * Kysely's FileMigrationProvider imports from inside node_modules, where neither tsx nor vitest
 * transform TypeScript; importing from here lets both load migrations/*.ts unchanged.
 */
class TsMigrationProvider implements MigrationProvider {
  constructor(private dir: string) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {}
    for (const f of (await fs.readdir(this.dir)).sort()) {
      // .ts from the source tree (tsx, vitest), .js from npm start's build (scripts/build.ts)
      if (!/^\d{12}_[a-z0-9_]+\.(ts|js)$/.test(f)) continue
      const mod = (await import(pathToFileURL(path.join(this.dir, f)).href)) as Migration
      out[f.replace(/\.(ts|js)$/, '')] = mod
    }
    return out
  }
}
