import { defineConfig } from 'vitest/config'

/**
 * `npm run test:cluster`: the 3-node Galera cluster test (test/cluster/). Not part of `npm test`: it
 * starts its own cluster and portal processes and needs galera-4 and rsync; .ci/run runs it after the
 * SQLite and MariaDB suites. One file, one worker, tests in order (each phase builds on the last).
 */
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    // the server as `npm start` runs it, built once for the tests that start it as a process
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 180_000,
    hookTimeout: 240_000,
    reporters: ['default'],
  },
})
