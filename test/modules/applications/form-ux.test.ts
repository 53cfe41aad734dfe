import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../support/context.js'
import { TestClient, visibleText } from '../../support/client.js'
import { citizen } from '../../support/fixtures.js'
import { ensureCatalog, formToken, multipart } from '../../support/cases.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
})
afterAll(() => ctx.close())

describe('application forms (issue 20)', () => {
  it('says 请选择 for an empty select and 请填写 for an empty text field; every failed control is marked', async () => {
    const a = await citizen(ctx)
    const token = await formToken(a.client, 'talent-registration')
    const r = await a.client.postMultipart('/applications', multipart({ service: 'talent-registration', form_token: token }))
    expect(r.status).toBe(422)
    const text = visibleText(r.text)
    expect(text).toContain('请选择最高学历')
    expect(text).not.toContain('请填写最高学历')
    expect(text).toContain('请填写毕业院校')
    expect(r.text).toMatch(/<select id="f-education"[^>]*aria-invalid="true"/)
  })

  it('shows a month as a text field with its format (no "--------- ----"), a step indicator, and a Chinese file picker', async () => {
    const a = await citizen(ctx)
    const page = await a.client.get('/applications/new?service=housing-subsidy')
    expect(page.text).toMatch(/<input id="f-period_start"[^>]*placeholder="YYYY-MM"/)
    expect(page.text).not.toMatch(/type="month"/)
    expect(visibleText(page.text)).toContain('格式：年-月')
    expect(page.text).toContain('data-file-picker')
    expect(page.text).toContain('data-choose="选择文件"')
    expect(page.text).toContain('data-remove="移除"')
    expect(page.text).toMatch(/data-qa="steps"[\s\S]*aria-current="step"[\s\S]*填写申请/)
    expect(page.text).toMatch(/<script src="\/static\/enhance\.[0-9a-f]{10}\.js" defer="">/)
    expect((await ctx.app.request('/static/enhance.js')).status).toBe(200)
  })

  it('the care-mode toggle returns to the page it was pressed on', async () => {
    const c = new TestClient(ctx)
    await c.get('/services/talent-registration')
    const r = await c.post('/prefs/care-mode', { return_to: '/services/talent-registration?x=1' })
    expect(r.status).toBe(303)
    expect(r.location).toBe('/services/talent-registration?x=1')
    expect((await c.get('/')).text).toContain('class="care"')
    // never off-site
    expect((await c.post('/prefs/care-mode', { return_to: '//evil.example/' })).location).not.toContain('evil')
  })
})
