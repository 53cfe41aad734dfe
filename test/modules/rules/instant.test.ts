import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import * as fixtures from '../../support/fixtures.js'
import { TestClient } from '../../support/client.js'
import { ensureCatalog, formToken, multipart, TALENT_FIELDS } from '../../support/cases.js'

let ctx: TestContext
beforeAll(async () => {
  // Every instant approval is drawn for the human sample here, so sampling and revocation can be driven.
  ctx = await createTestContext({ env: { SAMPLING_FIRST: '0', SAMPLING_RATE: '1' } })
  await ensureCatalog(ctx)
})
afterAll(() => ctx.close())

const EDUCATION = { education: '硕士研究生', degree: '硕士', school: '中山大学', major: '计算机科学与技术', graduation_date: '2020-07-01' }

async function apply(opts: { education?: string; months?: number; dishonest?: boolean; authorise?: boolean } = {}) {
  const a = await fixtures.citizen(ctx, { realName: '林晓明' })
  await ctx.services.registries.put('education', a.idNumber, { ...EDUCATION, education: opts.education ?? EDUCATION.education })
  await ctx.services.registries.put('social-insurance', a.idNumber, {
    employer: '广州示范科技有限公司',
    insurance_months: opts.months ?? 6,
  })
  await ctx.services.registries.put('credit', a.idNumber, { dishonest: opts.dishonest ?? false })
  if (opts.authorise !== false) {
    await a.client.get('/me/authorisations')
    await a.client.post('/me/authorisations', { scope: 'all', granted: 'on' })
  }
  const token = await formToken(a.client, 'talent-registration')
  const r = await a.client.postMultipart(
    '/applications',
    multipart({ service: 'talent-registration', form_token: token, ...TALENT_FIELDS }),
  )
  expect(r.status).toBe(303)
  const ref = r.location!.split('/').pop()!.split('?')[0]
  return { a, ref, page: await a.client.get(r.location!) }
}

const history = async (ref: string) => {
  const app = await ctx.deps.db
    .selectFrom('applications')
    .select(['id', 'status', 'acceptedAt', 'decidedAt'])
    .where('ref', '=', ref)
    .executeTakeFirstOrThrow()
  const events = await ctx.deps.db
    .selectFrom('applicationEvents')
    .select(['toStatus', 'actorType'])
    .where('applicationId', '=', app.id)
    .orderBy('id')
    .execute()
  return { app, events }
}

