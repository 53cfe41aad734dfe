import { defineConfig } from 'vitest/config'

/** The tests that cover src/modules/applications/lifecycle.ts: its rule table first, then its HTTP paths. */
export default defineConfig({
  test: {
    include: ['test/modules/applications/lifecycle.test.ts', 'test/modules/cases/lifecycle.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
