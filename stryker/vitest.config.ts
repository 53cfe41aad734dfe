import { defineConfig } from 'vitest/config'

/**
 * Vitest as Stryker runs it (scripts/mutate.ts): only the test files that cover the mutated module,
 * named by the module's stryker/<module>.conf.json ("tests") and passed in STRYKER_TESTS.
 */
const tests = (process.env.STRYKER_TESTS ?? '').split(',').filter(Boolean)
if (tests.length === 0) throw new Error('STRYKER_TESTS is empty: run through `npm run mutate`')

export default defineConfig({
  test: {
    include: tests,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
