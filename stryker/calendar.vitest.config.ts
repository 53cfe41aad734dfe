import { defineConfig } from 'vitest/config'
import base from '../vitest.config.js'

/**
 * The tests that cover src/modules/calendar/service.ts, for Stryker (stryker/calendar.conf.json).
 * Chosen here rather than with Stryker's `testFiles`: with `testFiles` the vitest runner activates
 * static mutants too late and counts them as survivors (stryker-js issue 6144).
 */
export default defineConfig({
  ...base,
  test: { ...base.test, include: ['test/modules/calendar/working-days.test.ts', 'test/modules/cases/calendar.test.ts'] },
})
