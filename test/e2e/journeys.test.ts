import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import path from 'node:path'
import fs from 'node:fs'
import os from 'node:os'
import { startE2E, type E2E } from './support/browser.js'
import { makeIdNumber, makeBankAccount, makePhone } from '../support/fixtures.js'
import { seedCatalog } from '../../src/modules/catalog/service.js'

/** The main journeys, in a real browser, in order: each builds on the one before. */
let e: E2E
let citizenPage: Page
const phone = makePhone()
const idNumber = makeIdNumber('19920615')
const bank = makeBankAccount()
let caseRef = ''
const pdf = path.join(os.tmpdir(), 'degree.pdf')

beforeAll(async () => {
  e = await startE2E({ demo: false })
  await seedCatalog(e.ctx.services.catalog)
  await e.ctx.services.staff.create(
    { actorType: 'system', actorId: null, actorRole: null, ip: null, userAgent: null, requestId: null },
    { username: 'e2eclerk', password: 'pass1234', role: 'clerk', name: '窗口甲' },
  )
  await e.ctx.services.staff.create(
    { actorType: 'system', actorId: null, actorRole: null, ip: null, userAgent: null, requestId: null },
    { username: 'e2ereviewer', password: 'pass1234', role: 'reviewer', name: '审核乙' },
  )
  await e.ctx.services.staff.create(
    { actorType: 'system', actorId: null, actorRole: null, ip: null, userAgent: null, requestId: null },
    { username: 'e2eagent', password: 'pass1234', role: 'complaints', name: '坐席丙' },
  )
  fs.writeFileSync(pdf, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
  citizenPage = await e.newPage({ width: 390, height: 844 })
})
afterAll(() => e?.close())

async function staffLogin(username: string) {
  const p = await e.newPage()
  await p.goto('/staff/login')
  await p.fill('#f-username', username)
  await p.fill('#f-password', 'pass1234')
  await p.click('[data-qa=submit]')
  await p.waitForURL('**/staff')
  return p
}

describe('citizen journeys', () => {
  it('registers, verifies identity, sees masked numbers, steps up to see the full number', async () => {
    const p = citizenPage
    await p.goto('/register')
    await p.click('[data-qa=cookie-banner] button[value=essential]')
    await p.fill('#f-phone', phone)
    await p.click('[data-qa=send-code]')
    await p.waitForURL('**/register?sent=1**')
    await p.fill('#f-sms_code', e.ctx.sms.lastCode(phone))
    await p.fill('#f-password', 'abc12345')
    await p.click('[data-qa=submit]')
    // forgot the consent box: error next to the field, phone kept
    await expect(p.locator('[data-qa=error-agree_policy]').textContent()).resolves.toContain('请阅读并勾选')
    expect(await p.inputValue('#f-phone')).toBe(phone)
    await p.fill('#f-sms_code', e.ctx.sms.lastCode(phone))
    await p.fill('#f-password', 'abc12345')
    await p.check('#f-agree_policy')
    await p.click('[data-qa=submit]')
    await p.waitForURL('**/me/identity**')
    await p.fill('#f-real_name', '陈小华')
    await p.fill('#f-id_number', idNumber)
    await p.selectOption('#f-bank_name', '中国银行')
    await p.fill('#f-bank_account', bank)
    await e.shot(p, 'journey-identity-form')
    await p.click('[data-qa=submit]')
    await p.waitForURL('**/me?verified_identity=1')
    await p.locator('[data-qa=confirmation]').waitFor()
    await e.shot(p, 'journey-dashboard-verified')
    await p.goto('/me/account')
    const masked = await p.locator('[data-qa=id-number]').textContent()
    expect(masked).toContain('**********')
    expect(masked).not.toContain(idNumber)
    e.ctx.clock.advance(61_000)
    await p.click('[data-qa=step-up-form] [data-qa=send-code]')
    await p.waitForURL('**/me/step-up**')
    await p.fill('#f-sms_code', e.ctx.sms.lastCode(phone))
    await p.click('[data-qa=submit]')
    await p.waitForURL('**/me/account?verified=1')
    expect(await p.locator('[data-qa=id-number]').textContent()).toContain(idNumber)
    await e.shot(p, 'journey-me-unmasked')
  })

  it('applies for talent registration: one mistake fixed, PDF uploaded, answers checked, submitted, timeline shown', async () => {
    const p = citizenPage
    await p.goto('/services/talent-registration')
    await p.click('[data-qa=apply]')
    await p.waitForURL('**/applications/new?service=talent-registration')
    await p.selectOption('#f-education', '硕士研究生')
    await p.selectOption('#f-degree', '硕士')
    await p.fill('#f-school', '中山大学')
    await p.fill('#f-major', '公共管理')
    await p.fill('#f-graduation_date', '2099-07-01') // the mistake
    await p.fill('#f-employer', '广州示范科技有限公司')
    await p.fill('#f-position', '研究员')
    await p.selectOption('#f-talent_category', 'E类（青年后备人才）')
    await p.fill('#f-arrival_date', '2021-09-01')
    await p.fill('#f-insurance_months', '24')
    await p.setInputFiles('#f-file_degree_certificate', pdf)
    await p.setInputFiles('#f-file_labour_contract', pdf)
    await p.click('[data-qa=submit]')
    await expect(p.locator('[data-qa=error-graduation_date]').textContent()).resolves.toContain('不能晚于今天')
    expect(await p.inputValue('#f-school')).toBe('中山大学')
    await e.shot(p, 'journey-application-error')
    await p.fill('#f-graduation_date', '2020-07-01')
    await p.setInputFiles('#f-file_degree_certificate', pdf)
    await p.setInputFiles('#f-file_labour_contract', pdf)
    await p.click('[data-qa=submit]')
    await p.waitForSelector('[data-qa=check-answers]')
    expect(await p.locator('[data-qa=check-answers]').textContent()).toContain('2020-07-01')
    await p.click('[data-qa=confirm-form] [data-qa=submit]')
    await p.waitForURL(/\/applications\/RC\d{8}[A-Z0-9]{6}\?submitted=1$/)
    caseRef = (await p.locator('[data-qa=ref]').textContent())!.trim()
    expect(caseRef).toMatch(/^RC\d{8}/)
    expect(await p.locator('[data-qa=confirmation]').textContent()).toContain(caseRef)
    expect(await p.locator('[data-qa=status]').textContent()).toContain('已提交，待受理')
    expect(await p.locator('[data-qa=timeline]').textContent()).toContain('提交申请')
    await e.shot(p, 'journey-application-submitted')
  })
})

describe('staff journey', () => {
  it('clerk filters the queue, claims, asks for two items at once; citizen resubmits; reviewer approves; citizen rates', async () => {
    const clerk = await staffLogin('e2eclerk')
    await clerk.goto('/staff/cases')
    await clerk.selectOption('select[name=service]', 'talent-registration')
    await clerk.waitForURL('**/staff/cases?**service=talent-registration**') // htmx pushed the filter into the URL
    await clerk.click(`[data-qa=claim-${caseRef}]`)
    await clerk.waitForURL(`**/staff/cases/${caseRef}?claimed=1`)
    await clerk.check('input[name=decision][value=accept]')
    await clerk.click('[data-qa=decision-form] [data-qa=submit]')
    await clerk.waitForURL(`**/staff/cases/${caseRef}?done=accept`)
    await clerk.check('input[name=decision][value=supplement]')
    await clerk.check('input[name=items][value=major]')
    await clerk.check('input[name=items][value=labour_contract]')
    await clerk.fill('input[name=note_labour_contract]', '缺少签字页')
    await clerk.fill('#f-reason', '请一次性补正以下两项')
    await e.shot(clerk, 'journey-clerk-supplement')
    await clerk.click('[data-qa=decision-form] [data-qa=submit]')
    await clerk.waitForURL(`**/staff/cases/${caseRef}?done=supplement`)

    const p = citizenPage
    await p.goto(`/applications/${caseRef}`)
    expect(await p.locator('[data-qa=supplement]').textContent()).toContain('缺少签字页')
    await p.fill('#f-major', '公共管理（MPA）')
    await p.setInputFiles('#f-file_labour_contract', pdf)
    await p.click('[data-qa=supplement] [data-qa=submit]')
    await p.waitForURL(`**/applications/${caseRef}?resubmitted=1`)

    const reviewer = await staffLogin('e2ereviewer')
    await reviewer.goto(`/staff/cases/${caseRef}`)
    await reviewer.check('input[name=decision][value=approve]')
    await reviewer.fill('#f-reason', '符合E类人才认定条件')
    await reviewer.click('[data-qa=decision-form] [data-qa=submit]')
    await reviewer.waitForURL(`**/staff/cases/${caseRef}?done=approve`)

    await p.goto(`/applications/${caseRef}`)
    expect(await p.locator('[data-qa=status]').textContent()).toContain('审核通过')
    await p.check('input[name=score][value="5"]')
    await p.fill('#f-comment', '一次性告知很清楚')
    await p.click('[data-qa=rating-form] [data-qa=submit]')
    await p.waitForURL(`**/applications/${caseRef}?rated=1`)
    expect(await p.locator('[data-qa=rated]').textContent()).toContain('非常满意')
    await e.shot(p, 'journey-rated')
    for (const x of [clerk, reviewer]) await x.context().close()
  })

  it('a hotline agent records a call, verifies the caller by SMS, links the case, resolves and records the callback', async () => {
    const agent = await staffLogin('e2eagent')
    await agent.goto('/admin/complaints')
    await agent.fill('#f-caller_phone', phone)
    await agent.fill('#f-caller_name', '陈女士')
    await agent.selectOption('#f-category', '办件进度')
    await agent.fill('#f-description', '想确认人才认定证书何时发放')
    await agent.fill('#f-related_ref', caseRef)
    await agent.click('[data-qa=complaint-form] [data-qa=submit]')
    await agent.waitForURL('**/admin/complaints/TS*')
    expect(await agent.locator('[data-qa=account-exists]').textContent()).toContain('已注册账号')
    e.ctx.clock.advance(61_000)
    await agent.click('text=向注册手机发送验证码')
    await agent.waitForURL('**?done=sent')
    await agent.selectOption('#f-method', 'sms')
    await agent.fill('#f-answer', e.ctx.sms.lastCode(phone))
    await agent.click('[data-qa=verify-form] [data-qa=submit]')
    await agent.waitForURL('**?done=passed')
    expect(await agent.locator('[data-qa=caller-account]').textContent()).toContain(caseRef)
    await agent.fill('#f-resolution', '证书将于公示期满后5个工作日内发放')
    await agent.fill('#f-callback_result', '已电话告知来电人')
    await agent.selectOption('#f-satisfaction', '满意')
    await agent.click('[data-qa=resolve-form] [data-qa=submit]')
    await agent.waitForURL('**?done=resolved')
    await e.shot(agent, 'journey-complaint-resolved')
    await agent.context().close()
  })
})

describe('closure journey', () => {
  it('the citizen closes the account online and gets a reference; the session ends', async () => {
    const p = citizenPage
    await p.goto('/me/closure')
    e.ctx.clock.advance(61_000)
    await p.click('[data-qa=closure-form] [data-qa=send-code]')
    await p.waitForURL('**/me/closure?sent=1')
    await p.fill('#f-sms_code', e.ctx.sms.lastCode(phone))
    await p.check('#f-confirm')
    await e.shot(p, 'journey-closure-form')
    await p.click('[data-qa=closure-form] [data-qa=submit]')
    await p.waitForURL('**/closure/ZX*')
    expect(await p.locator('[data-qa=closure-state]').textContent()).toContain('办理中')
    await p.goto('/me')
    expect(p.url()).toContain('/login')
    await e.shot(p, 'journey-closure-done')
    // 4xx answers to invalid forms are logged by Chromium as failed resources; anything else is a problem.
    expect(e.problems.filter((x) => !/status of 4\d\d/.test(x))).toEqual([])
  })
})
