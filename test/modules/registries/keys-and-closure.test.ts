import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestContext, TEST_APP_KEY, type TestContext } from '../../support/context.js'
import * as fixtures from '../../support/fixtures.js'
import { TestClient } from '../../support/client.js'
import { ensureCatalog, formToken, multipart, TALENT_FIELDS } from '../../support/cases.js'
import { createFieldCrypto } from '../../../src/lib/crypto.js'
import { databaseConnector } from '../../../src/modules/registries/service.js'
import { rotateRegistryKeys } from '../../../src/modules/registries/keys.js'
import { rotateCertificateKeys } from '../../../src/modules/certificates/keys.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
})
afterAll(() => ctx.close())

const EDUCATION = { education: '硕士研究生', degree: '硕士', school: '中山大学', major: '计算机科学与技术', graduation_date: '2020-07-01' }

/** A citizen with registry records who authorised, was looked up, and holds a certificate (instant approval). */
async function certifiedCitizen(realName: string) {
  const a = await fixtures.citizen(ctx, { realName })
  await ctx.services.registries.put('education', a.idNumber, EDUCATION)
  await ctx.services.registries.put('social-insurance', a.idNumber, { employer: '广州示范科技有限公司', insurance_months: 6 })
  await ctx.services.registries.put('credit', a.idNumber, { dishonest: false })
  await a.client.get('/me/authorisations')
  expect((await a.client.post('/me/authorisations', { scope: 'all', granted: 'on' })).status).toBe(303)
  const token = await formToken(a.client, 'talent-registration')
  const r = await a.client.postMultipart(
    '/applications',
    multipart({ service: 'talent-registration', form_token: token, ...TALENT_FIELDS }),
  )
  const ref = r.location!.split('/').pop()!.split('?')[0]
  expect((await ctx.deps.db.selectFrom('applications').select('status').where('ref', '=', ref).executeTakeFirstOrThrow()).status).toBe(
    'approved',
  )
  return { a, ref }
}

async function tableNames() {
  const db = ctx.deps.db
  return ctx.deps.dialect === 'sqlite'
    ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(db)).rows.map((r) => r.name)
    : (
        await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()`.execute(db)
      ).rows.map((r) => r.name)
}

describe('keys:rotate covers the registries and the certificates', () => {
  it('re-encrypts records, look-ups, holders and signing keys, and recomputes the records’ blind indexes', async () => {
    const { a } = await certifiedCitizen('钱多多')
    const oldKey = Buffer.from(TEST_APP_KEY, 'base64')
    const newKey = Buffer.alloc(32, 11)
    const during = createFieldCrypto(newKey, [oldKey])
    const reg = await rotateRegistryKeys(ctx.deps.db, during)
    expect(reg.records).toBeGreaterThanOrEqual(3)
    expect(reg.lookups).toBeGreaterThanOrEqual(3)
    expect(reg.unindexable).toBe(0)
    const cert = await rotateCertificateKeys(ctx.deps.db, during)
    expect(cert.holders).toBeGreaterThanOrEqual(1)
    expect(cert.signingKeys).toBeGreaterThanOrEqual(1)
    // Idempotent: a second run finds nothing to do.
    expect(await rotateRegistryKeys(ctx.deps.db, during)).toEqual({ records: 0, lookups: 0, unindexable: 0 })
    expect(await rotateCertificateKeys(ctx.deps.db, during)).toEqual({ holders: 0, signingKeys: 0 })

    // With only the new key, the development registry still finds the citizen and everything decrypts.
    const after = createFieldCrypto(newKey)
    expect(await databaseConnector(ctx.deps.db, after).lookup('education', a.idNumber)).toEqual(EDUCATION)
    expect(await databaseConnector(ctx.deps.db, createFieldCrypto(oldKey)).lookup('education', a.idNumber)).toBeNull()
    for (const l of await ctx.deps.db.selectFrom('registryLookups').select('dataEnc').where('userId', '=', a.id).execute())
      if (l.dataEnc) expect(() => after.decrypt(l.dataEnc!)).not.toThrow()
    const c = await ctx.deps.db.selectFrom('certificates').selectAll().where('userId', '=', a.id).executeTakeFirstOrThrow()
    expect(after.decrypt(c.holderNameEnc!)).toBe('钱多多')
    for (const k of await ctx.deps.db.selectFrom('certificateKeys').select('privateEnc').execute())
      expect(() => after.decrypt(k.privateEnc)).not.toThrow()
  })
})

describe('account closure erases the registry ledger and detaches certificates', () => {
  it('after the job: no authorisation, look-up or dispute of the person, and no certificate points at them or holds their name', async () => {
    const fresh = await createTestContext()
    const saved = ctx
    ctx = fresh
    try {
      await ensureCatalog(ctx)
      const { a, ref } = await certifiedCitizen('孙闻达')
      await a.client.post('/applications/prefill-dispute', { service: 'talent-registration', source: 'education', note: '专业有误' })
      const verify = (await a.client.get(`/applications/${ref}`)).text.match(/href="(\/verify\/[^"]+)"/)![1]
      expect(await ctx.deps.db.selectFrom('registryDisputes').selectAll().where('userId', '=', a.id).execute()).toHaveLength(1)

      ctx.clock.advance(61_000)
      await a.client.post('/auth/sms-code', { purpose: 'closure' })
      const r = await a.client.post('/me/closure', { sms_code: ctx.sms.lastCode(a.phone), confirm: 'on', reason: '不再需要本平台服务' })
      expect(r.status).toBe(303)
      await ctx.services.jobs.runDue(new Date(ctx.clock.now().getTime() + 8 * 86_400_000))
      expect((await ctx.deps.db.selectFrom('users').select('status').where('id', '=', a.id).executeTakeFirstOrThrow()).status).toBe(
        'closed',
      )

      for (const t of ['registryAuthorisations', 'registryLookups', 'registryDisputes'] as const)
        expect(await ctx.deps.db.selectFrom(t).selectAll().where('userId', '=', a.id).execute(), t).toHaveLength(0)
      const c = await ctx.deps.db.selectFrom('certificates').selectAll().where('applicationRef', '=', ref).executeTakeFirstOrThrow()
      expect(c.userId).toBeNull()
      expect(c.holderNameEnc).toBeNull()

      // Every cell of every table, encrypted ones decrypted: nothing of the person is left. The development
      // registries stand in for the agencies' own systems and keep their records (decision 0210).
      let dump = ''
      for (const n of await tableNames()) {
        if (n === 'registry_records') continue
        const rows = (await sql.raw(`SELECT * FROM ${n}`).execute(ctx.deps.db)).rows as Record<string, unknown>[]
        for (const row of rows)
          for (const v of Object.values(row)) {
            const s = typeof v === 'string' ? v : JSON.stringify(v)
            dump += s
            if (typeof v === 'string' && /^v1\.[^.]+\.[^.]+\.[^.]+$/.test(v)) dump += ctx.deps.crypto.decrypt(v)
          }
      }
      for (const s of [a.idNumber, a.phone, '孙闻达', ctx.deps.crypto.blindIndex('registry:id_number', a.idNumber)])
        expect(dump).not.toContain(s)
      // The certificate stays verifiable by whoever holds it, with the masked name only.
      const page = await new TestClient(ctx).get(verify)
      expect(page.status).toBe(200)
      expect(page.text).not.toContain('孙闻达')
    } finally {
      ctx = saved
      await fresh.close()
    }
  })
})
