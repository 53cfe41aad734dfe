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
