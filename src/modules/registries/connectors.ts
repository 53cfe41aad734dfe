import type { RegistrySource } from './schemas.js'

/**
 * One interface for every registry. `lookup` answers the source's record of `key` (an ID number, or a
 * USCC for `enterprise`), `null` when the source has none, and throws when the source cannot be reached
 * in time — the caller falls back to manual entry with a note.
 */
export interface RegistryConnector {
  readonly kind: 'development' | 'http'
  lookup(source: RegistrySource, key: string): Promise<unknown>
}

export interface HttpRegistryConfig {
  url: string
  token: string | null
  timeoutMs: number
}

export class RegistryUnavailable extends Error {}

/**
 * A real registry over HTTP(S): `POST {url}` with `{"key": …}` as JSON and `Authorization: Bearer <token>`
 * when a token is configured; 200 with the record as JSON, 404 for none. Anything else, or no answer
 * within the timeout, is "unavailable". The key travels only in the body, never in a URL (logs).
 */
export function httpConnector(
  configs: Partial<Record<RegistrySource, HttpRegistryConfig>>,
  fallback: RegistryConnector,
): RegistryConnector {
  return {
    kind: 'http',
    async lookup(source, key) {
      const cfg = configs[source]
      if (!cfg) return fallback.lookup(source, key)
      let res: Response
      try {
        res = await fetch(cfg.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            ...(cfg.token ? { authorization: `Bearer ${cfg.token}` } : {}),
          },
          body: JSON.stringify({ key }),
          signal: AbortSignal.timeout(cfg.timeoutMs),
        })
      } catch (err) {
        throw new RegistryUnavailable(`${source}: ${(err as Error).name}`)
      }
      if (res.status === 404) return null
      if (!res.ok) throw new RegistryUnavailable(`${source}: HTTP ${res.status}`)
      try {
        return (await res.json()) as unknown
      } catch {
        throw new RegistryUnavailable(`${source}: not JSON`)
      }
    },
  }
}
