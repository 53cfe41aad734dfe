/**
 * The load generator, run as its own process by run.ts so that it does not share the event loop,
 * the CPU time or the memory (RSS) of the server it measures. Input: one JSON argument
 * { url, connections, duration, method?, headers?, bodiesFile? } — with bodiesFile, each request
 * sends the next line of that file as its body (e.g. one fresh form_token per submission).
 * Output: autocannon's result as one JSON line on stdout.
 */
import autocannon from 'autocannon'
import fs from 'node:fs'

const opts = JSON.parse(process.argv[2]) as {
  url: string
  connections: number
  duration: number
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  bodiesFile?: string
}
const bodies = opts.bodiesFile ? fs.readFileSync(opts.bodiesFile, 'utf8').split('\n').filter(Boolean) : null
let next = 0
const result = await autocannon({
  url: opts.url,
  connections: opts.connections,
  duration: opts.duration,
  method: opts.method ?? 'GET',
  headers: opts.headers,
  requests: bodies ? [{ setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) }] : undefined,
})
process.stdout.write(`${JSON.stringify(result)}\n`)
