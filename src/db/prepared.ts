import { CompiledQuery, type Compilable, type Kysely } from 'kysely'
import type { Database } from './database.js'

/**
 * Reuses the compiled SQL of a hot query. Building a Kysely query and compiling it (including the
 * camel-case plugin's walk over the tree) costs tens of microseconds per query; profiling the signed-in
 * pages showed Kysely's own code as the largest CPU item (docs/quality.md). `prepared(build)` builds the
 * query once per database handle with marker arguments, records where each argument lands in the
 * parameter list, and afterwards only substitutes values — Kysely's recipe "splitting query building
 * and execution" (compile, then db.executeQuery), plus the argument slots.
 * Only for queries whose SQL does not depend on the arguments' values: no `in` lists of varying
 * length, no clauses added conditionally.
 */
export function prepared<A extends unknown[], R>(build: (db: Kysely<Database>, ...args: A) => Compilable<R>) {
  const cache = new WeakMap<Kysely<Database>, { sql: string; slots: ({ arg: number } | { value: unknown })[] }>()
  return async (db: Kysely<Database>, ...args: A): Promise<R[]> => {
    let c = cache.get(db)
    if (!c) {
      const markers = args.map((_, i) => new Marker(i))
      const compiled = build(db, ...(markers as A)).compile()
      c = { sql: compiled.sql, slots: compiled.parameters.map((p) => (p instanceof Marker ? { arg: p.index } : { value: p })) }
      cache.set(db, c)
    }
    const parameters = c.slots.map((s) => ('arg' in s ? args[s.arg] : s.value))
    return (await db.executeQuery<R>(CompiledQuery.raw(c.sql, parameters))).rows
  }
}

class Marker {
  constructor(readonly index: number) {}
}
