import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { TestClient } from '../support/client.js'
import { runInLocale, t, parseLocale } from '../../src/lib/i18n/index.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

describe('language switch (contract: ?lang=en, cookie, POST /prefs/language, <html lang>)', () => {
  it('is zh-CN by default, en after ?lang=en, and stays en from the cookie', async () => {
    const c = new TestClient(ctx)
    expect((await c.get('/')).text).toContain('<html lang="zh-CN"')
    const en = await c.get('/?lang=en')
    expect(en.text).toContain('<html lang="en"')
    expect((await c.get('/services')).text).toContain('<html lang="en"')
    expect((await c.get('/?lang=zh-CN')).text).toContain('<html lang="zh-CN"')
  })

  it('switches by POST /prefs/language and returns to the page it came from', async () => {
    const c = new TestClient(ctx)
    await c.get('/services')
    const r = await c.post('/prefs/language', { lang: 'en' }, { referer: 'http://localhost/services' })
    expect(r.status).toBe(303)
    expect(r.headers.get('location')).toBe('/services')
    expect((await c.get('/services')).text).toContain('<html lang="en"')
    await c.post('/prefs/language', { lang: 'zh-CN' })
    expect((await c.get('/services')).text).toContain('<html lang="zh-CN"')
  })

  it('t() looks a Chinese message up in the English catalogue and fills placeholders in both', () => {
    expect(t('人才一站式网上办事大厅')).toBe('人才一站式网上办事大厅')
    expect(runInLocale('en', () => t('人才一站式网上办事大厅'))).toBe('Talent One-Stop Online Service Hall')
    expect(runInLocale('en', () => t('未收录 {n}', { n: 2 }))).toBe('未收录 2')
    expect(parseLocale('EN-us')).toBe('en')
    expect(parseLocale('fr')).toBeNull()
  })
})

describe('dates in the reader’s language (issue 20)', () => {
  it('formats Beijing times as "2 Dec 2026 14:05" on English pages and leaves Chinese as it was', async () => {
    const { formatCst, formatCstDate } = await import('../../src/lib/time.js')
    expect(formatCst('2026-12-02T06:05:00.000Z')).toBe('2026-12-02 14:05')
    expect(runInLocale('en', () => formatCst('2026-12-02T06:05:00.000Z'))).toBe('2 Dec 2026 14:05')
    expect(runInLocale('en', () => formatCstDate('2026-11-22T16:05:00.000Z'))).toBe('23 Nov 2026')
  })
})

describe('SMS and mail in the recipient’s language (users.locale)', () => {
  it('registers in English, keeps the language with the account, and writes their messages in it', async () => {
    const { makePhone } = await import('../support/fixtures.js')
    const c = new TestClient(ctx)
    const phone = makePhone()
    await c.get('/register?lang=en')
    await c.post('/auth/sms-code', { phone, purpose: 'register', return_to: '/register' })
    const code = ctx.sms.lastCode(phone)
    expect(ctx.sms.sent.at(-1)!.text).toMatch(/^\[Talent One-Stop Online Service Hall\] Your code to register is \d{6}\./)
    const r = await c.post('/register', { phone, sms_code: code, password: 'abc12345', agree_policy: 'on' })
    expect(r.status).toBe(303)
    const user = await ctx.deps.db.selectFrom('users').select(['id', 'locale']).where('phone', '=', phone).executeTakeFirstOrThrow()
    expect(user.locale).toBe('en')

    // a message caused by someone else's (Chinese) request still reaches them in English
    await ctx.services.notifications.notifyUser(ctx.deps.db, user.id, {
      title: () => t('企业经办人邀请'),
      body: () => t('{name}已接受邀请，成为企业经办人。', { name: '李四' }),
      channels: ['site', 'sms'],
    })
    const sms = await ctx.deps.db
      .selectFrom('outbox')
      .select('body')
      .where('recipient', '=', phone)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect(sms.body).toBe(
      '[Talent One-Stop Online Service Hall] Invitation to be an employer’s operator: 李四 has accepted and is now an operator.',
    )

    // switching language while signed in changes it for later messages
    await c.post('/prefs/language', { lang: 'zh-CN' })
    expect((await ctx.deps.db.selectFrom('users').select('locale').where('id', '=', user.id).executeTakeFirstOrThrow()).locale).toBe(
      'zh-CN',
    )
    await c.get('/me?lang=en')
    expect((await ctx.deps.db.selectFrom('users').select('locale').where('id', '=', user.id).executeTakeFirstOrThrow()).locale).toBe('en')
  })
})
