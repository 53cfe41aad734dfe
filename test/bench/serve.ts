/**
 * The comparison servers, each run as its own process by run.ts (as the portal is), so every server
 * in the table gets the same treatment: one process, the load generator in another.
 *   tsx test/bench/serve.ts ceiling            bare @hono/node-server "hello"
 *   tsx test/bench/serve.ts peer               Express + Nunjucks "my applications" (bench/peers/)
 *   tsx test/bench/serve.ts floor              bare @hono/node-server replaying the dashboard's statements (floors.ts)
 * Env: PORT; for the peer and the floor also DATA_DIR or DATABASE_URL, and APP_KEY (for the session-token key);
 * for the floor BENCH_COOKIE (the signed-in citizen's cookie header).
 * Prints "listening" once it accepts connections.
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import path from 'node:path'
import type { CompiledQuery } from 'kysely'
import { connect } from '../../src/db/connect.js'
import { createFieldCrypto } from '../../src/lib/crypto.js'
import { createPeerApp } from '../../bench/peers/express-nunjucks.js'
import { loadConfig } from '../../src/config.js'
import { buildDeps, createServices } from '../../src/bootstrap.js'
import { createApp } from '../../src/app.js'
import { createLogger } from '../../src/lib/logger.js'
import { capturingDialect } from './floors.js'

const port = Number(process.env.PORT)
const dbOpts = {
  databaseUrl: process.env.DATABASE_URL ?? null,
  sqliteFile: path.join(process.env.DATA_DIR ?? 'data', 'portal.db'),
}
if (process.argv[2] === 'ceiling') {
  const bare = new Hono()
  bare.get('/', (c) => c.text('hello'))
  serve({ fetch: bare.fetch, port, hostname: '127.0.0.1' }, () => console.log('listening'))
} else if (process.argv[2] === 'floor') {
  // The portal's own app in this process, on a connection whose driver reports every statement: a few
  // warm-up requests (caches filled, as under load), then one request whose statements are kept.
  const sink: { onQuery: ((q: CompiledQuery) => void) | null } = { onQuery: null }
  const handle = connect({ ...dbOpts, wrapDialect: (d) => capturingDialect(d, sink) })
  const config = loadConfig({ ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'silent' })
  const services = createServices(buildDeps(config, { db: handle.db, dialect: handle.dialect, logger: createLogger('silent') }))
  const app = createApp(services)
  const get = () => app.request('http://127.0.0.1/applications', { headers: { cookie: process.env.BENCH_COOKIE ?? '' } })
  for (let i = 0; i < 20; i++) await (await get()).text()
  const statements: CompiledQuery[] = []
  sink.onQuery = (q) => statements.push(q)
  const res = await get()
  const body = await res.text()
  sink.onQuery = null
  if (res.status !== 200) throw new Error(`floor: the dashboard answered ${res.status}`)
  process.stderr.write(`  floor: ${statements.length} statements, ${Buffer.byteLength(body)} bytes\n`)
  const bare = new Hono()
  bare.get('/applications', async (c) => {
    for (const q of statements) await handle.db.executeQuery(q)
    return c.html(body)
  })
  serve({ fetch: bare.fetch, port, hostname: '127.0.0.1' }, () => console.log('listening'))
} else {
  const { db } = connect(dbOpts)
  createPeerApp(db, createFieldCrypto(Buffer.from(process.env.APP_KEY ?? '', 'base64'))).listen(port, '127.0.0.1', () =>
    console.log('listening'),
  )
}
