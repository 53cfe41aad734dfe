import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestContext, type TestContext } from '../../support/context.js'
import { TestClient, visibleText } from '../../support/client.js'
import { citizen, staffMember, signIn } from '../../support/fixtures.js'
import { ensureCatalog, submittedCase } from '../../support/cases.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
})
afterAll(() => ctx.close())

async function stepUp(a: Awaited<ReturnType<typeof citizen>>) {
  ctx.clock.advance(61_000)
  await a.client.post('/auth/sms-code', { purpose: 'verify' })
  expect((await a.client.post('/me/step-up', { sms_code: ctx.sms.lastCode(a.phone) })).status).toBe(303)
}

/** Every text cell of every table, for "nothing of this person is left" checks. */
async function dumpAllTables(): Promise<string> {
  const db = ctx.deps.db
  const names =
    ctx.deps.dialect === 'sqlite'
      ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(db)).rows.map((r) => r.name)
      : (
          await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()`.execute(db)
        ).rows.map((r) => r.name)
  let out = ''
  for (const n of names) out += JSON.stringify((await sql.raw(`SELECT * FROM ${n}`).execute(db)).rows)
  return out
}

describe('privacy center', () => {
  it('lists every category with purpose and retention, masked', async () => {
    const a = await citizen(ctx)
    const r = await a.client.get('/me/data')
    expect(r.status).toBe(200)
    const t = visibleText(r.text)
    for (const s of [
      '账号信息',
      '实名信息',
      '企业信息',
      '办件与材料',
      '评价',
      '来电与投诉',
      '站内消息',
      '授权记录',
      '登录记录',
      '委托处理方',
      '短信服务商',
      '审计日志',
    ])
      expect(t).toContain(s)
    expect(r.text).not.toContain(a.idNumber)
    expect((await new TestClient(ctx).get('/me/data')).status).toBe(303)
  })

  it('exports everything as a JSON attachment only after step-up, decrypted, audited', async () => {
    const { citizen: a, ref } = await submittedCase(ctx)
    const before = await a.client.get('/me/data/export')
    expect(before.status).toBe(303)
    expect(before.location).toContain('/me/step-up')
    await stepUp(a)
    const r = await a.client.get('/me/data/export')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toContain('application/json')
    expect(r.headers.get('content-disposition')).toMatch(/^attachment/)
    const data = JSON.parse(r.text) as { identity: { idNumber: string; bankAccount: string }; applications: { ref: string }[] }
    for (const k of ['account', 'identity', 'enterprises', 'applications', 'drafts', 'messages', 'consents', 'accessLog', 'loginHistory'])
      expect(data).toHaveProperty(k)
    expect(data.identity.idNumber).toBe(a.idNumber)
    expect(data.identity.bankAccount).toBe(a.bankAccount)
    expect(data.applications[0].ref).toBe(ref)
    expect(
      await ctx.deps.db
        .selectFrom('auditLog')
        .select('seq')
        .where('action', '=', 'privacy.export')
        .where('subjectId', '=', String(a.id))
        .execute(),
    ).toHaveLength(1)
    const html = await a.client.get('/me/data/summary')
    expect(html.status).toBe(200)
    expect(html.text).toContain(a.idNumber)
    expect(visibleText(html.text)).toContain('办件')
  })

  it('consents: each change is a new record, withdrawal immediate, services unaffected', async () => {
    const a = await citizen(ctx)
    expect((await a.client.post('/me/consents', { consent: 'sms_surveys', granted: 'on' })).status).toBe(303)
    expect(visibleText((await a.client.get('/me/consents')).text)).toContain('已开启')
    expect((await a.client.post('/me/consents', { consent: 'sms_surveys' })).status).toBe(303)
    const rows = await ctx.deps.db
      .selectFrom('consents')
      .selectAll()
      .where('userId', '=', a.id)
      .where('consent', '=', 'sms_surveys')
      .orderBy('id')
      .execute()
    expect(rows.map((r) => r.granted)).toEqual([1, 0])
    expect((await ctx.services.privacy.currentConsents(a.id)).sms_surveys.granted).toBe(false)
    expect((await a.client.get('/applications/new?service=talent-registration')).status).toBe(200)
  })

  it('cookie banner: essential only by default, both choices equally prominent, works signed out', async () => {
    const c = new TestClient(ctx)
    const home = await c.get('/')
    expect(home.text).toContain('data-qa="cookie-banner"')
    expect(home.text).toMatch(/value="essential" class="button"/)
    expect(home.text).toMatch(/value="all" class="button"/)
    expect(home.res.headers.getSetCookie().some((x) => x.startsWith('hall_cookie_choice'))).toBe(false)
    await c.post('/cookies', { choice: 'essential' })
    expect(c.cookies.get('hall_cookie_choice')).toBe('essential')
    expect((await c.get('/')).text).not.toContain('data-qa="cookie-banner"')
  })

  it('access log shows staff views (staff number and department, never the name) and counter look-ups', async () => {
    const { citizen: a, ref } = await submittedCase(ctx)
    const clerk = await staffMember(ctx, 'clerk')
    await clerk.client.get(`/staff/cases/${ref}`)
    await clerk.client.post(`/staff/cases/${ref}/reveal`, { purpose: '核对申请人身份' })
    await clerk.client.post('/staff/counter/lookup', { id_number: a.idNumber, verification_method: '证件人工核验' })
    const log = await a.client.get('/me/access-log')
    const t = visibleText(log.text)
    expect(t).toContain('查看办件')
    expect(t).toContain('查看申请人完整信息')
    expect(t).toContain('核对申请人身份')
    expect(t).toContain('窗口办理')
    expect(t).toContain('人才服务中心')
    expect(t).not.toContain('测试clerk')
  })

  it('correction request for identity fields goes to staff review', async () => {
    const a = await citizen(ctx)
    expect((await a.client.post('/me/corrections', { field: 'real_name', value: '', reason: '' })).status).toBe(422)
    expect((await a.client.post('/me/corrections', { field: 'real_name', value: '张叁', reason: '户口簿已更正姓名' })).status).toBe(303)
    expect((await ctx.services.privacy.pendingCorrections()).some((c) => c.userId === a.id)).toBe(true)
  })
})

describe('account closure', () => {
  it('is refused with the reason while an application is open', async () => {
    const { citizen: a, ref } = await submittedCase(ctx)
    const page = await a.client.get('/me/closure')
    expect(visibleText(page.text)).toContain(ref)
    await a.client.post('/auth/sms-code', { purpose: 'closure' })
    const r = await a.client.post('/me/closure', { sms_code: ctx.sms.lastCode(a.phone), confirm: 'on', reason: '其他' })
    expect(r.status).toBe(409)
    expect(visibleText(r.text)).toContain('正在办理')
  })

  it('online: SMS code + confirm → reference, sessions ended, login refused; the job deletes everything; same phone and ID can register again', async () => {
    const { citizen: a, ref } = await submittedCase(ctx, 'housing-subsidy')
    // decided and paid subsidy: kept, anonymised
    const sup = await staffMember(ctx, 'supervisor')
    await sup.client.post(`/staff/cases/${ref}/decision`, { decision: 'accept' })
    await sup.client.post(`/staff/cases/${ref}/decision`, { decision: 'approve' })
    await sup.client.post(`/staff/cases/${ref}/payment`, { amount: '12000', date: '2026-11-23', voucher: 'PV-9' })
    await a.client.post('/me/consents', { consent: 'location', granted: 'on' })
    const other = await signIn(ctx, 'citizen', a.id)

    expect((await a.client.post('/me/closure', { sms_code: '123456', confirm: '' })).status).toBe(422)
    ctx.clock.advance(61_000)
    await a.client.post('/auth/sms-code', { purpose: 'closure' })
    const r = await a.client.post('/me/closure', { sms_code: ctx.sms.lastCode(a.phone), confirm: 'on', reason: '不再需要本平台服务' })
    expect(r.status).toBe(303)
    const closureRef = r.location!.split('/').pop()!
    expect(closureRef).toMatch(/^ZX\d{8}[0-9A-F]{8}$/)
    const status = await new TestClient(ctx).get(`/closure/${closureRef}`)
    expect(visibleText(status.text)).toContain('办理中')
    expect((await other.get('/me')).status).toBe(303)
    const login = await new TestClient(ctx).post('/login', { phone: a.phone, password: a.password })
    expect(login.status).toBe(403)
    expect(visibleText(login.text)).toContain('注销')

    // not before the cooling-off period
    await ctx.services.jobs.runDue()
    expect((await ctx.deps.db.selectFrom('users').select('status').where('id', '=', a.id).executeTakeFirstOrThrow()).status).toBe('closing')
    const smsBefore = ctx.sms.sent.length
    await ctx.services.jobs.runDue(new Date(ctx.clock.now().getTime() + 8 * 86_400_000))
    const u = await ctx.deps.db.selectFrom('users').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow()
    expect(u.status).toBe('closed')
    const dump = await dumpAllTables()
    for (const s of [a.phone, a.idNumber, a.bankAccount, ctx.deps.crypto.blindIndex('id_number', a.idNumber)]) expect(dump).not.toContain(s)
    expect(ctx.sms.sent.slice(smsBefore).some((m) => m.to === a.phone && m.text.includes('已完成'))).toBe(true)
    const kept = (await ctx.services.applications.byRef(ref))!
    expect(kept.applicantUserId).toBeNull()
    expect(kept.retainUntil).toBeTruthy()
    expect((await ctx.services.audit.verify()).ok).toBe(true)
    expect(visibleText((await new TestClient(ctx).get(`/closure/${closureRef}`)).text)).toContain('已完成')
    // register again with the same phone and ID
    const again = await citizen(ctx, { phone: a.phone, idNumber: a.idNumber })
    expect((await again.client.get('/me')).status).toBe(200)
  })

  it('at the counter: the clerk records the ID check; name must match; cancel during cooling-off', async () => {
    const a = await citizen(ctx, { realName: '王小明' })
    const clerk = await staffMember(ctx, 'clerk')
    const bad = await clerk.client.post('/staff/counter/closure', {
      real_name: '王小明',
      id_number: a.idNumber,
      verification_method: '',
      note: '',
    })
    expect(bad.status).toBe(422)
    const wrong = await clerk.client.post('/staff/counter/closure', {
      real_name: '王大明',
      id_number: a.idNumber,
      verification_method: '身份证读卡器',
      note: '',
    })
    expect(wrong.status).toBe(422)
    const r = await clerk.client.post('/staff/counter/closure', {
      real_name: '王小明',
      id_number: a.idNumber,
      verification_method: '身份证读卡器',
      note: '本人到场',
    })
    expect(r.status).toBe(303)
    const ref = r.location!.split('/').pop()!
    expect((await a.client.get('/me')).status).toBe(303)
    const ev = await ctx.deps.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'counter.closure')
      .where('subjectId', '=', String(a.id))
      .execute()
    expect(ev[0].detail).toContain('身份证读卡器')
    expect((await clerk.client.post(`/staff/counter/closure/${ref}/cancel`)).status).toBe(303)
    expect((await new TestClient(ctx).post('/login', { phone: a.phone, password: a.password })).status).toBe(303)
    const reviewer = await staffMember(ctx, 'reviewer')
    expect(
      (
        await reviewer.client.post('/staff/counter/closure', {
          real_name: '王小明',
          id_number: a.idNumber,
          verification_method: '身份证读卡器',
        })
      ).status,
    ).toBe(403)
  })
})

describe('retention', () => {
  it('purges codes, expired sessions, old drafts; audit kept ≥ 6 months and the chain still verifies', async () => {
    const a = await citizen(ctx)
    await a.client.get('/applications/new?service=talent-registration') // a draft
    ctx.clock.advance(61_000)
    await a.client.post('/auth/sms-code', { purpose: 'verify' })
    const later = new Date(ctx.clock.now().getTime() + 200 * 86_400_000)
    await ctx.services.privacy.purge(later)
    expect(await ctx.deps.db.selectFrom('smsCodes').select('id').where('phone', '=', a.phone).execute()).toHaveLength(0)
    expect(await ctx.deps.db.selectFrom('drafts').select('id').where('userId', '=', a.id).execute()).toHaveLength(0)
    const auditCount = (await ctx.deps.db.selectFrom('auditLog').select('seq').execute()).length
    expect(auditCount).toBeGreaterThan(0) // 200 days < 3 years: nothing purged
    await ctx.services.privacy.purge(new Date(ctx.clock.now().getTime() + 4 * 365 * 86_400_000))
    expect((await ctx.deps.db.selectFrom('auditLog').select('seq').execute()).length).toBe(0)
    await ctx.services.audit.record(
      null,
      { actorType: 'system', actorId: null, actorRole: null, ip: null, userAgent: null, requestId: null },
      { action: 'system.migrate' },
    )
    expect((await ctx.services.audit.verify()).ok).toBe(true)
  })
})

describe('sharing ledger', () => {
  it('a secadmin records a disclosure; the user is told and sees it, unless a legal basis forbids telling (audited)', async () => {
    const a = await citizen(ctx)
    const b = await citizen(ctx)
    const sec = await staffMember(ctx, 'secadmin')
    expect(
      (
        await sec.client.post('/admin/disclosures', {
          phone: a.phone,
          recipient: '',
          data_categories: '',
          legal_basis: '',
          disclosed_at: '',
        })
      ).status,
    ).toBe(422)
    expect(
      (
        await sec.client.post('/admin/disclosures', {
          phone: a.phone,
          recipient: '某区公安分局',
          data_categories: '姓名、手机号',
          legal_basis: '调取证据通知书（穗公刑调〔2026〕101号）',
          disclosed_at: '2026-11-20T10:00',
        })
      ).status,
    ).toBe(303)
    expect(
      (
        await sec.client.post('/admin/disclosures', {
          phone: b.phone,
          recipient: '某区公安分局',
          data_categories: '姓名',
          legal_basis: '调取证据通知书（穗公刑调〔2026〕102号）',
          disclosed_at: '2026-11-20T10:00',
          no_notify: 'on',
          no_notify_basis: '',
        })
      ).status,
    ).toBe(422)
    expect(
      (
        await sec.client.post('/admin/disclosures', {
          phone: b.phone,
          recipient: '某区公安分局',
          data_categories: '姓名',
          legal_basis: '调取证据通知书（穗公刑调〔2026〕102号）',
          disclosed_at: '2026-11-20T10:00',
          no_notify: 'on',
          no_notify_basis: '《刑事诉讼法》第五十四条，侦查保密',
        })
      ).status,
    ).toBe(303)
    expect(visibleText((await a.client.get('/me/data')).text)).toContain('某区公安分局')
    expect(visibleText((await a.client.get('/me/messages')).text)).toContain('依法提供给第三方')
    expect(visibleText((await b.client.get('/me/data')).text)).not.toContain('某区公安分局')
    const ev = await ctx.deps.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'privacy.disclosure_recorded')
      .where('subjectId', '=', String(b.id))
      .executeTakeFirstOrThrow()
    expect(ev.detail).toContain('侦查保密')
    expect((await (await staffMember(ctx, 'sysadmin')).client.get('/admin/disclosures')).status).toBe(403)
  })
})
