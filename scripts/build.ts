/**
 * `npm start`'s build: compiles src/, views/ and migrations/ file by file into dist/ (the same tree) with esbuild,
 * the compiler tsx itself runs on every import, and copies what the server reads beside its code (static/, the rule
 * sets). It does not type-check (`npm test` does). About a second; run on every `npm start`, so dist/ never lags
 * the source. `tsx scripts/build.ts <dir>` builds into another directory: the tests and the bench build their own
 * (test-results/server), so an `npm start` beside them never replaces the code they run.
 *
 * Why build at all (issue 21, decision 0297): `node --import tsx` keeps a second V8 isolate for its loader thread
 * and every transformed file with its source map, about 40 MB of a ~200 MB process before the first request.
 */
import * as esbuild from 'esbuild'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SOURCE = /\.tsx?$/
const TEST = /\.test\.tsx?$/

// `--bench` also compiles the bench's other servers (ceiling, floor, Express peer: test/bench/serve.ts), so that
// every server the bench compares runs the same way
const bench = process.argv.includes('--bench')
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const out = path.resolve(root, args[0] ?? 'dist')
const BENCH_SERVERS = ['test/bench/serve.ts', 'test/bench/floors.ts', 'bench/peers/express-nunjucks.ts']

const entryPoints = ['src', 'views', 'migrations'].flatMap((dir) =>
  fs
    .readdirSync(path.join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => SOURCE.test(f) && !TEST.test(f) && !f.endsWith('.d.ts'))
    .map((f) => path.join(root, dir, f)),
)
if (bench) entryPoints.push(...BENCH_SERVERS.map((f) => path.join(root, f)))

fs.rmSync(out, { recursive: true, force: true })
await esbuild.build({
  absWorkingDir: root,
  entryPoints,
  outdir: out,
  outbase: root,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  sourcemap: 'linked',
  logLevel: 'warning',
})
// read at run time relative to the code: static/ (src/lib/assets.ts, src/app.tsx) and the rule sets (src/modules/rules)
fs.cpSync(path.join(root, 'static'), path.join(out, 'static'), { recursive: true })
fs.cpSync(path.join(root, 'src/modules/rules/sets'), path.join(out, 'src/modules/rules/sets'), { recursive: true })
if (bench) fs.cpSync(path.join(root, 'bench/peers/views'), path.join(out, 'bench/peers/views'), { recursive: true })
