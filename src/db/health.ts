import { sql, type Kysely } from 'kysely'
import type { Database } from './database.js'

/**
 * The /healthz probe: one read of a real table (on a Galera node that is not synced with the cluster,
 * table reads fail with 1047 while `SELECT 1` might not), abandoned after `timeoutMs` so a load
 * balancer sees 503 within a few seconds even when the database host has vanished and TCP would wait.
 */
export async function databaseAnswers(db: Kysely<Database>, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs)
  })
  const probe = sql`select 1 from kysely_migration limit 1`.execute(db).then(
    () => true,
    () => false,
  )
  try {
    return await Promise.race([probe, timeout])
  } finally {
    clearTimeout(timer)
  }
}
