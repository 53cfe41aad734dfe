import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ruleSetSchema, type RuleSet } from './language.js'
import { evaluate, type Facts } from './engine.js'

const SETS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sets')

/** Every rule set in `sets/` (files named `<service>.v<version>.json`; golden cases beside them). */
export function loadRuleSets(dir = SETS_DIR): RuleSet[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.v[\d.]+\.json$/.test(f))
    .sort()
    .map((f) => {
      const parsed = ruleSetSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))
      if (!parsed.success) throw new Error(`rule set ${f}: ${parsed.error.issues[0].path.join('.')} ${parsed.error.issues[0].message}`)
      return parsed.data
    })
}

/** Versioned rule sets per service; the one in force on a (Beijing) date decides. */
export function createRuleService(sets: RuleSet[] = loadRuleSets()) {
  function activeSet(service: string, date: string): RuleSet | null {
    const inForce = sets.filter((s) => s.service === service && s.effectiveFrom <= date && (!s.effectiveTo || date <= s.effectiveTo))
    // Among several in force, the latest effective date (then the highest version) wins.
    inForce.sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || b.version.localeCompare(a.version, 'en', { numeric: true }))
    return inForce[0] ?? null
  }
  return {
    activeSet,
    hasRules: (service: string, date: string) => activeSet(service, date) !== null,
    evaluate(service: string, date: string, facts: Facts) {
      const set = activeSet(service, date)
      return set ? evaluate(set, facts) : null
    },
  }
}

export type RuleService = ReturnType<typeof createRuleService>
