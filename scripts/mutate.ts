/**
 * `npm run mutate [-- module …]`: Stryker on each core module with only its covering tests
 * (stryker/<module>.conf.json: Stryker options plus "tests", the covering test files). Prints one line
 * per module and exits 1 when any module scores below 85 %. Not part of `npm test` (docs/quality.md).
 */
import fs from 'node:fs'
import path from 'node:path'
import { Stryker } from '@stryker-mutator/core'
import type { PartialStrykerOptions } from '@stryker-mutator/api/core'

const THRESHOLD = 85
const dir = path.resolve('stryker')
const all = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.conf.json'))
  .map((f) => f.replace(/\.conf\.json$/, ''))
  .sort()
const wanted = process.argv.slice(2)
const unknown = wanted.filter((m) => !all.includes(m))
if (unknown.length) {
  console.error(`unknown module(s): ${unknown.join(', ')}; known: ${all.join(', ')}`)
  process.exit(2)
}

/** Defaults every module shares; a module's file may override any of them. */
const defaults: PartialStrykerOptions = {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'stryker/vitest.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // the machine is shared: one test process
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'html', 'progress-append-only'],
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  ignorePatterns: ['data', 'test-results', 'reports', 'bench/results', '.git'],
  disableTypeChecks: true,
  cleanTempDir: 'always',
}

const rows: { module: string; score: number; mutants: number; survived: number; ms: number }[] = []
for (const module of wanted.length ? wanted : all) {
  const conf = JSON.parse(fs.readFileSync(path.join(dir, `${module}.conf.json`), 'utf8')) as PartialStrykerOptions & {
    tests?: string[]
    $schema?: string
  }
  const { tests, $schema: _schema, ...options } = conf
  // read by stryker/vitest.config.ts in each test-runner process Stryker forks (a module file may
  // instead name its own vitest.configFile)
  process.env.STRYKER_TESTS = (tests ?? []).join(',')
  const started = Date.now()
  const results = await new Stryker({
    ...defaults,
    ...options,
    htmlReporter: { fileName: `reports/mutation/${module}.html` },
    tempDirName: `.stryker-tmp/${module}`,
  }).runMutationTest()
  const count = (...s: string[]) => results.filter((r) => s.includes(r.status)).length
  const detected = count('Killed', 'Timeout')
  const undetected = count('Survived', 'NoCoverage')
  const score = detected + undetected ? (100 * detected) / (detected + undetected) : 100
  rows.push({ module, score, mutants: results.length, survived: undetected, ms: Date.now() - started })
}

console.log('\nmutation score (threshold ' + THRESHOLD + ' %)')
for (const r of rows)
  console.log(
    `${r.score >= THRESHOLD ? 'ok  ' : 'LOW '} ${r.module.padEnd(12)} ${r.score.toFixed(1).padStart(5)} %  ${String(r.mutants).padStart(4)} mutants, ${r.survived} undetected, ${Math.round(r.ms / 1000)} s`,
  )
process.exit(rows.every((r) => r.score >= THRESHOLD) ? 0 : 1)
