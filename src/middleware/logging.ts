import { factory } from './env.js'

/** One structured line per request: no query string, no body, no cookies. */
export const requestLog = factory.createMiddleware(async (c, next) => {
  const start = performance.now()
  await next()
  const { logger } = c.get('services').deps
  const status = c.res.status
  // at the production level (warn) a 2xx–4xx line is never written: do not build it (issue 21)
  if (status < 500 && !logger.isLevelEnabled('info')) return
  const line = {
    reqId: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    status,
    ms: Math.round(performance.now() - start),
  }
  if (status >= 500) logger.error(line, 'request failed')
  else logger.info(line, 'request')
})
