import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { visibleText } from '../support/client.js'
import { citizen, makePhone, signIn } from '../support/fixtures.js'
import { ensureCatalog, enterpriseCase } from '../support/cases.js'

/**
 * Issue 16 item 8: adding an enterprise operator by phone showed that person's real name and added
 * them without consent; they could not leave. Now: an invitation the invitee accepts or declines,
 * the same answer for any number, names only after acceptance, and leaving (not the last operator).
 */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
})
afterAll(() => ctx.close())

const invitationAction = (html: string, what: 'accept' | 'decline') =>
  new RegExp(`action="(/me/enterprise/invitations/\\d+/${what})"`).exec(html)?.[1]
const operatorsOf = async (enterpriseId: number) =>
  (await ctx.deps.db.selectFrom('enterpriseOperators').select('userId').where('enterpriseId', '=', enterpriseId).execute()).map(
    (r) => r.userId,
  )

describe('enterprise operator invitations', () => {
  it('inviting answers the same for a verified citizen, an unverified one and an unknown number, and shows no name', async () => {
    const e = await enterpriseCase(ctx, '91440101MA5CK8W1Y')
    const target = await citizen(ctx, { realName: '欧阳秀英' })
    const unverified = await citizen(ctx, { verified: false })
    const pages: string[] = []
    for (const phone of [target.phone, unverified.phone, makePhone()]) {
      const r = await e.operator.client.post(`/me/enterprise/${e.enterpriseId}/operators`, { operator_phone: phone })
      expect(r.status).toBe(303)
      expect(r.location).toBe('/me/enterprise?done=invited')
      pages.push(visibleText((await e.operator.client.get(r.location!)).text))
    }
    expect(new Set(pages).size).toBe(1)
    expect(pages[0]).not.toContain('欧阳秀英')
    // not an operator until they accept
    expect(await operatorsOf(e.enterpriseId)).toEqual([e.operator.id])
    expect((await target.client.post('/me/acting-as', { enterprise_id: String(e.enterpriseId) })).status).toBe(404)
    // the invitee is told in-site and by SMS to their registered phone
    const sms = await ctx.deps.db
      .selectFrom('outbox')
      .select(['recipient', 'body'])
      .where('userId', '=', target.id)
      .where('channel', '=', 'sms')
      .execute()
    expect(sms.map((m) => m.recipient)).toEqual([target.phone])
    expect(sms[0].body).toContain('广州引才测试有限公司')
    // a bad number is still a field error
    expect((await e.operator.client.post(`/me/enterprise/${e.enterpriseId}/operators`, { operator_phone: '123' })).status).toBe(422)
  })

  it('the invitee accepts in their account; only then does the enterprise see their name; another citizen cannot accept it', async () => {
    const e = await enterpriseCase(ctx, '91440101MA5CK8W2Y')
    const b = await citizen(ctx, { realName: '司马光明' })
    const outsider = await citizen(ctx)
    await e.operator.client.post(`/me/enterprise/${e.enterpriseId}/operators`, { operator_phone: b.phone })
    const page = await b.client.get('/me/enterprise')
    expect(page.text).toContain('data-qa="invitation"')
    expect(visibleText(page.text)).toContain('广州引才测试有限公司')
    const accept = invitationAction(page.text, 'accept')!
    expect(visibleText((await e.operator.client.get('/me/enterprise')).text)).not.toContain('司马光明')
    expect((await outsider.client.post(accept)).status).toBe(404)
    expect((await e.operator.client.post(accept)).status).toBe(404)
    expect((await b.client.post(accept)).status).toBe(303)
    expect((await b.client.post(accept)).status).toBe(409) // once
    expect((await operatorsOf(e.enterpriseId)).sort()).toEqual([e.operator.id, b.id].sort())
    expect(visibleText((await e.operator.client.get('/me/enterprise')).text)).toContain('司马光明')
    expect((await b.client.post('/me/acting-as', { enterprise_id: String(e.enterpriseId) })).status).toBe(303)
  })

  it('a declined or expired invitation adds no one', async () => {
    const e = await enterpriseCase(ctx, '91440101MA5CK8W4Y')
    const b = await citizen(ctx)
    await e.operator.client.post(`/me/enterprise/${e.enterpriseId}/operators`, { operator_phone: b.phone })
    const decline = invitationAction((await b.client.get('/me/enterprise')).text, 'decline')!
    expect((await b.client.post(decline)).status).toBe(303)
    expect((await b.client.post(decline.replace('decline', 'accept'))).status).toBe(409)
    const c = await citizen(ctx)
    await e.operator.client.post(`/me/enterprise/${e.enterpriseId}/operators`, { operator_phone: c.phone })
    const accept = invitationAction((await c.client.get('/me/enterprise')).text, 'accept')!
    ctx.clock.advanceDays(8)
    const c2 = await signIn(ctx, 'citizen', c.id) // the old session idled out
    expect((await c2.post(accept)).status).toBe(409)
    expect(await operatorsOf(e.enterpriseId)).toEqual([e.operator.id])
  })

  it('an operator can leave; the last operator cannot; a session acting for the enterprise falls back to the person', async () => {
    const e = await enterpriseCase(ctx, '91440101MA5CK8W5Y')
    const alone = await e.operator.client.post(`/me/enterprise/${e.enterpriseId}/leave`)
    expect(alone.status).toBe(409)
    expect(visibleText(alone.text)).toContain('唯一的经办人')
    const b = await citizen(ctx)
    await e.operator.client.post(`/me/enterprise/${e.enterpriseId}/operators`, { operator_phone: b.phone })
    await b.client.post(invitationAction((await b.client.get('/me/enterprise')).text, 'accept')!)
    await b.client.post('/me/acting-as', { enterprise_id: String(e.enterpriseId) })
    const outsider = await citizen(ctx)
    expect((await outsider.client.post(`/me/enterprise/${e.enterpriseId}/leave`)).status).toBe(404)
    expect((await b.client.post(`/me/enterprise/${e.enterpriseId}/leave`)).status).toBe(303)
    expect(await operatorsOf(e.enterpriseId)).toEqual([e.operator.id])
    const acting = await ctx.deps.db
      .selectFrom('sessions')
      .select('actingEnterpriseId')
      .where('subjectType', '=', 'citizen')
      .where('subjectId', '=', b.id)
      .execute()
    expect(acting.every((s) => s.actingEnterpriseId === null)).toBe(true)
    expect(visibleText((await b.client.get('/applications')).text)).not.toContain(e.ref)
  })
})
