import { CompiledQuery, type Compilable, type Insertable, type Kysely, type QueryResult } from 'kysely'
import type { Database } from './database.js'

/**
 * Reuses the compiled SQL of a hot query. Building a Kysely query and compiling it (including the
 * camel-case plugin's walk over the tree) costs tens of microseconds per query; profiling the signed-in
 * pages and the submission showed Kysely's own code as the largest CPU item after SQLite (docs/quality.md).
 * `prepared(build)` builds the query once per database with marker arguments, records where each argument
 * lands in the parameter list, and afterwards only substitutes values — Kysely's recipe "splitting query
 * building and execution" (compile, then db.executeQuery), plus the argument slots.
 * Only for queries whose SQL does not depend on the arguments' values: no `in` lists of varying
 * length, no clauses added conditionally.
 *
 * The cache is keyed by the handle's adapter, which a transaction shares with the database it was opened on
 * (Kysely hands its executor's adapter to every transaction), so a query prepared once serves every
 * transaction too — the submission's statements all run in one.
 */
export function prepared<A extends unknown[], R>(build: (db: Kysely<Database>, ...args: A) => Compilable<R>) {
  const run = preparedResult(build)
  return async (db: Kysely<Database>, ...args: A): Promise<R[]> => (await run(db, ...args)).rows
}

/** As prepared(), answering the driver's whole result (numAffectedRows, insertId) rather than the rows. */
export function preparedResult<A extends unknown[], R>(build: (db: Kysely<Database>, ...args: A) => Compilable<R>) {
  const cache = new WeakMap<object, Template>()
  return async (db: Kysely<Database>, ...args: A): Promise<QueryResult<R>> => {
    const key = db.getExecutor().adapter
    let c = cache.get(key)
    if (!c) {
      c = template(build(db, ...(args.map((_, i) => new Marker(i)) as A)).compile())
      cache.set(key, c)
    }
    return db.executeQuery<R>(CompiledQuery.raw(c.sql, fill(c, args)))
  }
}

/**
 * One row into `table`, its INSERT compiled once per set of columns (the row's own keys, in order; a key
 * whose value is undefined is left out, as Kysely does). Answers the new row's id where the table has one.
 */
export function preparedInsert<T extends keyof Database>(table: T) {
  const cache = new WeakMap<object, Map<string, Template>>()
  return async (db: Kysely<Database>, row: Insertable<Database[T]>): Promise<number | undefined> => {
    const keys = Object.keys(row).filter((k) => (row as Record<string, unknown>)[k] !== undefined)
    const adapter = db.getExecutor().adapter
    let byColumns = cache.get(adapter)
    if (!byColumns) cache.set(adapter, (byColumns = new Map<string, Template>()))
    const columns = keys.join()
    let c = byColumns.get(columns)
    if (!c) {
      const markers = Object.fromEntries(keys.map((k, i) => [k, new Marker(i)])) as Insertable<Database[T]>
      // the builder's generic row type is too wide for TypeScript to follow here; the markers stand for `row`'s own values
      c = template((db.insertInto(table) as unknown as { values(v: unknown): Compilable<unknown> }).values(markers).compile())
      byColumns.set(columns, c)
    }
    const values = keys.map((k) => (row as Record<string, unknown>)[k])
    const r = await db.executeQuery(CompiledQuery.raw(c.sql, fill(c, values)))
    return r.insertId === undefined ? undefined : Number(r.insertId)
  }
}

interface Template {
  sql: string
  slots: ({ arg: number } | { value: unknown })[]
}

function template(compiled: CompiledQuery): Template {
  return { sql: compiled.sql, slots: compiled.parameters.map((p) => (p instanceof Marker ? { arg: p.index } : { value: p })) }
}

const fill = (c: Template, args: readonly unknown[]) => c.slots.map((s) => ('arg' in s ? args[s.arg] : s.value))

class Marker {
  constructor(readonly index: number) {}
}
