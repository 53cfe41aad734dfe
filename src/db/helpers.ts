import type { SelectQueryBuilder } from 'kysely'
import type { Dialect } from './connect.js'

/** MySQL has no RETURNING: both dialects report insertId, so ids come from there. */
export function insertedId(r: { insertId?: bigint | number }): number {
  if (r.insertId === undefined) throw new Error('insert returned no id')
  return Number(r.insertId)
}

/** Row lock where the dialect has one; SQLite serialises writers on its own. */
export function forUpdate<DB, TB extends keyof DB, O>(q: SelectQueryBuilder<DB, TB, O>, dialect: Dialect) {
  return dialect === 'mysql' ? q.forUpdate() : q
}

/** Unique-constraint violation on either dialect. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; errno?: number; message?: string }
  return (
    err?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    err?.code === 'ER_DUP_ENTRY' ||
    err?.errno === 1062
  )
}
