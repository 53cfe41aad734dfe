import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { visibleText } from '../support/client.js'
import { citizen, signIn, staffMember } from '../support/fixtures.js'
import { ensureCatalog, multipart, submittedCase, PDF, TALENT_FIELDS } from '../support/cases.js'

/**
 * Issue 16 item 6: a clerk could open /staff/counter/apply?user=N with sequential ids and see a
 * citizen's name and private draft (and its form token), unaudited. Now: look-ups only by ID number
 * or case reference, each audited with a purpose and shown in the citizen's access log; the apply
 * page takes the look-up's signed visit (bound to the clerk, short-lived) and starts a new staff-side
 * application; the citizen's drafts are never shown.
 */
let ctx: TestContext
let clerk: Awaited<ReturnType<typeof staffMember>>
beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
  clerk = await staffMember(ctx, 'clerk')
})
afterAll(() => ctx.close())

const applyLink = (html: string) =>
  html.match(/href="(\/staff\/counter\/apply\?[^"]*service=talent-registration[^"]*)"/)![1].replace(/&amp;/g, '&')

describe('counter look-ups', () => {
  it('sequential ids open nothing: ?user=N answers 404 and shows no name, draft or form token', async () => {
    const a = await citizen(ctx, { realName: '诸葛明月' })
    // the citizen has a private draft with a secret-looking answer
    await a.client.get('/applications/new?service=talent-registration')
    const draft = await ctx.deps.db.selectFrom('drafts').select(['formToken']).where('userId', '=', a.id).executeTakeFirstOrThrow()
    await a.client.post('/applications/draft', { service: 'talent-registration', form_token: draft.formToken, school: '私密草稿大学' })
    for (const q of [
      `user=${a.id}`,
      `user=${a.id}&visit=`,
      'visit=forged.token',
      `visit=${Buffer.from(JSON.stringify({ s: clerk.id, u: a.id, m: 0, x: 9e15 })).toString('base64url')}.AAAA`,
    ]) {
      const r = await clerk.client.get(`/staff/counter/apply?${q}&service=talent-registration`)
      expect(r.status, q).toBe(404)
      expect(r.text).not.toContain('诸葛明月')
      expect(r.text).not.toContain(draft.formToken)
      expect(r.text).not.toContain('私密草稿大学')
    }
  })

  it("by ID number or by case reference: each look-up is audited with a purpose and is in the citizen's access log", async () => {
    const { citizen: a, ref } = await submittedCase(ctx)
    const byId = await clerk.client.post('/staff/counter/lookup', { id_number: a.idNumber, verification_method: '身份证读卡器' })
    expect(byId.status).toBe(200)
    expect(byId.text).toContain('data-qa="counter-found"')
    const byRef = await clerk.client.post('/staff/counter/lookup', { ref, verification_method: '证件人工核验' })
    expect(byRef.status).toBe(200)
    expect(byRef.text).toContain('data-qa="counter-found"')
    expect(byRef.text).not.toMatch(/user=\d/)
    const rows = await ctx.deps.db
      .selectFrom('auditLog')
      .select(['purpose', 'actorId'])
      .where('action', '=', 'counter.lookup')
      .where('subjectId', '=', String(a.id))
      .execute()
    expect(rows.map((r) => r.purpose)).toEqual(['窗口办理（按身份证号查询）', `窗口办理（按办件编号 ${ref} 查询）`])
    expect(rows.every((r) => r.actorId === String(clerk.id))).toBe(true)
    const log = visibleText((await a.client.get('/me/access-log')).text)
    expect(log).toContain('窗口办理（按身份证号查询）')
    expect(log).toContain(`按办件编号 ${ref} 查询`)
    // a look-up without a verification method is refused (and names nobody)
    expect((await clerk.client.post('/staff/counter/lookup', { id_number: a.idNumber })).status).toBe(422)
  })

  it("the apply page is a new staff-side application: not the citizen's draft; the visit works only for its clerk and only for 30 minutes", async () => {
    const a = await citizen(ctx)
    await a.client.get('/applications/new?service=talent-registration')
    const own = await ctx.deps.db.selectFrom('drafts').select(['id', 'formToken']).where('userId', '=', a.id).executeTakeFirstOrThrow()
    await a.client.post('/applications/draft', { service: 'talent-registration', form_token: own.formToken, school: '私密草稿大学' })
    const found = await clerk.client.post('/staff/counter/lookup', { id_number: a.idNumber, verification_method: '身份证读卡器' })
    const link = applyLink(found.text)
    const form = await clerk.client.get(link)
    expect(form.status).toBe(200)
    expect(form.text).not.toContain(own.formToken)
    expect(form.text).not.toContain('私密草稿大学')
    const token = form.text.match(/name="form_token" value="([^"]+)"/)![1]
    const visit = form.text.match(/name="visit" value="([^"]+)"/)![1]
    // the citizen's own form still resumes their own draft, not the clerk's
    expect((await a.client.get('/applications/new?service=talent-registration')).text).toContain(own.formToken)
    // the citizen's draft token cannot be used at the counter, nor the clerk's token online
    const viaOwn = await clerk.client.postMultipart(
      '/staff/counter/apply',
      multipart(
        { service: 'talent-registration', form_token: own.formToken, visit, ...TALENT_FIELDS },
        { file_degree_certificate: PDF, file_labour_contract: PDF },
      ),
    )
    expect(viaOwn.status).toBe(422)
    // another clerk cannot use this visit
    const other = await staffMember(ctx, 'clerk')
    expect((await other.client.get(link)).status).toBe(404)
    const submitted = await clerk.client.postMultipart(
      '/staff/counter/apply',
      multipart(
        { service: 'talent-registration', form_token: token, visit, ...TALENT_FIELDS },
        { file_degree_certificate: PDF, file_labour_contract: PDF },
      ),
    )
    expect(submitted.status).toBe(303)
    // the citizen's own draft is untouched
    expect(await ctx.deps.db.selectFrom('drafts').select('id').where('id', '=', own.id).executeTakeFirst()).toBeDefined()
    // after 30 minutes the visit has expired
    ctx.clock.advanceMinutes(31)
    const later = await staffMember(ctx, 'clerk')
    const again = await later.client.post('/staff/counter/lookup', { id_number: a.idNumber, verification_method: '身份证读卡器' })
    const laterLink = applyLink(again.text)
    ctx.clock.advanceMinutes(31)
    const fresh = await signIn(ctx, 'staff', later.id) // the clerk's session idled out too
    expect((await fresh.get(laterLink)).status).toBe(404)
  })
})
