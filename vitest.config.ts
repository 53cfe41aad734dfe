import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // the Galera cluster test has its own run: npm run test:cluster (vitest.cluster.config.ts)
    exclude: [...configDefaults.exclude, 'test/cluster/**'],
    // Each file gets its own database; two workers fit the 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
})
