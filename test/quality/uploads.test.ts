import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { citizen, staffMember } from '../support/fixtures.js'
import { ensureCatalog, formToken, multipart, PDF, TALENT_FIELDS } from '../support/cases.js'

/**
 * Issue 16 item 9: uploads kept dangerous double extensions (`….pdf.hta`). Stored and served names
 * take the extension of the type detected from the bytes; Content-Disposition uses the safe name.
 */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
})
afterAll(() => ctx.close())

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82])
const servedName = (cd: string | null) => decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(cd ?? '')![1])

describe('upload names', () => {
  it('a PDF sent as 学位证.pdf.hta is stored and served as 学位证.pdf; a PNG named .pdf becomes .png; paths and bidi tricks are gone', async () => {
    const a = await citizen(ctx)
    const clerk = await staffMember(ctx, 'clerk')
    const r = await a.client.postMultipart(
      '/applications',
      multipart(
        { service: 'talent-registration', form_token: await formToken(a.client, 'talent-registration'), ...TALENT_FIELDS },
        { file_degree_certificate: [PDF, '学位证.pdf.hta'], file_labour_contract: [PNG, '..\\..\\合同\u202Eexe.pdf'] },
      ),
    )
    expect(r.status).toBe(303)
    const ref = r.location!.split('/').pop()!.split('?')[0]
    const rows = await ctx.deps.db
      .selectFrom('attachments as t')
      .innerJoin('applications as p', 'p.id', 't.applicationId')
      .select(['t.id', 't.itemKey', 't.filename', 't.mime'])
      .where('p.ref', '=', ref)
      .orderBy('t.id')
      .execute()
    const byKey = Object.fromEntries(rows.map((x) => [x.itemKey, x]))
    expect(byKey.degree_certificate.filename).toBe('学位证.pdf')
    expect(byKey.labour_contract).toMatchObject({ filename: '合同exe.png', mime: 'image/png' })
    for (const x of rows) {
      const own = await a.client.get(`/applications/${ref}/attachments/${x.id}`)
      const staff = await clerk.client.get(`/staff/cases/${ref}/attachments/${x.id}`)
      for (const res of [own, staff]) {
        expect(res.status).toBe(200)
        const name = servedName(res.headers.get('content-disposition'))
        expect(name).toBe(x.filename)
        expect(name).not.toMatch(/\.hta|\u202E|\\/)
        expect(res.headers.get('content-type')).toBe(x.mime)
      }
    }
  })

  it('a name stored before the rule is still served with the detected extension only', async () => {
    const a = await citizen(ctx)
    const r = await a.client.postMultipart(
      '/applications',
      multipart(
        { service: 'talent-registration', form_token: await formToken(a.client, 'talent-registration'), ...TALENT_FIELDS },
        { file_degree_certificate: PDF, file_labour_contract: PDF },
      ),
    )
    const ref = r.location!.split('/').pop()!.split('?')[0]
    const app = await ctx.deps.db.selectFrom('applications').select('id').where('ref', '=', ref).executeTakeFirstOrThrow()
    const att = await ctx.deps.db.selectFrom('attachments').select('id').where('applicationId', '=', app.id).executeTakeFirstOrThrow()
    await ctx.deps.db.updateTable('attachments').set({ filename: 'scan.pdf.hta' }).where('id', '=', att.id).execute()
    const res = await a.client.get(`/applications/${ref}/attachments/${att.id}`)
    expect(servedName(res.headers.get('content-disposition'))).toBe('scan.pdf')
  })
})
