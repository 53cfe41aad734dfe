import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { TestClient, visibleText } from '../support/client.js'
import { citizen, staffMember } from '../support/fixtures.js'
import { ensureCatalog, submittedCase } from '../support/cases.js'
import { runInLocale } from '../../src/lib/i18n/index.js'
import { canonical, localised } from '../../src/modules/catalog/localise.js'
import { statusLabel } from '../../src/modules/applications/lifecycle.js'

/**
 * Issue 20, decision 0255: what reaches a citizen is in the citizen's language, whoever caused it; the
 * catalog answers in the reader's language while rows keep the Chinese; stored policy texts have an
 * optional English shown with a fallback to the binding Chinese.
 */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
})
afterAll(() => ctx.close())

const lastSms = async (phone: string) =>
  (
    await ctx.deps.db
      .selectFrom('outbox')
      .select('body')
      .where('recipient', '=', phone)
      .where('channel', '=', 'sms')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
  ).body

async function englishClerk() {
  const clerk = await staffMember(ctx, 'supervisor')
  await clerk.client.get('/staff?lang=en')
  return clerk
}

async function askForSupplement(clerk: Awaited<ReturnType<typeof staffMember>>, ref: string) {
  const r = await clerk.client.post(`/staff/cases/${ref}/decision`, {
    decision: 'supplement',
    reason: '请补签字页',
    items: ['rental_contract'],
  })
  expect(r.status).toBe(303)
}

