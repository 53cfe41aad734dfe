import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { signIn, staffMember } from '../support/fixtures.js'
import { runInLocale, t } from '../../src/lib/i18n/index.js'
import { AUDIT_ACTIONS, auditActionLabel } from '../../src/modules/audit/events.js'
import { AUDIT_ACTIONS_EN } from '../../src/lib/i18n/en/audit-actions.js'
import { STATUSES, statusLabel } from '../../src/modules/applications/lifecycle.js'
import { STATUS_EN } from '../../src/lib/i18n/en/statuses.js'

/**
 * English on the staff and admin pages (issue 20, part B): what the page walk (i18n-pages.test.ts) cannot see
 * from Chinese characters alone — an English word in the wrong sense, headers of a download, names of holidays.
 */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

describe('staff pages in English', () => {
  it('names every audit action in English by its key, never by the button of the same Chinese', () => {
    expect(Object.keys(AUDIT_ACTIONS).filter((k) => !AUDIT_ACTIONS_EN[k])).toEqual([])
    runInLocale('en', () => {
      // 修改密码 is both an event in the log and a button on the account page
      expect(auditActionLabel('user.password_changed')).toBe('Password changed')
      expect(t('修改密码')).toBe('Change password')
      expect(auditActionLabel('staff.login')).toBe('Staff signed in')
      expect(t('工作人员登录')).toBe('Staff sign-in')
      expect(auditActionLabel('no.such_action')).toBe('no.such_action')
    })
    runInLocale('zh-CN', () => expect(auditActionLabel('user.password_changed')).toBe('修改密码'))
  })

  it('names a status by its code in English: an approved case reads "Approved", not the reviewer\'s button "Approve"', () => {
    expect(STATUSES.filter((s) => !STATUS_EN[s])).toEqual([])
    runInLocale('en', () => {
      expect(statusLabel('approved')).toBe('Approved')
      expect(statusLabel('rejected')).toBe('Not approved')
      expect(t('审核通过')).toBe('Approve')
    })
    runInLocale('zh-CN', () => expect(statusLabel('approved')).toBe('审核通过'))
  })

  it('gives the statistics CSV English headers on an English request and keeps the Chinese ones otherwise', async () => {
    const boss = await signIn(ctx, 'staff', (await staffMember(ctx, 'supervisor')).id)
    const en = await boss.get('/staff/stats.csv?from=2026-11-02&to=2026-11-29&lang=en')
    expect(en.status).toBe(200)
    expect(en.text.replace('\uFEFF', '').split('\r\n')[0]).toMatch(/^Week \(Monday\),Service,Received,Accepted,Decided,/)
    const zh = await boss.get('/staff/stats.csv?from=2026-11-02&to=2026-11-29&lang=zh-CN')
    expect(zh.text.replace('\uFEFF', '').split('\r\n')[0]).toMatch(/^周（周一）,事项,收件,受理,办结,/)
  })

  it('shows the public holidays and make-up days under their English names, and a typed name as entered', async () => {
    const boss = await signIn(ctx, 'staff', (await staffMember(ctx, 'supervisor')).id)
    await ctx.services.calendar.setDay(1, '2026-12-24', 'holiday', '单位年休日')
    const page = (await boss.get('/staff/calendar?lang=en')).text
    expect(page).toContain('Spring Festival')
    expect(page).toContain('Spring Festival make-up working day')
    expect(page).toContain('National Day')
    expect(page).toContain('<span lang="zh-CN">单位年休日</span>')
  })

  it('labels every cell of the staff and ticket tables on the server, in the page language, so phones show labelled cards', async () => {
    const admin = await signIn(ctx, 'staff', (await staffMember(ctx, 'sysadmin')).id)
    const page = (await admin.get('/admin?lang=en')).text
    const table = page.slice(page.indexOf('data-qa="staff-list"'), page.indexOf('</table>', page.indexOf('data-qa="staff-list"')))
    expect(table).toContain('data-label="Staff number"')
    expect(table).toContain('<td data-label="Status"><span class="tag tag-green">Active</span></td>')
    expect(page).toMatch(/<table class="responsive" data-qa="staff-list">/)
    const desk = await signIn(ctx, 'staff', (await staffMember(ctx, 'complaints')).id)
    expect((await desk.get('/admin/complaints?lang=zh-CN')).text).toMatch(
      /<table class="responsive" data-qa="complaints">[\s\S]*<th scope="col">工单号<\/th>/,
    )
  })
})
