import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import * as fixtures from '../../support/fixtures.js'
import { visibleText } from '../../support/client.js'
import { ensureCatalog, formToken, multipart, PDF, TALENT_FIELDS } from '../../support/cases.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
})
afterAll(() => ctx.close())

type Citizen = Awaited<ReturnType<typeof fixtures.citizen>>

async function submit(a: Citizen, files: Record<string, Uint8Array> = {}) {
  const token = await formToken(a.client, 'talent-registration')
  const r = await a.client.postMultipart(
    '/applications',
    multipart({ service: 'talent-registration', form_token: token, ...TALENT_FIELDS }, files),
  )
  expect(r.status).toBe(303)
  return r.location!.split('/').pop()!.split('?')[0]
}

/** A manual talent registration with both materials uploaded, accepted and approved by a reviewer. */
async function approvedByStaff(a: Citizen, decision: 'approve' | 'reject' = 'approve') {
  const ref = await submit(a, { file_degree_certificate: PDF, file_labour_contract: PDF })
  const sup = await fixtures.staffMember(ctx, 'supervisor')
  await sup.client.get(`/staff/cases/${ref}`)
  expect((await sup.client.post(`/staff/cases/${ref}/decision`, { decision: 'accept' })).status).toBe(303)
  const r = await sup.client.post(`/staff/cases/${ref}/decision`, { decision, reason: decision === 'reject' ? '材料不符' : '' })
  expect(r.status).toBe(303)
  const staff = await ctx.deps.db.selectFrom('staff').select(['displayName', 'staffNo']).where('id', '=', sup.id).executeTakeFirstOrThrow()
  return { ref, staff }
}

describe('tell us once: a material staff verified in an earlier case is offered instead of a new upload', () => {
  it('is offered on a new application, copied into the draft, and the staff case page says where it came from and who verified it', async () => {
    const a = await fixtures.citizen(ctx)
    const { ref: first, staff } = await approvedByStaff(a)

    const form = await a.client.get('/applications/new?service=talent-registration')
    expect(form.text).toContain('data-qa="reuse-offer-degree_certificate"')
    expect(form.text).toContain('data-qa="reuse-offer-labour_contract"')
    expect(visibleText(form.text)).toContain(`您在办件 ${first} 中提交的`)
    const token = form.text.match(/name="form_token" value="([^"]+)"/)![1]

    const r = await a.client.postMultipart(
      '/applications/reuse-material',
      multipart({ service: 'talent-registration', form_token: token, ...TALENT_FIELDS, reuse: 'degree_certificate' }),
    )
    expect(r.status).toBe(303)
    const after = await a.client.get(r.location!)
    expect(after.text).toContain('data-qa="uploaded-degree_certificate"')
    expect(after.text).toContain('data-qa="reused-note"')
    expect(after.text).not.toContain('data-qa="reuse-offer-degree_certificate"')
    // What was typed before pressing the button is kept in the draft.
    expect(after.text).toContain('value="华南理工大学"')
    const audit = await ctx.deps.db.selectFrom('auditLog').select('action').where('action', '=', 'application.material_reused').execute()
    expect(audit.length).toBeGreaterThanOrEqual(1)

    const second = await submit(a, { file_labour_contract: PDF })
    const clerk = await fixtures.staffMember(ctx, 'clerk')
    const page = visibleText((await clerk.client.get(`/staff/cases/${second}`)).text)
    expect(page).toContain(`复用自办件 ${first}，由${staff.displayName}（工号 ${staff.staffNo}）于`)
    // Only the reused material carries that line; the fresh upload does not.
    expect(page.match(/复用自办件/g)).toHaveLength(1)
    // The reused file is a copy with the same bytes.
    const atts = await ctx.deps.db
      .selectFrom('attachments as a')
      .innerJoin('applications as p', 'p.id', 'a.applicationId')
      .select(['a.itemKey', 'a.sha256', 'a.storageKey', 'p.ref'])
      .where('p.ref', 'in', [first, second])
      .where('a.itemKey', '=', 'degree_certificate')
      .execute()
    expect(atts).toHaveLength(2)
    expect(atts[0].sha256).toBe(atts[1].sha256)
    expect(atts[0].storageKey).not.toBe(atts[1].storageKey)
  })

  it('is not offered from a rejected case, to another person, or from a case the rules approved without staff', async () => {
    const a = await fixtures.citizen(ctx)
    await approvedByStaff(a, 'reject')
    expect((await a.client.get('/applications/new?service=talent-registration')).text).not.toContain('data-qa="reuse-offer-')

    const b = await fixtures.citizen(ctx)
    await approvedByStaff(b)
    const stranger = await fixtures.citizen(ctx)
    const form = await stranger.client.get('/applications/new?service=talent-registration')
    expect(form.text).not.toContain('data-qa="reuse-offer-')
    // Asking to reuse anyway (another person's material) is refused with the message at the field.
    const token = form.text.match(/name="form_token" value="([^"]+)"/)![1]
    const r = await stranger.client.postMultipart(
      '/applications/reuse-material',
      multipart({ service: 'talent-registration', form_token: token, ...TALENT_FIELDS, reuse: 'degree_certificate' }),
    )
    expect(r.status).toBe(422)
    expect(r.text).toContain('没有可复用的已核验材料')

    // 秒批 (approved by the system): the uploads were never looked at by staff, so they are not "verified".
    const c = await fixtures.citizen(ctx)
    await ctx.services.registries.put('education', c.idNumber, {
      education: '硕士研究生',
      degree: '硕士',
      school: '中山大学',
      major: '计算机科学与技术',
      graduation_date: '2020-07-01',
    })
    await ctx.services.registries.put('social-insurance', c.idNumber, { employer: '广州示范科技有限公司', insurance_months: 6 })
    await ctx.services.registries.put('credit', c.idNumber, { dishonest: false })
    await c.client.get('/me/authorisations')
    await c.client.post('/me/authorisations', { scope: 'all', granted: 'on' })
    const instant = await submit(c, { file_labour_contract: PDF })
    expect(
      (await ctx.deps.db.selectFrom('applications').select('status').where('ref', '=', instant).executeTakeFirstOrThrow()).status,
    ).toBe('approved')
    // (The form waives both materials for this person anyway, so ask the applications service directly.)
    expect(await ctx.services.materialReuse.offers(c.id, await formToken(c.client, 'talent-registration'))).toEqual([])
  })
})
