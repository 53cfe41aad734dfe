import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { TestClient } from '../support/client.js'
import { ensureCatalog } from '../support/cases.js'
import { citizen, staffMember } from '../support/fixtures.js'

/**
 * The layout is an `html` template, not JSX (decision 0299): what JSX did for it by itself (escaping every value,
 * leaving out an attribute that is not set) is now written by hand, so these check it on the markup.
 */
describe('the page layout', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
    await ensureCatalog(ctx)
  })
  afterAll(() => ctx.close())

  /** The opening tag of the element that carries `marker` (an attribute or its text). */
  const tagWith = (html: string, marker: string) => html.match(new RegExp(`<a [^>]*${marker}[^>]*>`))?.[0] ?? ''

  it('escapes the address it writes back (language links, the care toggle return) and keeps the query', async () => {
    const hostile = `/services?q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&x='&return_to=//evil.example`
    const r = await new TestClient(ctx).get(hostile)
    expect(r.status).toBe(200)
    expect(r.text).not.toContain('<script>alert(1)')
    expect(r.text).not.toMatch(/value="[^"]*"><script/)
    // the language links keep q (escaped) and set lang; return_to never leaves the page
    expect(r.text).toContain(
      'href="/services?q=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E&amp;x=%27&amp;return_to=%2F%2Fevil.example&amp;lang=en"',
    )
    const returnTo = r.text.match(/name="return_to" value="([^"]*)"/)![1]
    expect(returnTo).toBe('/services?q=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E&amp;x=%27')
  })

  it('marks the current section, and only it, with aria-current; the unread badge counts and is labelled', async () => {
    const a = await citizen(ctx)
    await ctx.services.notifications.notifyUser(ctx.deps.db, a.id, { title: '一', body: '一', link: '/me' })
    await ctx.services.notifications.notifyUser(ctx.deps.db, a.id, { title: '二', body: '二', link: '/me' })
    const apps = (await a.client.get('/applications')).text
    expect(tagWith(apps, 'href="/applications"')).toBe('<a href="/applications" aria-current="page">')
    expect(apps).toContain('<a href="/"><svg')
    expect(apps).not.toContain('<a href="/" aria-current')
    expect(tagWith(apps, 'data-qa="nav-me"')).toBe('<a href="/me" data-qa="nav-me">')
    expect(apps).toContain('<span class="badge" aria-label="2条未读">2</span>')
    const form = (await a.client.get('/applications/new?service=talent-registration')).text
    expect(tagWith(form, 'href="/applications"')).toBe('<a href="/applications" aria-current="page">')
    const profile = (await a.client.get('/me/profile')).text
    expect(tagWith(profile, 'data-qa="nav-me"')).toBe('<a href="/me" aria-current="page" data-qa="nav-me">')
    const messages = (await a.client.get('/me/messages')).text
    expect(tagWith(messages, 'data-qa="nav-me"')).toBe('<a href="/me" data-qa="nav-me">')
    expect(tagWith(messages, 'data-qa="nav-messages"')).toBe('<a href="/me/messages" aria-current="page" data-qa="nav-messages">')
    expect((await new TestClient(ctx).get('/')).text).toContain('<a href="/" aria-current="page"><svg')
    // the language link of the language in use is current; English writes its labels in English
    const en = (await a.client.get('/applications?lang=en')).text
    expect(en).toMatch(/<a href="\/applications\?lang=en" lang="en" hreflang="en" aria-current="true">English<\/a>/)
    expect(en).toMatch(/<a href="\/applications\?lang=zh-CN" lang="zh-CN" hreflang="zh-CN">中文<\/a>/)
    expect(en).toContain('aria-label="2 unread"')
  })

  it("shows staff the entries of their roles, and writes a staff member's name as text", async () => {
    const s = await staffMember(ctx, ['sysadmin'])
    await ctx.deps.db.updateTable('staff').set({ displayName: '<b>王</b>"' }).where('id', '=', s.id).execute()
    const admin = (await s.client.get('/admin/staff')).text
    expect(admin).toContain('<a href="/admin" aria-current="page">')
    expect(admin).not.toContain('href="/staff/cases"')
    expect(admin).toMatch(/退出 \(<span lang="zh-CN">&lt;b&gt;王&lt;\/b&gt;&quot; T\d+<\/span>\)/)
    const clerk = await staffMember(ctx, ['clerk'])
    const queue = (await clerk.client.get('/staff/cases')).text
    expect(tagWith(queue, 'href="/staff/cases"')).toBe('<a href="/staff/cases" aria-current="page">')
    expect(queue).toContain('<a href="/staff/counter">')
    expect(queue).not.toContain('href="/admin"')
  })
})
