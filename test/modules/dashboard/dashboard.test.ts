import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import { TestClient, visibleText } from '../../support/client.js'
import { citizen, makeBankAccount, makeIdNumber, makePhone, TEST_PASSWORD } from '../../support/fixtures.js'
import { ensureCatalog, submittedCase } from '../../support/cases.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
})
afterAll(() => ctx.close())

describe('我的 (the personal dashboard at /me)', () => {
  it('tells an unverified citizen the next step and shows the services as open after verification', async () => {
    const a = await citizen(ctx, { verified: false })
    const r = await a.client.get('/me')
    expect(r.status).toBe(200)
    const text = visibleText(r.text)
    expect(r.text).toContain('data-qa="next-step"')
    expect(text).toContain('完成实名认证后即可申请')
    expect(r.text).toContain('href="/me/identity"')
    expect(r.text).toContain('data-qa="dash-service-talent-registration"')
    expect(text).toContain('实名认证后可申请')
    expect(r.text).toContain('aria-current="step"')
    expect(r.text).not.toContain('data-qa="confirmation"')
  })

  it('real-name verification leads to the dashboard with a confirmation, and the services become applicable', async () => {
    const a = await citizen(ctx, { verified: false })
    await a.client.get('/me/identity')
    const r = await a.client.post('/me/identity', {
      real_name: '周小明',
      id_number: makeIdNumber('19900101'),
      bank_name: '中国建设银行',
      bank_account: makeBankAccount(),
    })
    expect(r.status).toBe(303)
    expect(r.location).toBe('/me?verified_identity=1')
    const page = await a.client.get(r.location!)
    expect(page.text).toContain('data-qa="confirmation"')
    const text = visibleText(page.text)
    expect(text).toContain('实名认证成功')
    expect(text).toContain('周小明')
    expect(text).not.toContain('完成实名认证后即可申请')
    expect(text).toContain('可申请')
  })

  it('login leads to the dashboard with a confirmation', async () => {
    const a = await citizen(ctx, { phone: makePhone() })
    const phone = (await ctx.deps.db.selectFrom('users').select('phone').where('id', '=', a.id).executeTakeFirstOrThrow()).phone!
    const c = new TestClient(ctx)
    await c.get('/login')
    const r = await c.post('/login', { phone, password: TEST_PASSWORD })
    expect(r.status).toBe(303)
    expect(r.location).toBe('/me?signed_in=1')
    const page = await c.get(r.location!)
    expect(page.text).toContain('data-qa="confirmation"')
    expect(visibleText(page.text)).toContain('登录成功')
  })

  it('lists to-dos: a supplement asked for with the deadline, a draft, unread messages; and open cases', async () => {
    const { citizen: a, ref } = await submittedCase(ctx)
    const other = await submittedCase(ctx, 'housing-subsidy')
    expect(visibleText((await a.client.get('/me')).text)).toContain(ref)
    await ctx.deps.db.updateTable('applications').set({ status: 'supplement', deadlineDate: '2027-01-15' }).where('ref', '=', ref).execute()
    await a.client.get('/applications/new?service=housing-subsidy') // opens a draft
    await ctx.services.notifications.notifyUser(ctx.deps.db, a.id, {
      title: '请补正材料',
      body: '缺少学位证书',
      link: `/applications/${ref}`,
    })
    const r = await a.client.get('/me')
    const text = visibleText(r.text)
    expect(r.text).toContain('data-qa="todo-supplement"')
    expect(r.text).toContain('<time datetime="2027-01-15">')
    expect(r.text).toContain(`href="/applications/${ref}"`)
    expect(r.text).toContain('data-qa="todo-draft"')
    expect(r.text).toContain('data-qa="todo-messages"')
    expect(text).toContain('请补正材料')
    expect(text).toContain('去补正材料')
    // another person's case never shows
    expect(text).not.toContain(other.ref)
    // opening the case reads its notice: the to-do and the header badge go
    const page = await a.client.get(`/applications/${ref}`)
    expect(page.text).not.toContain('条未读')
    expect((await a.client.get('/me')).text).not.toContain('data-qa="todo-messages"')
  })

  it('shows devices as people read them: "Chrome · Windows", IPv4 without ::ffff:', async () => {
    const a = await citizen(ctx)
    await ctx.deps.db
      .updateTable('sessions')
      .set({
        userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
        ip: '::ffff:198.51.100.23',
      })
      .where('subjectType', '=', 'citizen')
      .where('subjectId', '=', a.id)
      .execute()
    const text = visibleText((await a.client.get('/me/account')).text)
    expect(text).toContain('Chrome · Windows')
    expect(text).toContain('198.51.100.23')
    expect(text).not.toContain('::ffff:')
    expect(text).not.toContain('AppleWebKit')
  })

  it('an empty dashboard says what to do', async () => {
    const a = await citizen(ctx)
    const text = visibleText((await a.client.get('/me')).text)
    expect(text).toContain('暂无待办')
    expect(text).toContain('暂无电子证照')
  })

  it('keeps old links to the settings page working: /me?done=… goes to /me/account', async () => {
    const a = await citizen(ctx)
    const r = await a.client.get('/me?done=password')
    expect(r.status).toBe(303)
    expect(r.location).toBe('/me/account?done=password')
    const s = await a.client.get('/me/account?done=password')
    expect(s.status).toBe(200)
    expect(s.text).toContain('data-qa="devices"')
  })

  it('marks the current navigation item', async () => {
    const a = await citizen(ctx)
    expect((await a.client.get('/me')).text).toMatch(/<a href="\/me" aria-current="page"/)
    expect((await a.client.get('/applications')).text).toMatch(/<a href="\/applications" aria-current="page"/)
    expect((await new TestClient(ctx).get('/services')).text).toMatch(/<a href="\/services" aria-current="page"/)
  })
})
