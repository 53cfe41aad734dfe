import { randomUUID } from 'node:crypto'
import { factory } from './env.js'

/** A request id we accept from our own proxy: a safe charset and a bounded length. */
const REQUEST_ID = /^[A-Za-z0-9._:=-]{8,64}$/

/**
 * The client's address (TRUST_PROXY rules, src/lib/client-address.ts) and the request id, set before
 * anything logs or audits. X-Request-Id is taken only from a trusted proxy and only when it matches
 * REQUEST_ID; otherwise a fresh UUID is generated, so nobody outside writes into audit rows.
 */
export const clientContext = factory.createMiddleware(async (c, next) => {
  const { proxyTrust } = c.get('services')
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? null
  const viaProxy = proxyTrust.trusts(socket)
  c.set('clientIp', proxyTrust.clientOf(socket, c.req.header('x-forwarded-for')))
  const incoming = viaProxy ? c.req.header('x-request-id') : undefined
  const id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID()
  c.set('requestId', id)
  c.header('X-Request-Id', id)
  await next()
})
