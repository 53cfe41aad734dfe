import { defineConfig } from 'vitest/config'
import base from '../vitest.config.js'

/**
 * The tests that cover src/modules/identity/validators.ts, for Stryker (stryker/validators.conf.json).
 * Chosen here rather than with Stryker's `testFiles`: with `testFiles` the vitest runner activates
 * static mutants too late and counts them as survivors (stryker-js issue 6144).
 */
export default defineConfig({
  ...base,
  test: { ...base.test, include: ['test/modules/identity/validators.test.ts', 'test/modules/identity/standards.test.ts'] },
})
