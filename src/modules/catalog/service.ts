import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import * as repo from './repository.js'
import { DEMO_SERVICES, type FormDefinition, type Guide, type ServiceDefinition, type ServiceEnglish } from './definitions.js'
import { DEMO_ENGLISH } from './english.js'
import type { ServiceRow } from './table.js'
import { CLAIM_RULES } from './claims.js'
import type { CatalogService } from './types.js'
import { localised } from './localise.js'

export type { CatalogService } from './types.js'

function toService(r: ServiceRow): CatalogService {
  const guide = JSON.parse(r.guide) as Guide & { refPrefix?: string }
  const en = r.en ? (JSON.parse(r.en) as ServiceEnglish) : null
  const form = JSON.parse(r.form) as FormDefinition
  // each field carries its English, so a validation message names the field in the reader's language
  if (en) form.fields = form.fields.map((f) => (en.fields[f.name] ? { ...f, en: en.fields[f.name] } : f))
  return {
    code: r.code,
    name: r.name,
    category: r.category,
    applicantKind: r.applicantKind,
    status: r.status,
    timeLimitDays: r.timeLimitDays,
    isSubsidy: r.isSubsidy === 1,
    refPrefix: guide.refPrefix ?? 'BJ',
    guide,
    form,
    claim: r.isSubsidy === 1 ? (CLAIM_RULES[r.code] ?? null) : null,
    en,
  }
}

/**
 * The service catalog: guides and declarative forms. `list` and `get` answer in the language of the
 * request (`localised`: names, guides, labels in English on an English page; codes, option values and
 * rules unchanged), so no caller shows Chinese by forgetting; `canonical(s)` is the stored Chinese.
 */
export function createCatalogService(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps
  // The catalog changes rarely: parsed services are cached for a few seconds per process and
  // dropped at once on any change made here (other nodes see a change within CACHE_MS).
  const CACHE_MS = 5_000
  let cached: { at: number; list: CatalogService[] } | null = null
  async function all() {
    const t = Date.now()
    if (!cached || t - cached.at > CACHE_MS) cached = { at: t, list: (await repo.all(db)).map(toService) }
    return cached.list
  }
  return {
    async list(filter: { q?: string; category?: string; onlineOnly?: boolean } = {}): Promise<CatalogService[]> {
      const q = (filter.q ?? '').trim()
      // filtered on the canonical rows (categories are the Chinese values of CATEGORIES), then localised
      const found = (await all()).filter(
        (s) =>
          (!filter.onlineOnly || s.status === 'online') &&
          (!filter.category || s.category === filter.category) &&
          (!q ||
            [s.name, s.guide.summary, s.category, s.en?.name ?? '', s.en?.guide.summary ?? '', s.en?.category ?? ''].some((x) =>
              x.toLowerCase().includes(q.toLowerCase()),
            )),
      )
      return found.map(localised)
    },
    async get(code: string): Promise<CatalogService | null> {
      const s = (await all()).find((x) => x.code === code)
      return s ? localised(s) : null
    },
    async setStatus(code: string, status: 'online' | 'offline') {
      await repo.setStatus(db, code, status, toTimestamp(clock.now()))
      cached = null
    },
    /** Stores (or replaces) a service's English texts. */
    async setEnglish(code: string, en: ServiceEnglish) {
      await repo.setEnglish(db, code, JSON.stringify(en), toTimestamp(clock.now()))
      cached = null
    },
    async add(def: ServiceDefinition, sortOrder = 0) {
      const t = toTimestamp(clock.now())
      await repo.insert(db, {
        code: def.code,
        name: def.name,
        category: def.category,
        applicantKind: def.applicantKind,
        status: 'online',
        timeLimitDays: def.timeLimitDays,
        isSubsidy: def.isSubsidy ? 1 : 0,
        guide: JSON.stringify({ ...def.guide, refPrefix: def.refPrefix }),
        form: JSON.stringify(def.form),
        en: def.en ? JSON.stringify(def.en) : null,
        sortOrder,
        createdAt: t,
        updatedAt: t,
      })
      cached = null
    },
  }
}
export type CatalogServiceApi = ReturnType<typeof createCatalogService>

/** The three demo services (also used by tests, which run without demo data), with their English. */
export async function seedCatalog(catalog: CatalogServiceApi) {
  for (const [i, def] of DEMO_SERVICES.entries())
    if (!(await catalog.get(def.code))) await catalog.add({ ...def, en: DEMO_ENGLISH[def.code] }, i)
  await seedCatalogEnglish(catalog)
}

/** A database seeded before the English existed gets it for the demo services (idempotent; every start, decision 0220). */
export async function seedCatalogEnglish(catalog: CatalogServiceApi) {
  for (const s of await catalog.list()) {
    const en = DEMO_ENGLISH[s.code]
    if (!s.en && en) await catalog.setEnglish(s.code, en)
  }
}