describe('秒批: instant approval on authoritative data', () => {
  it('approves at once when every rule is met on registry data: 受理 and approval by the system, trace shown, certificate issued', async () => {
    const { ref, page } = await apply()
    expect(page.text).toContain('data-qa="confirmation"')
    expect(page.text).toMatch(/data-qa="status"[^>]*data-status="approved"|data-status="approved"[^>]*data-qa="status"/)
    expect(page.text).toMatch(/data-qa="decision-trace" data-outcome="instant"/)
    expect(page.text).toMatch(/data-rule="degree-master-or-higher" data-outcome="pass"/)
    expect(page.text).toContain('A级·权威数据')
    const { app, events } = await history(ref)
    expect(app.status).toBe('approved')
    expect(app.acceptedAt).toBeTruthy()
    expect(app.decidedAt).toBeTruthy()
    expect(events.map((e) => e.toStatus)).toEqual(['submitted', 'accepted', 'approved'])
    expect(events.slice(1).every((e) => e.actorType === 'system')).toBe(true)
    // The certificate: linked from the case page, verifiable by a stranger.
    const verify = page.text.match(/href="(\/verify\/[^"]+)" data-qa="verify-link"/)![1]
    const stranger = await new TestClient(ctx).get(verify)
    expect(stranger.status).toBe(200)
    expect(stranger.text).toContain('data-status="valid"')
    expect(stranger.text).toContain('林**')
    const audit = await ctx.deps.db.selectFrom('auditLog').select('action').where('subjectId', '=', ref).execute()
    expect(audit.map((x) => x.action)).toContain('rules.instant_approval')
  })

  it('goes to staff with the unmet rule named when a condition fails, and when data is missing or not authorised', async () => {
    for (const [opts, rule, outcome] of [
      [{ education: '大学本科' }, 'degree-master-or-higher', 'fail'],
      [{ months: 0 }, 'social-insurance-in-city', 'fail'],
      [{ dishonest: true }, 'not-dishonest', 'fail'],
      [{ authorise: false }, 'not-dishonest', 'unknown'],
    ] as const) {
      const { ref, page } = await apply(opts)
      expect((await history(ref)).app.status, JSON.stringify(opts)).toBe('submitted')
      expect(page.text).toMatch(/data-qa="decision-trace" data-outcome="manual"/)
      expect(page.text).toMatch(new RegExp(`data-rule="${rule}" data-outcome="${outcome}"`))
      const clerk = await fixtures.staffMember(ctx, 'clerk')
      const staffPage = await clerk.client.get(`/staff/cases/${ref}`)
      expect(staffPage.status).toBe(200)
      // The clerk sees where each datum came from and starts at the unmet rule.
      expect(staffPage.text).toMatch(new RegExp(`data-qa="decision-trace"[\\s\\S]*data-rule="${rule}" data-outcome="${outcome}"`))
    }
  })

  it('a supervisor samples an instant approval and revokes it: the certificate says 已撤销 and the citizen is told why', async () => {
    const { a, ref, page } = await apply()
    const verify = page.text.match(/href="(\/verify\/[^"]+)" data-qa="verify-link"/)![1]
    const sup = await fixtures.staffMember(ctx, 'supervisor')
    const queue = await sup.client.get('/staff/sampling')
    expect(queue.status).toBe(200)
    expect(queue.text).toContain(`data-ref="${ref}"`)
    // A clerk may not see the sample or revoke.
    const clerk = await fixtures.staffMember(ctx, 'clerk')
    expect((await clerk.client.get('/staff/sampling')).status).toBe(403)
    await clerk.client.get(`/staff/cases/${ref}`)
    const refused = await clerk.client.post(`/staff/cases/${ref}/decision`, { decision: 'revoke', reason: 'x' })
    expect(refused.status).toBe(403)
    expect(refused.text).toContain('撤销审核通过决定须由主管作出') // told on the case page (decision 0250)
    expect(refused.text).toContain(`<title>${ref}`)

    const noReason = await sup.client.post(`/staff/cases/${ref}/decision`, { decision: 'revoke', reason: '' })
    expect(noReason.status).toBe(422)
    const revoked = await sup.client.post(`/staff/cases/${ref}/decision`, { decision: 'revoke', reason: '抽查发现学历信息与原件不符' })
    expect(revoked.status).toBe(303)
    expect((await history(ref)).app.status).toBe('revoked')
    const anon = await new TestClient(ctx).get(verify)
    expect(anon.text).toContain('data-status="revoked"')
    expect(anon.text).toContain('已撤销')
    const mine = await a.client.get(`/applications/${ref}`)
    expect(mine.text).toContain('抽查发现学历信息与原件不符')
    expect((await a.client.get('/me/certificates')).text).toContain('撤销原因：抽查发现学历信息与原件不符')
    expect((await sup.client.get('/staff/sampling')).text).not.toContain(`data-ref="${ref}"`)
    const msgs = await ctx.deps.db.selectFrom('messages').select(['title', 'body']).where('userId', '=', a.id).execute()
    expect(msgs.some((m) => m.body.includes('抽查发现学历信息与原件不符'))).toBe(true)
    // The statistics count the revocation against the instant approvals (revocation rate).
    const s = (await ctx.services.decisions.stats()).services['talent-registration']
    expect(s.revoked).toBe(1)
    expect(s.revocationRate).toBeCloseTo(1 / s.instant)
  })

  it('a confirmed sample leaves the queue and the approval stands', async () => {
    const { ref } = await apply()
    const sup = await fixtures.staffMember(ctx, 'supervisor')
    await sup.client.get('/staff/sampling')
    expect((await sup.client.post(`/staff/sampling/${ref}/confirm`)).status).toBe(303)
    expect((await sup.client.get('/staff/sampling')).text).not.toContain(`data-ref="${ref}"`)
    expect((await history(ref)).app.status).toBe('approved')
    expect((await sup.client.post(`/staff/sampling/${ref}/confirm`)).status).toBe(409)
  })
})

describe('the sample draw', () => {
  it('always draws the first instant approvals under a rule-set version, then at the configured rate', async () => {
    const local = await createTestContext({ env: { SAMPLING_FIRST: '2', SAMPLING_RATE: '0' } })
    try {
      await ensureCatalog(local)
      const drawn: (string | null)[] = []
      for (let i = 0; i < 3; i++) {
        const a = await fixtures.citizen(local)
        await local.services.registries.put('education', a.idNumber, EDUCATION)
        await local.services.registries.put('social-insurance', a.idNumber, { employer: '广州示范科技有限公司', insurance_months: 6 })
        await local.services.registries.put('credit', a.idNumber, { dishonest: false })
        await a.client.get('/me/authorisations')
        await a.client.post('/me/authorisations', { scope: 'all', granted: 'on' })
        const token = await formToken(a.client, 'talent-registration')
        const r = await a.client.postMultipart(
          '/applications',
          multipart({ service: 'talent-registration', form_token: token, ...TALENT_FIELDS }),
        )
        const ref = r.location!.split('/').pop()!.split('?')[0]
        drawn.push(
          (
            await local.deps.db
              .selectFrom('ruleEvaluations')
              .select('sampleStatus')
              .where('applicationRef', '=', ref)
              .executeTakeFirstOrThrow()
          ).sampleStatus,
        )
      }
      expect(drawn).toEqual(['pending', 'pending', null])
      const stats = await local.services.decisions.stats()
      expect(stats.services).toEqual({
        'talent-registration': { instant: 3, manual: 0, sampled: 2, confirmed: 0, revoked: 0, revocationRate: 0 },
      })
      expect(stats.total.instant).toBe(3)
      expect(stats.weeks.map((w) => [w.service, w.instant])).toEqual([['talent-registration', 3]])
      expect((await local.services.decisions.stats({ to: '2000-01-01' })).total).toMatchObject({ instant: 0, revocationRate: null })
    } finally {
      await local.close()
    }
  })
})
