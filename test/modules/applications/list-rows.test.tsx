import { describe, expect, it } from 'vitest'
import { MyApplicationsPage } from '../../../views/applications/pages.js'
import { runInLocale } from '../../../src/lib/i18n/index.js'
import type { ApplicationSummary } from '../../../src/modules/applications/table.js'

/**
 * The rows of "my applications" are written with hono's `html` template rather than JSX (decision 0298): every value
 * must still be escaped, in text and in attributes, and the cells labelled in the page's language.
 */
const render = (apps: Partial<ApplicationSummary>[], names: Record<string, string>, locale: 'zh-CN' | 'en' = 'zh-CN') =>
  runInLocale(locale, async () => String(await (<MyApplicationsPage apps={apps as ApplicationSummary[]} drafts={[]} names={names} />)))

describe('my applications: the rows', () => {
  it('escapes every value, in text and in attributes', async () => {
    const evil = `"><script>alert(1)</script><a x='`
    const page = await render([{ ref: evil, serviceCode: 'x', status: evil, submittedAt: '2026-12-03T01:00:00.000Z' }], {
      x: `<img src=x onerror=alert(1)>&`,
    })
    expect(page).not.toContain('<script>')
    expect(page).not.toContain('<img')
    expect(page).toContain('href="/applications/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;a x=&#39;"')
    expect(page).toContain('<td data-label="事项">&lt;img src=x onerror=alert(1)&gt;&amp;</td>')
    expect(page).toContain('<td data-label="提交时间">2026-12-03 09:00</td>')
  })

  it('labels the cells in the page language and shows each status as its tag', async () => {
    const row = {
      ref: 'RC20260000000001',
      serviceCode: 'talent-registration',
      status: 'submitted',
      submittedAt: '2026-12-03T01:00:00.000Z',
    }
    const zh = await render([row], { 'talent-registration': '人才认定/登记' })
    expect(zh).toContain(
      '<tr><td data-label="办件编号"><a href="/applications/RC20260000000001">RC20260000000001</a></td><td data-label="事项">人才认定/登记</td>',
    )
    expect(zh).toMatch(/<td data-label="状态"><span class="tag tag-\w+">已提交，待受理<\/span><\/td><\/tr>/)
    const en = await render([row], { 'talent-registration': 'Talent registration' }, 'en')
    expect(en).toContain('<td data-label="Reference">')
    expect(en).not.toMatch(/data-label="[^"]*[\u4e00-\u9fff]/)
  })
})
