import { expect } from 'vitest'
import type { TestContext } from './context.js'
import type { TestClient } from './client.js'
import { citizen, makeIdNumber } from './fixtures.js'
import { usccCheckChar } from '../../src/modules/identity/validators.js'
import { seedCatalog } from '../../src/modules/catalog/service.js'

export const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
export const TALENT_FIELDS = {
  education: '大学本科',
  degree: '学士',
  school: '华南理工大学',
  major: '计算机科学与技术',
  graduation_date: '2018-07-01',
  employer: '广州示范科技有限公司',
  position: '工程师',
  talent_category: 'E类（青年后备人才）',
  arrival_date: '2019-03-01',
  insurance_months: '36',
}
export const HOUSING_FIELDS = { monthly_amount: '2000', period_start: '2026-01', period_months: '6', rental_address: '天河路1号' }

/** A multipart body as a browser sends it; a file is its bytes (named `<field>.pdf`) or [bytes, file name]. */
export function multipart(fields: Record<string, string>, files: Record<string, Uint8Array | [Uint8Array, string]> = {}) {
  const fd = new FormData()
  for (const [k, v] of Object.entries(fields)) fd.append(k, v)
  for (const [k, v] of Object.entries(files)) {
    const [bytes, name] = Array.isArray(v) ? v : [v, `${k}.pdf`]
    fd.append(k, new Blob([bytes as Uint8Array<ArrayBuffer>]), name)
  }
  return fd
}

export async function ensureCatalog(ctx: TestContext) {
  await seedCatalog(ctx.services.catalog)
}

/** The form_token of the service's application form as this person's browser would get it. */
export async function formToken(client: TestClient, service: string) {
  const r = await client.get(`/applications/new?service=${service}`)
  expect(r.status).toBe(200)
  return r.text.match(/name="form_token" value="([^"]+)"/)![1]
}

/** Opens the service's form and submits it as the browser would; returns the new application's reference. */
async function submitApplication(client: TestClient, service: string, fields: Record<string, string>, files: Record<string, Uint8Array>) {
  const r = await client.postMultipart(
    '/applications',
    multipart({ service, form_token: await formToken(client, service), ...fields }, files),
  )
  expect(r.status).toBe(303)
  return r.location!.split('/').pop()!.split('?')[0]
}

/** A verified citizen with one submitted application (through the HTTP form). */
export async function submittedCase(ctx: TestContext, service: 'talent-registration' | 'housing-subsidy' = 'talent-registration') {
  const a = await citizen(ctx)
  const files: Record<string, Uint8Array> =
    service === 'talent-registration' ? { file_degree_certificate: PDF, file_labour_contract: PDF } : { file_rental_contract: PDF }
  const fields = service === 'talent-registration' ? TALENT_FIELDS : HOUSING_FIELDS
  return { citizen: a, ref: await submitApplication(a.client, service, fields, files) }
}

/**
 * A verified citizen who registered an enterprise (and so operates it) and submitted the enterprise
 * service for it. `uscc17` must differ between calls within one test database.
 */
export async function enterpriseCase(ctx: TestContext, uscc17 = '91440101MA5CK8W36') {
  const operator = await citizen(ctx)
  const uscc = uscc17 + usccCheckChar(uscc17)
  const reg = await operator.client.post('/me/enterprise', {
    company_name: '广州引才测试有限公司',
    uscc,
    legal_rep_name: '赵六',
    legal_rep_id_number: makeIdNumber('19700101'),
  })
  expect(reg.status).toBe(303)
  const fields = {
    employees: '张三,123X,2026-03-01',
    contact_name: '王经理',
    contact_phone: '020-12345678',
    company_account: '44050101234567890',
  }
  const ref = await submitApplication(operator.client, 'enterprise-talent-subsidy', fields, { file_contracts: PDF })
  const enterprise = await ctx.deps.db.selectFrom('enterprises').select('id').where('uscc', '=', uscc).executeTakeFirstOrThrow()
  return { operator, enterpriseId: enterprise.id, ref }
}

/** An operator invites `invitee` by phone and the invitee accepts in their own account (issue 16 item 8). */
export async function addOperator(owner: TestClient, enterpriseId: number, invitee: { client: TestClient; phone: string }) {
  expect((await owner.post(`/me/enterprise/${enterpriseId}/operators`, { operator_phone: invitee.phone })).status).toBe(303)
  const page = await invitee.client.get('/me/enterprise')
  const action = page.text.match(/action="(\/me\/enterprise\/invitations\/\d+\/accept)"/)![1]
  expect((await invitee.client.post(action)).status).toBe(303)
}
