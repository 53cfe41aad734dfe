import { factsOf, type Condition, type RuleSet } from './language.js'

/** One datum as the rules see it: its value and where it came from (trust levels after 国办函〔2016〕108号). */
export interface Datum {
  value: string | number | boolean | null
  trust: 'A' | 'B' | 'C' | 'D'
  source: string
  fetchedAt: string | null
}
export type Facts = Record<string, Datum | undefined>

export type RuleOutcome = 'pass' | 'fail' | 'unknown'

export interface RuleTrace {
  id: string
  title: string
  basis: string
  outcome: RuleOutcome
  /** The data the rule read, with their provenance (missing data are listed with null). */
  data: { fact: string; value: Datum['value']; trust: Datum['trust'] | null; source: string | null; fetchedAt: string | null }[]
}

export interface Evaluation {
  service: string
  version: string
  rules: RuleTrace[]
  /** Every rule passed, and on authoritative (A-level) data only: the case may be approved at once. */
  instant: boolean
  unmet: string[]
  unknown: string[]
}

/** Three-valued: a missing datum makes a comparison unknown; all/any combine as in Kleene's logic. */
function test(c: Condition, facts: Facts): RuleOutcome {
  if ('all' in c) {
    const r = c.all.map((x) => test(x, facts))
    return r.includes('fail') ? 'fail' : r.includes('unknown') ? 'unknown' : 'pass'
  }
  if ('any' in c) {
    const r = c.any.map((x) => test(x, facts))
    return r.includes('pass') ? 'pass' : r.includes('unknown') ? 'unknown' : 'fail'
  }
  const d = facts[c.fact]
  if (!d || d.value === null) return 'unknown'
  const v = d.value
  const ok = (b: boolean): RuleOutcome => (b ? 'pass' : 'fail')
  switch (c.op) {
    case 'in':
      return ok(c.value.includes(v))
    case 'notIn':
      return ok(!c.value.includes(v))
    case 'eq':
      return ok(v === c.value)
    case 'ne':
      return ok(v !== c.value)
    case 'gte':
      return typeof v === 'number' ? ok(v >= c.value) : 'unknown'
    case 'gt':
      return typeof v === 'number' ? ok(v > c.value) : 'unknown'
    case 'lte':
      return typeof v === 'number' ? ok(v <= c.value) : 'unknown'
    case 'lt':
      return typeof v === 'number' ? ok(v < c.value) : 'unknown'
  }
}

export function evaluate(set: RuleSet, facts: Facts): Evaluation {
  const rules = set.rules.map((r): RuleTrace => {
    const data = factsOf(r.condition).map((fact) => {
      const d = facts[fact]
      return { fact, value: d?.value ?? null, trust: d?.trust ?? null, source: d?.source ?? null, fetchedAt: d?.fetchedAt ?? null }
    })
    return { id: r.id, title: r.title, basis: r.basis, outcome: test(r.condition, facts), data }
  })
  const onA = rules.every((r) => r.data.every((d) => d.trust === 'A'))
  return {
    service: set.service,
    version: set.version,
    rules,
    instant: set.instantApproval !== false && onA && rules.every((r) => r.outcome === 'pass'),
    unmet: rules.filter((r) => r.outcome === 'fail').map((r) => r.id),
    unknown: rules.filter((r) => r.outcome === 'unknown').map((r) => r.id),
  }
}
