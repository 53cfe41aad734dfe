/**
 * Sets a header on the response a handler has already returned (middleware after `await next()`).
 *
 * `c.header()` at that point makes hono rebuild the response around its body stream, so a page that was one string
 * leaves as a stream (issue 21). The response's own headers are changed in place instead; only a response whose
 * headers are immutable (none of ours, but a fetched one would be) falls back to `c.header()`.
 */
export function setResponseHeader(c: { res: Response; header: (name: string, value: string) => void }, name: string, value: string) {
  try {
    c.res.headers.set(name, value)
  } catch {
    c.header(name, value)
  }
}
