import { describe, expect, it } from 'vitest'
import { conditionSchema, factsOf, ruleSetSchema, type Condition, type RuleSet } from '../../../src/modules/rules/language.js'
import { evaluate, type Facts } from '../../../src/modules/rules/engine.js'

/**
 * The rule language's shape, one constraint at a time (written from the mutation run, issue 23): a rule
 * set that reaches the engine was checked when loaded, so each refusal below is one way a reviewed JSON
 * file could be wrong; and each acceptance is a shape the real rule sets use.
 */
const rule = {
  id: 'degree-master',
  title: '学历',
  basis: '《办法》第五条',
  condition: { fact: 'education.degree', op: 'eq', value: '硕士' },
}
const set = (over: Record<string, unknown> = {}) => ({
  service: 'talent-registration',
  version: '1.2',
  effectiveFrom: '2026-01-01',
  effectiveTo: null,
  rules: [rule],
  ...over,
})
const ok = (v: unknown) => ruleSetSchema.safeParse(v).success
const cond = (c: unknown) => conditionSchema.safeParse(c).success

describe('rule sets', () => {
  it('accepts a well-formed set, open-ended or ending on or after its start', () => {
    expect(ok(set())).toBe(true)
    expect(ok(set({ effectiveTo: '2026-01-01' }))).toBe(true)
    expect(ok(set({ effectiveTo: '2027-12-31' }))).toBe(true)
    for (const version of ['1', '10', '1.10', '2.0.3']) expect(ok(set({ version }))).toBe(true)
    expect(ok(set({ rules: [rule, { ...rule, id: 'r-2' }] }))).toBe(true)
  })

  it('refuses each malformed part, saying why where a reviewer needs it', () => {
    expect(ok(set({ service: '' }))).toBe(false)
    for (const version of ['v1', '1.', '.1', '1..2', '']) expect(ok(set({ version }))).toBe(false)
    for (const d of ['2026-1-01', '26-01-01', '2026-01-01T00:00', ' 2026-01-01']) {
      expect(ok(set({ effectiveFrom: d }))).toBe(false)
      expect(ok(set({ effectiveTo: d }))).toBe(false)
    }
    expect(ok(set({ extra: 1 }))).toBe(false)
    expect(ok(set({ rules: [{ ...rule, extra: 1 }] }))).toBe(false)
    for (const id of ['Degree', '1-degree', '-x', 'a b', 'a_b', '']) expect(ok(set({ rules: [{ ...rule, id }] }))).toBe(false)
    expect(ok(set({ rules: [{ ...rule, title: '' }] }))).toBe(false)
    expect(ok(set({ rules: [{ ...rule, basis: '' }] }))).toBe(false)

    const dup = ruleSetSchema.safeParse(set({ rules: [rule, rule] }))
    expect(dup.success).toBe(false)
    expect(dup.error?.issues.map((i) => [i.code, i.message])).toEqual([['custom', 'rule ids must be unique']])
    const backwards = ruleSetSchema.safeParse(set({ effectiveTo: '2025-12-31' }))
    expect(backwards.error?.issues.map((i) => [i.code, i.message])).toEqual([['custom', 'effectiveTo before effectiveFrom']])
  })
})

