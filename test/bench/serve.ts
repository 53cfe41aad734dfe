/**
 * The comparison servers, each run as its own process by run.ts (as the portal is), so every server
 * in the table gets the same treatment: one process, the load generator in another.
 *   tsx test/bench/serve.ts ceiling            bare @hono/node-server "hello"
 *   tsx test/bench/serve.ts peer               Express + Nunjucks "my applications" (bench/peers/)
 * Env: PORT; for the peer also DATA_DIR or DATABASE_URL, and APP_KEY (for the session-token key).
 * Prints "listening" once it accepts connections.
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import path from 'node:path'
import { connect } from '../../src/db/connect.js'
import { createFieldCrypto } from '../../src/lib/crypto.js'
import { createPeerApp } from '../../bench/peers/express-nunjucks.js'

const port = Number(process.env.PORT)
if (process.argv[2] === 'ceiling') {
  const bare = new Hono()
  bare.get('/', (c) => c.text('hello'))
  serve({ fetch: bare.fetch, port, hostname: '127.0.0.1' }, () => console.log('listening'))
} else {
  const { db } = connect({
    databaseUrl: process.env.DATABASE_URL ?? null,
    sqliteFile: path.join(process.env.DATA_DIR ?? 'data', 'portal.db'),
  })
  const tokenKey = createFieldCrypto(Buffer.from(process.env.APP_KEY ?? '', 'base64')).tokenKey
  createPeerApp(db, tokenKey).listen(port, '127.0.0.1', () => console.log('listening'))
}
