import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { evaluate, type Facts } from '../../../src/modules/rules/engine.js'
import { loadRuleSets, createRuleService } from '../../../src/modules/rules/service.js'
import { ruleSetSchema, type RuleSet } from '../../../src/modules/rules/language.js'

const SETS = path.resolve('src/modules/rules/sets')

interface Golden {
  name: string
  facts: Record<string, string | number | boolean>
  trust?: Record<string, 'A' | 'B' | 'C' | 'D'>
  expect: { instant: boolean; unmet: string[]; unknown: string[] }
}

const factsFrom = (g: Golden): Facts =>
  Object.fromEntries(
    Object.entries(g.facts).map(([k, value]) => [
      k,
      { value, trust: g.trust?.[k] ?? 'A', source: k.split('.')[0], fetchedAt: '2026-12-01T01:00:00.000Z' },
    ]),
  )

describe('rule sets and their golden cases', () => {
  const sets = loadRuleSets()
  it('loads every rule set in the folder, each with golden cases beside it', () => {
    expect(sets.length).toBeGreaterThan(0)
    for (const s of sets) expect(fs.existsSync(path.join(SETS, `${s.service}.v${s.version}.golden.json`))).toBe(true)
  })
  for (const set of sets) {
    const golden = JSON.parse(fs.readFileSync(path.join(SETS, `${set.service}.v${set.version}.golden.json`), 'utf8')) as Golden[]
    for (const g of golden)
      it(`${set.service} v${set.version}: ${g.name}`, () => {
        const r = evaluate(set, factsFrom(g))
        expect({ instant: r.instant, unmet: r.unmet, unknown: r.unknown }).toEqual(g.expect)
        // The trace names every rule with its basis and each datum it read, with provenance.
        expect(r.rules.map((x) => x.id)).toEqual(set.rules.map((x) => x.id))
        for (const t of r.rules) {
          expect(t.basis).toBeTruthy()
          expect(t.data.length).toBeGreaterThan(0)
        }
      })
  }
})

describe('the rule language', () => {
  const base: RuleSet = {
    service: 's',
    version: '1',
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
    rules: [{ id: 'r', title: 't', basis: 'b', condition: { fact: 'a.x', op: 'gte', value: 3 } }],
  }
  const A = (value: string | number | boolean | null) => ({ value, trust: 'A' as const, source: 'a', fetchedAt: null })
  const run = (condition: RuleSet['rules'][0]['condition'], facts: Facts) =>
    evaluate({ ...base, rules: [{ ...base.rules[0], condition }] }, facts).rules[0].outcome

  it('compares numbers at their boundaries', () => {
    expect(run({ fact: 'a.x', op: 'gte', value: 3 }, { 'a.x': A(3) })).toBe('pass')
    expect(run({ fact: 'a.x', op: 'gte', value: 3 }, { 'a.x': A(2) })).toBe('fail')
    expect(run({ fact: 'a.x', op: 'gt', value: 3 }, { 'a.x': A(3) })).toBe('fail')
    expect(run({ fact: 'a.x', op: 'gt', value: 3 }, { 'a.x': A(4) })).toBe('pass')
    expect(run({ fact: 'a.x', op: 'lte', value: 3 }, { 'a.x': A(3) })).toBe('pass')
    expect(run({ fact: 'a.x', op: 'lte', value: 3 }, { 'a.x': A(4) })).toBe('fail')
    expect(run({ fact: 'a.x', op: 'lt', value: 3 }, { 'a.x': A(3) })).toBe('fail')
    expect(run({ fact: 'a.x', op: 'lt', value: 3 }, { 'a.x': A(2) })).toBe('pass')
    expect(run({ fact: 'a.x', op: 'gte', value: 3 }, { 'a.x': A('3') })).toBe('unknown')
  })
  it('reads membership and equality', () => {
    expect(run({ fact: 'a.x', op: 'in', value: ['p', 'q'] }, { 'a.x': A('q') })).toBe('pass')
    expect(run({ fact: 'a.x', op: 'in', value: ['p', 'q'] }, { 'a.x': A('r') })).toBe('fail')
    expect(run({ fact: 'a.x', op: 'notIn', value: ['p'] }, { 'a.x': A('r') })).toBe('pass')
    expect(run({ fact: 'a.x', op: 'notIn', value: ['p'] }, { 'a.x': A('p') })).toBe('fail')
    expect(run({ fact: 'a.x', op: 'eq', value: false }, { 'a.x': A(false) })).toBe('pass')
    expect(run({ fact: 'a.x', op: 'eq', value: false }, { 'a.x': A(true) })).toBe('fail')
    expect(run({ fact: 'a.x', op: 'ne', value: false }, { 'a.x': A(true) })).toBe('pass')
    expect(run({ fact: 'a.x', op: 'ne', value: false }, { 'a.x': A(false) })).toBe('fail')
  })
  it('treats a missing datum as unknown, and combines with three-valued all/any', () => {
    const p = { fact: 'a.p', op: 'eq', value: true } as const
    const f = { fact: 'a.f', op: 'eq', value: true } as const
    const u = { fact: 'a.u', op: 'eq', value: true } as const
    const facts = { 'a.p': A(true), 'a.f': A(false), 'a.u': A(null) }
    expect(run(u, facts)).toBe('unknown')
    expect(run({ all: [p, p] }, facts)).toBe('pass')
    expect(run({ all: [p, u] }, facts)).toBe('unknown')
    expect(run({ all: [u, f] }, facts)).toBe('fail')
    expect(run({ any: [f, p] }, facts)).toBe('pass')
    expect(run({ any: [f, u] }, facts)).toBe('unknown')
    expect(run({ any: [f, f] }, facts)).toBe('fail')
  })
  it('approves instantly only when every rule passes on A-level data', () => {
    const facts = { 'a.x': A(5) }
    expect(evaluate(base, facts).instant).toBe(true)
    for (const trust of ['B', 'C', 'D'] as const) expect(evaluate(base, { 'a.x': { ...A(5), trust } }).instant).toBe(false)
    expect(evaluate(base, { 'a.x': A(1) }).instant).toBe(false)
  })
  it('refuses malformed rule sets when loading', () => {
    expect(ruleSetSchema.safeParse({ ...base, rules: [] }).success).toBe(false)
    expect(ruleSetSchema.safeParse({ ...base, rules: [base.rules[0], base.rules[0]] }).success).toBe(false)
    expect(ruleSetSchema.safeParse({ ...base, rules: [{ ...base.rules[0], condition: { fact: 'x', op: 'gte', value: 1 } }] }).success).toBe(
      false,
    )
    expect(ruleSetSchema.safeParse({ ...base, rules: [{ ...base.rules[0], basis: '' }] }).success).toBe(false)
    expect(ruleSetSchema.safeParse({ ...base, effectiveTo: '2025-01-01' }).success).toBe(false)
  })
  it('chooses the rule set in force on the date, the newest first', () => {
    const v2: RuleSet = { ...base, version: '2', effectiveFrom: '2027-01-01' }
    const old: RuleSet = { ...base, version: '0', effectiveFrom: '2025-01-01', effectiveTo: '2025-12-31' }
    const svc = createRuleService([old, base, v2])
    expect(svc.activeSet('s', '2025-06-01')?.version).toBe('0')
    expect(svc.activeSet('s', '2026-06-01')?.version).toBe('1')
    expect(svc.activeSet('s', '2027-01-01')?.version).toBe('2')
    expect(svc.activeSet('s', '2024-12-31')).toBeNull()
    expect(svc.activeSet('other', '2026-06-01')).toBeNull()
  })
})
