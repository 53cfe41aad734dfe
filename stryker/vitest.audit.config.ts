import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

/** Stryker runs only the tests that cover the audit module (issue 23); see stryker/audit.conf.json. */
export default defineConfig({
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
  test: {
    include: ['test/platform/audit.test.ts', 'test/platform/audit-sealing.test.ts', 'test/quality/audit-tamper.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
