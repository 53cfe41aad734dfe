/**
 * The one check for every redirect target taken from a request (`next`, `return_to`, a Referer …).
 * Only a same-origin relative path is followed; anything else gives `fallback`:
 * - must start with exactly one `/` (no `//host`, no scheme, no `/\host`);
 * - no control characters (tab, CR, LF …) and no backslash, in the raw value or after decoding
 *   (percent-encoding is undone up to three times, so `%2F%2F`, `%5C`, `%0d%0a` are caught too);
 * - resolved against a placeholder origin it must stay on that origin.
 * The result is re-serialised by the URL parser, so it is always a valid header value (no CR/LF,
 * non-ASCII percent-encoded) and a redirect never answers 500.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const BAD = /[\u0000-\u001f\u007f-\u009f\\\u2028\u2029]/
const BASE = 'http://placeholder.invalid'

export function safeRedirectPath(target: unknown, fallback: string): string {
  if (typeof target !== 'string' || target.length === 0 || target.length > 2048) return fallback
  let v = target
  for (let i = 0; i < 4; i++) {
    if (BAD.test(v) || !v.startsWith('/') || v.startsWith('//')) return fallback
    if (i === 3) break
    let decoded: string
    try {
      decoded = decodeURIComponent(v)
    } catch {
      return fallback
    }
    if (decoded === v) break
    v = decoded
  }
  let u: URL
  try {
    u = new URL(target, BASE)
  } catch {
    return fallback
  }
  if (u.origin !== BASE) return fallback
  const out = u.pathname + u.search + u.hash
  return out.startsWith('/') && !out.startsWith('//') ? out : fallback
}

/** A Referer (absolute URL) → our own path, when it names this site; else `fallback`. */
export function refererPath(referer: string | undefined, requestUrl: string, fallback: string): string {
  if (!referer) return fallback
  try {
    const r = new URL(referer)
    if (r.origin !== new URL(requestUrl).origin) return fallback
    return safeRedirectPath(r.pathname + r.search, fallback)
  } catch {
    return fallback
  }
}
