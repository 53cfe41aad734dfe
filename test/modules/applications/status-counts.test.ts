/**
 * The queue's per-status counts come from counter rows kept in the same transaction as every status change
 * (decision 0235). After each kind of change — a submission, every lifecycle step, a rolled-back step, an
 * erased applicant, concurrent steps — the counters must equal a GROUP BY over the cases themselves.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import { ensureCatalog, submittedCase } from '../../support/cases.js'
import { staffMember } from '../../support/fixtures.js'
import type { Action } from '../../../src/modules/applications/lifecycle.js'
import * as repo from '../../../src/modules/applications/repository.js'

let ctx: TestContext
afterEach(() => ctx?.close())

async function agree() {
  const apps = ctx.services.applications
  const counted = await apps.countsByStatus()
  expect(counted).toEqual(await apps.countsByStatusScan())
  return counted
}

describe('status counters', () => {
  it('follow submissions, every lifecycle step and a rolled-back step', { timeout: 120_000 }, async () => {
    ctx = await createTestContext()
    await ensureCatalog(ctx)
    const clerk = await staffMember(ctx, ['clerk', 'reviewer'])
    const actor = { type: 'staff' as const, id: clerk.id }
    const apps = ctx.services.applications
    const refs: string[] = []
    for (let i = 0; i < 4; i++) refs.push((await submittedCase(ctx)).ref)
    expect((await agree()).submitted).toBe(4)
    const step = async (ref: string, action: Action, reason?: string) => {
      await apps.act((await apps.byRef(ref))!, action, actor, { reason: reason ?? null })
      return agree()
    }
    await step(refs[0], 'accept')
    await step(refs[0], 'approve')
    await step(refs[1], 'accept')
    await step(refs[1], 'reject', '不符合条件')
    await step(refs[2], 'supplement', '请补充学位证')
    const after = await step(refs[3], 'withdraw')
    expect(after).toEqual({ approved: 1, rejected: 1, supplement: 1, withdrawn: 1 })

    // a step whose transaction fails afterwards leaves the counts as they were
    await expect(
      ctx.services.deps.db.transaction().execute(async (trx) => {
        await apps.actIn(trx, (await apps.byRefIn(trx, refs[2]))!, 'withdraw', actor, 10)
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect(await agree()).toEqual(after)
  })

  it('follow an erased applicant and concurrent steps', { timeout: 120_000 }, async () => {
    ctx = await createTestContext()
    await ensureCatalog(ctx)
    const clerk = await staffMember(ctx, ['clerk'])
    const apps = ctx.services.applications
    const cases: Awaited<ReturnType<typeof submittedCase>>[] = []
    for (let i = 0; i < 6; i++) cases.push(await submittedCase(ctx))
    // six acceptances at once (on MariaDB: six connections updating counter rows concurrently)
    await Promise.all(cases.map(async (c) => apps.act((await apps.byRef(c.ref))!, 'accept', { type: 'staff', id: clerk.id })))
    expect((await agree()).accepted).toBe(6)
    // the applicant's cases are deleted on erasure (nothing kept by law for talent registration)
    await ctx.services.deps.db.transaction().execute((trx) => repo.anonymiseForUser(trx, cases[0].citizen.id, [], '2099-01-01'))
    expect((await agree()).accepted).toBe(5)
  })
})