describe('conditions', () => {
  it('accepts every operator with its kind of value, and all/any of them', () => {
    const good: Condition[] = [
      { fact: 'education.degree', op: 'in', value: ['硕士', '博士'] },
      { fact: 'credit.dishonest', op: 'notIn', value: [true] },
      { fact: 'credit.dishonest', op: 'eq', value: false },
      { fact: 'education.degree', op: 'ne', value: '学士' },
      { fact: 'social-insurance.insurance_months', op: 'gte', value: 1 },
      { fact: 'social-insurance.insurance_months', op: 'gt', value: 0 },
      { fact: 'social-insurance.insurance_months', op: 'lte', value: 600 },
      { fact: 'social-insurance.insurance_months', op: 'lt', value: 601 },
    ]
    for (const c of good) expect(cond(c)).toBe(true)
    expect(cond({ all: good })).toBe(true)
    expect(cond({ any: [{ all: good }, good[0]] })).toBe(true)
  })

  it('refuses a fact that is not source.field', () => {
    for (const fact of [
      'degree',
      'Education.degree',
      '1education.degree',
      'education.Degree',
      'education.',
      '.degree',
      'a.b.c',
      ' a.b',
      'a.b ',
      'a.b-c',
    ])
      expect(cond({ fact, op: 'eq', value: 1 })).toBe(false)
    const r = conditionSchema.safeParse({ fact: 'degree', op: 'eq', value: 1 })
    expect(JSON.stringify(r.error?.issues)).toContain('a fact is source.field, e.g. education.degree')
    expect(cond({ fact: 'a.b', op: 'eq', value: 1 })).toBe(true)
  })

  it('refuses values of the wrong kind, empty lists, unknown operators and extra keys', () => {
    expect(cond({ fact: 'a.x', op: 'gte', value: '3' })).toBe(false)
    for (const op of ['gt', 'lte', 'lt']) expect(cond({ fact: 'a.x', op, value: true })).toBe(false)
    expect(cond({ fact: 'a.x', op: 'in', value: [] })).toBe(false)
    expect(cond({ fact: 'a.x', op: 'notIn', value: 'p' })).toBe(false)
    expect(cond({ fact: 'a.x', op: 'in', value: [{}] })).toBe(false)
    expect(cond({ fact: 'a.x', op: 'eq', value: ['p'] })).toBe(false)
    expect(cond({ fact: 'a.x', op: 'ne', value: null })).toBe(false)
    expect(cond({ fact: 'a.x', op: 'like', value: 'p' })).toBe(false)
    expect(cond({ fact: 'a.x', op: 'eq', value: 1, note: 'x' })).toBe(false)
    expect(cond({ all: [] })).toBe(false)
    expect(cond({ any: [] })).toBe(false)
    expect(cond({ all: [{ fact: 'a.x', op: 'eq', value: 1 }], extra: 1 })).toBe(false)
    expect(cond({ any: [{ fact: 'a.x', op: 'eq', value: 1 }], extra: 1 })).toBe(false)
  })

  it('names the facts it reads, once each, through all and any', () => {
    const p = { fact: 'a.p', op: 'eq', value: true } as const
    const q = { fact: 'b.q', op: 'gte', value: 1 } as const
    expect(factsOf(p)).toEqual(['a.p'])
    expect(factsOf({ all: [p, q, p] })).toEqual(['a.p', 'b.q'])
    expect(factsOf({ any: [q, { all: [p, q] }] })).toEqual(['b.q', 'a.p'])
  })
})

describe('the engine on data of the wrong kind, and its trace', () => {
  const base: RuleSet = { ...(set() as RuleSet), rules: [{ ...rule, condition: { fact: 'a.x', op: 'gte', value: 3 } }] }
  const A = (value: string | number | boolean | null) => ({
    value,
    trust: 'A' as const,
    source: 'a',
    fetchedAt: '2026-12-01T01:00:00.000Z',
  })
  const run = (condition: Condition, facts: Facts) => evaluate({ ...base, rules: [{ ...rule, condition }] }, facts)

  it('every numeric comparison of a non-number is unknown, never pass or fail', () => {
    for (const op of ['gte', 'gt', 'lte', 'lt'] as const)
      expect(run({ fact: 'a.x', op, value: 3 }, { 'a.x': A('3') }).rules[0].outcome).toBe('unknown')
  })

  it('lists each datum read with its provenance, and a missing one with nulls', () => {
    const r = run(
      {
        all: [
          { fact: 'a.x', op: 'gte', value: 3 },
          { fact: 'a.y', op: 'eq', value: 1 },
        ],
      },
      { 'a.x': A(5) },
    )
    expect(r.rules[0].data).toEqual([
      { fact: 'a.x', value: 5, trust: 'A', source: 'a', fetchedAt: '2026-12-01T01:00:00.000Z' },
      { fact: 'a.y', value: null, trust: null, source: null, fetchedAt: null },
    ])
    expect(r).toMatchObject({ service: 'talent-registration', version: '1.2', instant: false, unmet: [], unknown: ['degree-master'] })
  })

  it('is not instant when one rule passes on data below A, even if another passes on A', () => {
    const two: RuleSet = {
      ...base,
      rules: [
        { ...rule, id: 'one', condition: { fact: 'a.x', op: 'gte', value: 3 } },
        { ...rule, id: 'two', condition: { fact: 'a.y', op: 'gte', value: 3 } },
      ],
    }
    expect(evaluate(two, { 'a.x': A(5), 'a.y': A(5) }).instant).toBe(true)
    expect(evaluate(two, { 'a.x': A(5), 'a.y': { ...A(5), trust: 'B' } }).instant).toBe(false)
    expect(evaluate(two, { 'a.x': A(5), 'a.y': A(1) })).toMatchObject({ instant: false, unmet: ['two'], unknown: [] })
    // within one rule too: every datum it reads must be authoritative
    const both: RuleSet = {
      ...base,
      rules: [
        {
          ...rule,
          condition: {
            all: [
              { fact: 'a.x', op: 'gte', value: 3 },
              { fact: 'a.y', op: 'gte', value: 3 },
            ],
          },
        },
      ],
    }
    expect(evaluate(both, { 'a.x': A(5), 'a.y': A(5) }).instant).toBe(true)
    expect(evaluate(both, { 'a.x': A(5), 'a.y': { ...A(5), trust: 'B' } }).instant).toBe(false)
  })
})
