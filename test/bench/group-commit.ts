/**
 * Group commit A/B in one process (decision 0270): 10 concurrent submitters POST /applications through
 * `app.request` for 3 s per setting, alternating one transaction per submission (GROUP_COMMIT_MAX_BATCH=1) and
 * group commit with 1 and 4 lanes; prints submissions/s and the histogram of group sizes.
 *   npx tsx test/bench/group-commit.ts            # SQLite (temp file)
 *   DATABASE_URL=mysql://root@127.0.0.1:3306/x npx tsx test/bench/group-commit.ts   # an empty database of yours
 */
import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import { loadConfig } from '../../src/config.js'
import { buildDeps, createServices, prepareDatabase } from '../../src/bootstrap.js'
import { createApp } from '../../src/app.js'
import { createLogger } from '../../src/lib/logger.js'
import { createFieldCrypto, randomToken } from '../../src/lib/crypto.js'
import { MemoryMailer, MemorySms } from '../../src/modules/notifications/transports.js'
import { seedCatalog } from '../../src/modules/catalog/service.js'
import { configureGroupCommit } from '../../src/db/group-commit.js'
import { signedInCitizen, BENCH_SERVICE, submitBody } from './citizen.js'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-gc-'))
const config = loadConfig({
  DATA_DIR: dataDir,
  DATABASE_URL: process.env.DATABASE_URL,
  APP_KEY: Buffer.alloc(32, 3).toString('base64'),
  LOG_LEVEL: 'silent',
  NODE_ENV: 'production',
  ADMISSION_MAX_LAG_MS: '0',
})
const deps = buildDeps(config, {
  logger: createLogger('silent'),
  mailer: new MemoryMailer(),
  sms: new MemorySms(),
  crypto: createFieldCrypto(config.appKey),
})
const services = createServices(deps)
await prepareDatabase(services, { demo: false })
await seedCatalog(services.catalog)
const { cookie, csrf, userId, t } = await signedInCitizen(services)
await services.catalog.add(BENCH_SERVICE)
const N = 6000
const tokens = Array.from({ length: N }, () => randomToken(18))
for (let i = 0; i < N; i += 500)
  await deps.db
    .insertInto('drafts')
    .values(
      tokens.slice(i, i + 500).map((formToken) => ({
        userId,
        enterpriseId: null,
        serviceCode: BENCH_SERVICE.code,
        formToken,
        data: '{}',
        createdAt: t,
        updatedAt: t,
      })),
    )
    .execute()
const app = createApp(services)
let k = 0
const req = (tok: string) =>
  app.request('http://127.0.0.1/applications', {
    method: 'POST',
    headers: { cookie, origin: 'http://127.0.0.1', 'content-type': 'application/x-www-form-urlencoded' },
    body: submitBody(csrf, tok),
  })
for (const [max, parallel] of [
  [1, 1],
  [32, 1],
  [32, 4],
  [1, 1],
  [32, 1],
  [32, 4],
]) {
  const sizes: number[] = []
  configureGroupCommit(deps.db, { maxBatch: max, parallel, onCommit: (n) => sizes.push(n) })
  const until = Date.now() + 3000
  let done = 0
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (Date.now() < until && k < N) {
        const r = await req(tokens[k++])
        await r.text()
        if (r.status !== 303) throw new Error(String(r.status))
        done++
      }
    }),
  )
  const hist: Record<number, number> = {}
  for (const s of sizes) hist[s] = (hist[s] ?? 0) + 1
  console.log(
    `max ${max} parallel ${parallel}: ${(done / 3).toFixed(0)}/s, groups ${sizes.length}, mean ${(done / sizes.length).toFixed(2)}`,
    JSON.stringify(hist),
  )
}
await deps.destroy()
fs.rmSync(dataDir, { recursive: true, force: true })
process.exit(0)