describe('a message caused by staff reaches the citizen in the citizen’s language', () => {
  it('an English clerk asks a Chinese citizen for more: the message and SMS are Chinese; the English inbox reads English', async () => {
    const { citizen: a, ref } = await submittedCase(ctx, 'housing-subsidy')
    await askForSupplement(await englishClerk(), ref)
    const row = await ctx.deps.db
      .selectFrom('messages')
      .selectAll()
      .where('userId', '=', a.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect(row.title).toBe('请补正材料')
    expect(row.body).toBe(`办件 ${ref} 需要补正：房屋租赁合同。请补签字页`)
    expect(await lastSms(a.phone)).toBe(`【人才一站式网上办事大厅】请补正材料：办件 ${ref} 需要补正：房屋租赁合同。请补签字页`)
    const inbox = visibleText((await a.client.get('/me/messages')).text)
    expect(inbox).toContain(`办件 ${ref} 需要补正：房屋租赁合同。`)
    // the same message on the English site, the clerk's typed reason kept as typed
    const en = visibleText((await a.client.get('/me/messages?lang=en')).text)
    expect(en).toContain('We need more information')
    expect(en).toContain(`Case ${ref}: please send us Tenancy agreement. 请补签字页`)
    // the event keeps the item's Chinese label whatever the clerk's language
    const event = await ctx.deps.db
      .selectFrom('applicationEvents')
      .select('detail')
      .where('toStatus', '=', 'supplement')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect(event.detail).toContain('房屋租赁合同')
  })

  it('a Chinese clerk asks an English citizen: the SMS is English', async () => {
    const { citizen: a, ref } = await submittedCase(ctx, 'housing-subsidy')
    await ctx.deps.db.updateTable('users').set({ locale: 'en' }).where('id', '=', a.id).execute()
    await askForSupplement(await staffMember(ctx, 'supervisor'), ref)
    expect(await lastSms(a.phone)).toBe(
      `[Talent One-Stop Online Service Hall] We need more information: Case ${ref}: please send us Tenancy agreement. 请补签字页`,
    )
    expect(visibleText((await a.client.get('/me/messages?lang=en')).text)).toContain('We need more information')
  })

  it('the submission notice, sent from a Chinese page, is kept in English too, naming the service in English', async () => {
    const { citizen: a, ref } = await submittedCase(ctx)
    const row = await ctx.deps.db.selectFrom('messages').selectAll().where('userId', '=', a.id).executeTakeFirstOrThrow()
    expect(row.title).toBe('人才认定/登记申请已提交')
    const stored = JSON.parse(row.en!) as { title: string; body: string }
    expect(stored.title).toBe('Talent recognition and registration: application submitted')
    expect(stored.body).toContain(ref)
    // the catalog answers in the reader's language; canonical() is the stored Chinese
    const en = await runInLocale('en', () => ctx.services.catalog.get('talent-registration'))
    expect(en!.name).toBe('Talent recognition and registration')
    expect(canonical(en!).name).toBe('人才认定/登记')
    // re-localised in another language (a message composed for a Chinese reader from an English request)
    expect(runInLocale('zh-CN', () => localised(en!).name)).toBe('人才认定/登记')
    const list = await runInLocale('en', () => ctx.services.catalog.list({ category: '人才认定' }))
    expect(list.map((s) => s.name)).toContain('Talent recognition and registration')
  })
})

describe('labels that share their Chinese with a staff verb', () => {
  it('a status reads as a status in English (审核通过 is "Approve" on the decision form)', () => {
    expect(runInLocale('en', () => statusLabel('approved'))).toBe('Approved')
    expect(runInLocale('en', () => statusLabel('rejected'))).toBe('Not approved')
    expect(statusLabel('approved')).toBe('审核通过')
  })
})

describe('stored policy texts in English (privacy policy, security notices)', () => {
  it('the baseline policy reads in English with the binding note; a version without English falls back to the marked Chinese', async () => {
    const anon = new TestClient(ctx)
    const en = (await anon.get('/privacy-policy?lang=en')).text
    expect(visibleText(en)).toContain('Privacy policy of the Talent One-Stop Online Service Hall')
    expect(en).toContain('data-qa="policy-translation"')
    expect(visibleText(en)).toContain('The Chinese version is the legally binding text.')
    const sec = await staffMember(ctx, 'secadmin')
    // English is all or nothing
    const half = await sec.client.post('/admin/policies', {
      version: '2026.5',
      title: '隐私政策',
      summary: '调整联系方式',
      body: '第一条 ……（完整政策文本，足够长的内容用于测试）',
      effective_date: ctx.services.complaints.today(),
      title_en: 'Privacy policy',
    })
    expect(half.status).toBe(422)
    expect(visibleText(half.text)).toContain('请填写英文全文')
    const day = (n: number) => new Date(ctx.clock.now().getTime() + n * 86_400_000).toISOString().slice(0, 10)
    const fifth = {
      version: '2026.5',
      title: '隐私政策（新版）',
      summary: '调整联系方式',
      body: '第一条 ……（完整政策文本，足够长的内容用于测试）',
      effective_date: day(1),
    }
    expect((await sec.client.post('/admin/policies', fifth)).status).toBe(303)
    const withEn = await sec.client.post('/admin/policies', {
      ...fifth,
      version: '2026.6',
      title: '隐私政策（第六版）',
      effective_date: day(3),
      title_en: 'Privacy policy, sixth edition',
      summary_en: 'New contact details',
      body_en: 'Section 1 … (the full text of the policy, long enough)',
    })
    expect(withEn.status).toBe(303)
    ctx.clock.advanceDays(2)
    const fallback = (await anon.get('/privacy-policy?lang=en')).text
    expect(fallback).toContain('data-qa="policy-no-english"')
    expect(fallback).toMatch(/<h1 lang="zh-CN">隐私政策（新版）<\/h1>/)
    expect(fallback).toMatch(/<div class="pre policy-body" lang="zh-CN">/)
    // the history lists the sixth's English summary beside the fifth's marked Chinese
    expect(fallback).toMatch(/<td [^>]*lang="zh-CN">调整联系方式<\/td>/)
    expect(fallback).toMatch(/<td [^>]*class="long">New contact details<\/td>/)
    // the Chinese page is unchanged
    expect(visibleText((await anon.get('/privacy-policy?lang=zh-CN')).text)).not.toContain('English version not published')
    ctx.clock.advanceDays(2)
    const sixth = visibleText((await anon.get('/privacy-policy?lang=en')).text)
    expect(sixth).toContain('Privacy policy, sixth edition')
    expect(sixth).toContain('Section 1 …')
    expect(visibleText((await anon.get('/privacy-policy?lang=zh-CN')).text)).toContain('隐私政策（第六版）')
  })

  it('a security notice published with English: English page and English message; without: the marked Chinese', async () => {
    const a = await citizen(ctx)
    await ctx.deps.db.updateTable('users').set({ locale: 'en' }).where('id', '=', a.id).execute()
    const sec = await staffMember(ctx, 'secadmin')
    const base = {
      title: '邮件服务商故障',
      what_happened: '邮件服务商系统故障',
      data_categories: '邮箱',
      occurred_at: '2026-11-20T10:00',
      impact: '可能收到重复邮件',
      measures: '已修复',
      advice: '无需操作',
      remedies: '免费咨询',
      affected: a.phone,
    }
    const half = await sec.client.post('/admin/incidents', { ...base, en_title: 'Mail provider outage' })
    expect(half.status).toBe(422)
    const english = {
      en_title: 'Mail provider outage',
      en_what_happened: 'Our mail provider had an outage',
      en_data_categories: 'Email addresses',
      en_impact: 'You may get the same email twice',
      en_measures: 'It has been fixed',
      en_advice: 'You do not need to do anything',
      en_remedies: 'Free advice by phone',
    }
    expect((await sec.client.post('/admin/incidents', { ...base, ...english })).status).toBe(303)
    const inc = (await ctx.services.admin.incidents())[0]
    expect((await sec.client.post(`/admin/incidents/${inc.id}/notify`)).status).toBe(303)
    const page = visibleText((await new TestClient(ctx).get(`/notices/${inc.id}?lang=en`)).text)
    expect(page).toContain('Security incident notice: Mail provider outage')
    expect(page).toContain('You may get the same email twice')
    expect(await lastSms(a.phone)).toContain('Security incident notice: Mail provider outage: Our mail provider had an outage')
    expect(visibleText((await a.client.get('/me/messages?lang=en')).text)).toContain('Mail provider outage')
    expect(visibleText((await a.client.get('/me/messages?lang=zh-CN')).text)).toContain('安全事件告知：邮件服务商故障')

    // without English: the English page shows the Chinese, marked, and says so
    const b = await citizen(ctx)
    expect((await sec.client.post('/admin/incidents', { ...base, title: '短信服务商故障', affected: b.phone })).status).toBe(303)
    const plain = (await ctx.services.admin.incidents())[0]
    await sec.client.post(`/admin/incidents/${plain.id}/notify`)
    const html = (await new TestClient(ctx).get(`/notices/${plain.id}?lang=en`)).text
    expect(visibleText(html)).toContain('English version not published')
    expect(html).toContain('<span lang="zh-CN">短信服务商故障</span>')
    expect(html).toMatch(/<title>Security notices/)
    const msgs = (await b.client.get('/me/messages?lang=en')).text
    expect(msgs).toContain('<span lang="zh-CN">安全事件告知：短信服务商故障</span>')
  })
})
