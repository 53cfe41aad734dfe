import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // the Galera cluster test has its own run: npm run test:cluster (vitest.cluster.config.ts)
    exclude: [...configDefaults.exclude, 'test/cluster/**'],
    // Each file gets its own database; two workers fit the 2-core machine.
    // the server as `npm start` runs it, built once for the tests that start it as a process
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
})
