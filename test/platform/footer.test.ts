import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { TestClient, visibleText } from '../support/client.js'
import { ensureCatalog } from '../support/cases.js'
import { ConfigError, loadConfig } from '../../src/config.js'

describe('government footer, configured', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext({
      env: {
        SITE_ORGANISER: '广州市人力资源和社会保障局',
        SITE_IDENTIFIER: '4401000031',
        SITE_ICP: '粤ICP备12345678号-1',
        SITE_PSB: '粤公网安备 44010402001234号',
        SITE_GOV_MARK: '1',
        SITE_CONAC_URL: 'https://bszs.conac.cn/sitename?method=show&id=0000',
        SITE_DESCRIPTION: '广州人才一站式网上办事大厅',
      },
    })
    await ensureCatalog(ctx)
  })
  afterAll(() => ctx.close())

  it('shows 网站标识码, ICP and 公安备案 numbers with their registries, the organiser and the 党政机关 mark', async () => {
    const r = await new TestClient(ctx).get('/')
    const text = visibleText(r.text)
    expect(text).toMatch(/主办单位：\s*广州市人力资源和社会保障局/)
    expect(text).toMatch(/网站标识码：\s*4401000031/)
    expect(r.text).toMatch(/<a href="https:\/\/beian\.miit\.gov\.cn\/"[^>]*>粤ICP备12345678号-1<\/a>/)
    expect(r.text).toContain('href="https://beian.mps.gov.cn/#/query/webSearch?code=44010402001234"')
    expect(r.text).toContain('aria-label="党政机关网站标识"')
    expect(r.text).toContain('href="https://bszs.conac.cn/sitename?method=show&amp;id=0000"')
    // inline: no external image
    expect(r.text).not.toMatch(/<img[^>]+src="https?:/)
    expect(r.text).toContain('<meta name="description" content="广州人才一站式网上办事大厅"/>')
  })

  it("gives a guide page its own meta description (the guide's summary)", async () => {
    const r = await new TestClient(ctx).get('/services/talent-registration')
    const s = (await ctx.services.catalog.get('talent-registration'))!
    expect(r.text).toContain(`<meta name="description" content="${s.guide.summary}"/>`)
  })
})

describe('government footer, unconfigured', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('shows only the organiser; nothing invented for the numbers or the mark', async () => {
    const r = await new TestClient(ctx).get('/')
    expect(r.text).toContain('data-qa="organiser"')
    expect(r.text).not.toContain('data-qa="site-identifier"')
    expect(r.text).not.toContain('data-qa="icp"')
    expect(r.text).not.toContain('党政机关网站标识')
    expect(r.text).toMatch(/<meta name="description" content="[^"]{10,}"\/>/)
  })

  it('refuses a malformed 网站标识码 at start, naming the variable', () => {
    expect(() => loadConfig({ DATA_DIR: ctx.deps.config.dataDir, SITE_IDENTIFIER: '12' })).toThrow(ConfigError)
    expect(() => loadConfig({ DATA_DIR: ctx.deps.config.dataDir, SITE_IDENTIFIER: '12' })).toThrow(/SITE_IDENTIFIER/)
  })
})
