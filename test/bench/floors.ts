/**
 * Same-work floors (issue 21): what the dashboard and a submission cost without our framework, middleware
 * and rendering, so that `ratio dashboard/floor` and `ratio submit/floor` show what those add.
 *
 * Dashboard floor: the statements one warm dashboard request sends to the driver are captured by a
 * dialect wrapper (the portal's own app, in this process, same connect()), then a bare @hono/node-server
 * handler replays exactly those compiled statements through the same Kysely driver and answers a constant
 * body of the same size.
 */
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely'

export interface CapturedQuery {
  sql: string
  parameters: readonly unknown[]
}

/** Wraps a dialect so that every statement sent to the driver is handed to `onQuery` (when set). */
export function capturingDialect(inner: Dialect, sink: { onQuery: ((q: CompiledQuery) => void) | null }): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createDriver: (): Driver => {
      const driver = inner.createDriver()
      const inners = new Map<DatabaseConnection, DatabaseConnection>()
      const wrappers = new Map<DatabaseConnection, DatabaseConnection>()
      const wrap = (conn: DatabaseConnection): DatabaseConnection => {
        let w = wrappers.get(conn)
        if (!w) {
          w = {
            executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
              sink.onQuery?.(q)
              return conn.executeQuery<R>(q)
            },
            streamQuery: <R>(q: CompiledQuery, chunkSize?: number) => conn.streamQuery<R>(q, chunkSize),
          }
          wrappers.set(conn, w)
          inners.set(w, conn)
        }
        return w
      }
      const unwrap = (w: DatabaseConnection) => inners.get(w) ?? w
      return {
        init: () => driver.init(),
        acquireConnection: async () => wrap(await driver.acquireConnection()),
        beginTransaction: (c, s: TransactionSettings) => driver.beginTransaction(unwrap(c), s),
        commitTransaction: (c) => driver.commitTransaction(unwrap(c)),
        rollbackTransaction: (c) => driver.rollbackTransaction(unwrap(c)),
        releaseConnection: (c) => driver.releaseConnection(unwrap(c)),
        destroy: () => driver.destroy(),
      }
    },
  }
}
