/**
 * Search on the workbench: by reference (a filter), by ID number (blind index through the identity service) and by
 * exact full name; the last two need a purpose, are audit events the citizen sees in their access log, and never
 * put the number in a URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import { visibleText } from '../../support/client.js'
import { citizen, staffMember } from '../../support/fixtures.js'
import { ensureCatalog, formToken, multipart, PDF, TALENT_FIELDS } from '../../support/cases.js'

let ctx: TestContext
let clerk: Awaited<ReturnType<typeof staffMember>>
let li: Awaited<ReturnType<typeof citizen>>
let wang: Awaited<ReturnType<typeof citizen>>
const liRefs: string[] = []
let wangRef = ''

async function apply(who: Awaited<ReturnType<typeof citizen>>) {
  const r = await who.client.postMultipart(
    '/applications',
    multipart(
      { service: 'talent-registration', form_token: await formToken(who.client, 'talent-registration'), ...TALENT_FIELDS },
      { file_degree_certificate: PDF, file_labour_contract: PDF },
    ),
  )
  expect(r.status).toBe(303)
  return r.location!.split('/').pop()!.split('?')[0]
}

beforeAll(async () => {
  ctx = await createTestContext()
  ctx.clock.set('2026-11-23T02:00:00.000Z')
  await ensureCatalog(ctx)
  clerk = await staffMember(ctx, 'clerk')
  li = await citizen(ctx, { realName: '李小龙' })
  wang = await citizen(ctx, { realName: '王大锤' })
  liRefs.push(await apply(li), await apply(li))
  wangRef = await apply(wang)
})
afterAll(() => ctx.close())

const listed = (html: string, qa: string) => {
  const part = html.split(`data-qa="${qa}"`)[1] ?? ''
  return [...part.split('</table>')[0].matchAll(/data-qa="case-([A-Z0-9]+)"/g)].map((m) => m[1])
}

describe('search', () => {
  it('by reference: a plain filter (303 to ?q=)', async () => {
    const r = await clerk.client.post('/staff/cases/search', { by: 'ref', value: ` ${wangRef.toLowerCase()} ` })
    expect(r.status).toBe(303)
    expect(r.location).toBe(`/staff/cases?q=${wangRef}`)
  })

  it('by ID number: needs a purpose, finds every case of that applicant, audited with the citizen as subject', async () => {
    const noPurpose = await clerk.client.post('/staff/cases/search', { by: 'id_number', value: li.idNumber })
    expect(noPurpose.status).toBe(422)
    expect(noPurpose.text).toContain('data-qa="error-purpose"')
    expect(noPurpose.text).toContain(`value="${li.idNumber}"`) // input kept
    const other = await clerk.client.post('/staff/cases/search', { by: 'id_number', value: li.idNumber, purpose: '其他（须说明）' })
    expect(other.status).toBe(422)
    expect(other.text).toContain('data-qa="error-note"')
    const r = await clerk.client.post('/staff/cases/search', { by: 'id_number', value: li.idNumber, purpose: '申请人来电或来访咨询' })
    expect(r.status).toBe(200)
    expect(listed(r.text, 'search-table').sort()).toEqual([...liRefs].sort())
    expect(listed(r.text, 'search-table')).not.toContain(wangRef)
    // the citizen sees who looked them up, and why
    const log = visibleText((await li.client.get('/me/access-log')).text)
    expect(log).toContain('申请人来电或来访咨询（按身份证号检索办件）')
    expect(visibleText((await wang.client.get('/me/access-log')).text)).not.toContain('按身份证号检索办件')
    // an unknown number finds nothing and is still audited
    const none = await clerk.client.post('/staff/cases/search', {
      by: 'id_number',
      value: '11010519491231002X',
      purpose: '投诉或信访核查',
    })
    expect(none.status).toBe(200)
    expect(visibleText(none.text)).toContain('没有找到该申请人的办件')
    const bad = await clerk.client.post('/staff/cases/search', { by: 'id_number', value: '123', purpose: '投诉或信访核查' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('data-qa="error-value"')
  })

  it('by exact full name only (no partial match), audited for each applicant found', async () => {
    const r = await clerk.client.post('/staff/cases/search', { by: 'name', value: ' 王大锤 ', purpose: '核对申请人的其他办件' })
    expect(r.status).toBe(200)
    expect(listed(r.text, 'search-table')).toEqual([wangRef])
    expect(visibleText((await wang.client.get('/me/access-log')).text)).toContain('核对申请人的其他办件（按申请人姓名检索办件）')
    const partial = await clerk.client.post('/staff/cases/search', { by: 'name', value: '王大', purpose: '核对申请人的其他办件' })
    expect(listed(partial.text, 'search-table')).toEqual([])
    expect(visibleText(partial.text)).toContain('没有找到该申请人的办件')
  })

  it('the audit trail holds each look-up and never the number itself', async () => {
    const rows = await ctx.deps.db.selectFrom('auditLog').selectAll().where('action', '=', 'case.searched').execute()
    expect(rows.length).toBe(4) // found, unknown number, name found, name not found
    expect(JSON.stringify(rows)).not.toContain(li.idNumber)
  })
})
