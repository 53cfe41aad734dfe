import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { visibleText } from '../support/client.js'
import { citizen, staffMember } from '../support/fixtures.js'
import { CALLER_CHECKS_PER_PHONE, CALLER_CHECKS_PER_TICKET } from '../../src/modules/complaints/service.js'

/**
 * Issue 16 item 5: the hotline caller check (last 4 ID digits or an SMS code) allowed unlimited
 * guesses. Now a few tries per ticket and per caller phone, every try audited — including refused ones.
 */
let ctx: TestContext
let agent: Awaited<ReturnType<typeof staffMember>>
beforeAll(async () => {
  ctx = await createTestContext()
  agent = await staffMember(ctx, 'complaints')
})
afterAll(() => ctx.close())

async function ticket(phone: string) {
  const r = await agent.client.post('/admin/complaints', {
    caller_phone: phone,
    caller_name: '来电人',
    category: '办件进度',
    description: '询问办件进度',
  })
  expect(r.status, visibleText(r.text).slice(0, 300)).toBe(303)
  return r.location!.split('/').pop()!.split('?')[0]
}
const tries = (userId: number) =>
  ctx.deps.db
    .selectFrom('auditLog')
    .select(['detail'])
    .where('action', '=', 'complaint.identity_check')
    .where('subjectId', '=', String(userId))
    .execute()

describe('hotline caller identity check', () => {
  it(`allows ${CALLER_CHECKS_PER_TICKET} tries per ticket, then refuses even the right answer (429), each try audited`, async () => {
    const a = await citizen(ctx)
    const ref = await ticket(a.phone)
    const wrong = a.idNumber.slice(-4) === '0000' ? '1111' : '0000'
    for (let i = 0; i < CALLER_CHECKS_PER_TICKET; i++) {
      const r = await agent.client.post(`/admin/complaints/${ref}/verify`, { method: 'id_last4', answer: wrong })
      expect(r.status).toBe(422)
    }
    const right = await agent.client.post(`/admin/complaints/${ref}/verify`, { method: 'id_last4', answer: a.idNumber.slice(-4) })
    expect(right.status).toBe(429)
    expect(visibleText(right.text)).toContain('核验已达3次上限')
    expect(visibleText(right.text)).not.toContain(a.idNumber.slice(0, 4) + '**********')
    const t = await ctx.deps.db
      .selectFrom('complaints')
      .select(['identityPassed', 'userId'])
      .where('ref', '=', ref)
      .executeTakeFirstOrThrow()
    expect(t.identityPassed).not.toBe(1)
    expect(t.userId).toBeNull()
    const rows = await tries(a.id)
    expect(rows).toHaveLength(CALLER_CHECKS_PER_TICKET + 1)
    expect(rows.filter((r) => r.detail?.includes('"blocked":"ticket"'))).toHaveLength(1)
  })

  it(`allows ${CALLER_CHECKS_PER_PHONE} tries per caller phone a day across tickets; SMS-code tries count too`, async () => {
    const a = await citizen(ctx)
    let used = 0
    for (;;) {
      const ref = await ticket(a.phone)
      let blocked = false
      for (let i = 0; i < CALLER_CHECKS_PER_TICKET; i++) {
        const r = await agent.client.post(`/admin/complaints/${ref}/verify`, {
          method: i % 2 ? 'sms' : 'id_last4',
          answer: i % 2 ? '000000' : 'XXXX',
        })
        if (r.status === 429) {
          expect(visibleText(r.text)).toContain('该来电号码今日身份核验次数已达上限')
          blocked = true
          break
        }
        expect(r.status).toBe(422)
        used++
      }
      if (blocked) break
    }
    expect(used).toBe(CALLER_CHECKS_PER_PHONE)
    // a fresh ticket for the same phone: still refused, even with the right digits
    const ref = await ticket(a.phone)
    expect((await agent.client.post(`/admin/complaints/${ref}/verify`, { method: 'id_last4', answer: a.idNumber.slice(-4) })).status).toBe(
      429,
    )
    // the next day the caller can be checked again
    ctx.clock.advanceDays(1)
    agent = await staffMember(ctx, 'complaints')
    const ref2 = await ticket(a.phone)
    expect((await agent.client.post(`/admin/complaints/${ref2}/verify`, { method: 'id_last4', answer: a.idNumber.slice(-4) })).status).toBe(
      303,
    )
    // no phone number in the rate-limit table
    const buckets = await ctx.deps.db.selectFrom('rateLimits').select('bucket').execute()
    expect(buckets.some((b) => b.bucket.includes(a.phone))).toBe(false)
  })
})
