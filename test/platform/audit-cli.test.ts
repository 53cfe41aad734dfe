import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { execFile } from 'node:child_process'
import { createTestContext, type TestContext } from '../support/context.js'
import type { AuditContext } from '../../src/modules/audit/service.js'

/** `npm run admin -- audit:checkpoint` and `audit:verify` as real processes, on the test's database (SQLite or MariaDB). */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const staffCtx: AuditContext = { actorType: 'staff', actorId: '7', actorRole: 'clerk', ip: '10.0.0.1', userAgent: 'ua', requestId: 'r1' }
/** Asynchronous on purpose: a blocked event loop here would hold this process's own sealing transaction open. */
const cli = (...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          LOG_LEVEL: 'warn',
          NODE_ENV: 'test',
          DATA_DIR: ctx.config.dataDir,
          APP_KEY: ctx.config.appKey.toString('base64'),
          ...(ctx.config.databaseUrl ? { DATABASE_URL: ctx.config.databaseUrl } : {}),
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
      (err, stdout, stderr) => resolve({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    )
  })

describe('audit:checkpoint and audit:verify through the real CLI', () => {
  it('checkpoints, verifies, and exits 1 naming the first bad entry after a rewind behind the checkpoint', async () => {
    for (let i = 0; i < 11; i++) await ctx.services.audit.record(null, staffCtx, { action: 'case.viewed', subjectId: i })
    const c = await cli('audit:checkpoint')
    expect(c.status, c.stderr).toBe(0)
    expect(c.stdout).toMatch(/^audit checkpoint: #11 \S+ at /m)
    expect(fs.readdirSync(ctx.services.audit.checkpointDir).filter((f) => f.endsWith('.json'))).toHaveLength(1)
    let v = await cli('audit:verify')
    expect(v.status, v.stderr).toBe(0)
    expect(v.stdout).toMatch(/^audit ok: 11 entries$/m)

    const db = ctx.deps.db
    const ninth = await db.selectFrom('auditLog').select('chainMac').where('position', '=', 9).executeTakeFirstOrThrow()
    await db.deleteFrom('auditLog').where('position', '>', 9).execute()
    await db.updateTable('auditHead').set({ position: 9, mac: ninth.chainMac! }).execute()
    v = await cli('audit:verify')
    expect(v.status).toBe(1)
    expect(v.stderr).toMatch(/audit BROKEN: entries #10 to #11 are missing: signed checkpoint \S+ saw them/)
  }, 120_000)
})
