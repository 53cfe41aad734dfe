import type { AuditContext } from '../audit/service.js'
import type { Datum, Facts } from '../rules/engine.js'
import type { LookupResult } from './service.js'
import { SOURCE_LABELS, type RegistrySource } from './schemas.js'

/**
 * Which form fields a service fills from which registry field ("tell us once"). Sources listed with no
 * fields (credit) are read only for the rules. The key looked up is the citizen's ID number.
 */
export const PREFILL: Record<string, Partial<Record<RegistrySource, Record<string, string>>>> = {
  'talent-registration': {
    education: { education: 'education', degree: 'degree', school: 'school', major: 'major', graduation_date: 'graduation_date' },
    'social-insurance': { employer: 'employer', insurance_months: 'insurance_months' },
    credit: {},
  },
}

/** Materials an authoritative record makes unnecessary ("tell us once"): material key → the source that proves it. */
const WAIVES: Record<string, Record<string, RegistrySource>> = {
  'talent-registration': { degree_certificate: 'education', labour_contract: 'social-insurance' },
}

/** A reused look-up stays good for half an hour: long enough to fill in a form, short enough to stay current. */
export const REUSE_MS = 30 * 60_000

export interface Provenance {
  source: RegistrySource
  agency: string
  fetchedAt: string
  trust: 'A'
}

export interface Prefill {
  /** Form field → value from an authoritative registry (read-only on the form). */
  values: Record<string, string>
  provenance: Record<string, Provenance>
  /** Every datum the rules may read, `source.field` → value with provenance (registry data only). */
  facts: Facts
  /** Materials not needed because a registry proves them. */
  waived: { key: string; by: string }[]
  /** Per source: what happened, so the form can say why a field is not filled. */
  sources: { source: RegistrySource; name: string; status: 'found' | 'not_found' | 'unauthorised' | 'unavailable' | 'disputed' }[]
}

interface Lookups {
  lookup<S extends RegistrySource>(
    ctx: AuditContext,
    input: { userId: number; source: S; key: string; purpose: string; reuseWithinMs?: number },
  ): Promise<LookupResult<S>>
  disputedSources(userId: number, serviceCode: string): Promise<string[]>
}

export async function prefillFor(
  registries: Lookups,
  ctx: AuditContext,
  input: { userId: number; idNumber: string | null; serviceCode: string; purpose: string },
): Promise<Prefill | null> {
  const map = PREFILL[input.serviceCode]
  if (!map) return null
  const out: Prefill = { values: {}, provenance: {}, facts: {}, waived: [], sources: [] }
  const disputed = new Set(await registries.disputedSources(input.userId, input.serviceCode))
  for (const [source, fields] of Object.entries(map) as [RegistrySource, Record<string, string>][]) {
    const name = SOURCE_LABELS[source].name
    if (disputed.has(source)) {
      out.sources.push({ source, name, status: 'disputed' })
      continue
    }
    if (!input.idNumber) {
      out.sources.push({ source, name, status: 'unauthorised' })
      continue
    }
    const r = await registries.lookup(ctx, {
      userId: input.userId,
      source,
      key: input.idNumber,
      purpose: input.purpose,
      reuseWithinMs: REUSE_MS,
    })
    out.sources.push({ source, name, status: r.status })
    if (r.status !== 'found') continue
    const record = r.data as Record<string, string | number | boolean>
    for (const [k, v] of Object.entries(record)) {
      const datum: Datum = { value: v, trust: 'A', source, fetchedAt: r.fetchedAt }
      out.facts[`${source}.${k}`] = datum
    }
    for (const [registryField, formField] of Object.entries(fields)) {
      const v = record[registryField]
      if (v === undefined) continue
      out.values[formField] = String(v)
      out.provenance[formField] = { source, agency: SOURCE_LABELS[source].agency, fetchedAt: r.fetchedAt, trust: 'A' }
    }
  }
  for (const [key, source] of Object.entries(WAIVES[input.serviceCode] ?? {}))
    if (out.sources.some((x) => x.source === source && x.status === 'found')) out.waived.push({ key, by: SOURCE_LABELS[source].agency })
  return out
}
