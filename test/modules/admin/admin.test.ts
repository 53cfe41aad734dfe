import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SMTPServer } from 'smtp-server'
import type { AddressInfo } from 'node:net'
import { createTestContext, type TestContext } from '../../support/context.js'
import { TestClient, visibleText } from '../../support/client.js'
import { citizen, makePhone, staffMember, signIn } from '../../support/fixtures.js'
import { ensureCatalog, submittedCase } from '../../support/cases.js'
import { createMailer } from '../../../src/modules/notifications/transports.js'
import { createNotificationService } from '../../../src/modules/notifications/service.js'
import { createLogger } from '../../../src/lib/logger.js'
import * as identityRepo from '../../../src/modules/identity/repository.js'
import * as privacyRepo from '../../../src/modules/privacy/repository.js'
import { SYSTEM_CONTEXT } from '../../../src/modules/audit/service.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
  await ensureCatalog(ctx)
})
afterAll(() => ctx.close())

describe('phone complaints desk', () => {
  it('records a call (422 with input kept on errors), checks identity (fail, then pass), links the account, resolves with a callback', async () => {
    const { citizen: a, ref: caseRef } = await submittedCase(ctx)
    const agent = await staffMember(ctx, 'complaints')
    const page = await agent.client.get('/admin/complaints')
    expect(visibleText(page.text)).toContain('可能被录音')
    const bad = await agent.client.post('/admin/complaints', {
      caller_phone: '123',
      caller_name: '',
      category: '',
      description: '太慢',
      related_ref: 'NOPE',
    })
    expect(bad.status).toBe(422)
    expect(visibleText(bad.text)).toContain('请填写来电号码')
    expect(visibleText(bad.text)).toContain('未找到该办件编号')
    expect(bad.text).toContain('value="NOPE"')
    const r = await agent.client.post('/admin/complaints', {
      caller_phone: a.phone,
      caller_name: '张先生',
      category: '办件进度',
      description: '我的人才认定办了好久还没受理',
      related_ref: caseRef.toLowerCase(),
      priority: '普通',
    })
    expect(r.status).toBe(303)
    const ref = r.location!.split('/').pop()!
    let t = await agent.client.get(`/admin/complaints/${ref}`)
    expect(visibleText(t.text)).toContain('该号码已注册账号')
    expect(t.text).not.toContain('data-qa="caller-account"')
    // the due date: 办件进度 = 3 working days
    expect(visibleText(t.text)).toContain(await ctx.services.calendar.addWorkingDays(ctx.services.complaints.today(), 3))
    const wrong = await agent.client.post(`/admin/complaints/${ref}/verify`, {
      method: 'id_last4',
      answer: a.idNumber.slice(-4) === '0000' ? '1111' : '0000',
    })
    expect(wrong.status).toBe(422)
    expect(wrong.text).not.toContain('data-qa="caller-account"')
    expect((await agent.client.post(`/admin/complaints/${ref}/send-code`)).status).toBe(303)
    const ok = await agent.client.post(`/admin/complaints/${ref}/verify`, { method: 'sms', answer: ctx.sms.lastCode(a.phone) })
    expect(ok.status).toBe(303)
    t = await agent.client.get(`/admin/complaints/${ref}`)
    expect(t.text).toContain('data-qa="caller-account"')
    expect(t.text).toContain(caseRef)
    expect(t.text).not.toContain(a.idNumber)
    const checks = await ctx.deps.db.selectFrom('auditLog').selectAll().where('action', '=', 'complaint.identity_check').execute()
    expect(checks.map((x) => (JSON.parse(x.detail!) as { passed: boolean }).passed)).toEqual([false, true])
    expect((await agent.client.post(`/admin/complaints/${ref}/notes`, { note: '已联系窗口加快受理', reply: 'on' })).status).toBe(303)
    expect(
      (await agent.client.post(`/admin/complaints/${ref}/resolve`, { resolution: '', callback_result: '', satisfaction: '' })).status,
    ).toBe(422)
    expect(
      (
        await agent.client.post(`/admin/complaints/${ref}/resolve`, {
          resolution: '窗口已受理该件',
          callback_result: '已电话告知来电人',
          satisfaction: '满意',
        })
      ).status,
    ).toBe(303)
    // the citizen sees the ticket and the reply
    const mine = visibleText((await a.client.get('/me/complaints')).text)
    expect(mine).toContain(ref)
    expect(mine).toContain('已联系窗口加快受理')
    expect(mine).not.toContain('内部记录')
    expect((await a.client.post('/me/complaints', { category: '咨询建议', description: '希望增加夜间服务窗口' })).status).toBe(303)
  })

  it('a privacy complaint starts a correction request for the caller only after a passed identity check', async () => {
    const a = await citizen(ctx)
    const agent = await staffMember(ctx, 'complaints')
    const r = await agent.client.post('/admin/complaints', {
      caller_phone: a.phone,
      caller_name: '王女士',
      category: '个人信息',
      description: '身份证号登记错了一位',
      related_ref: '',
      priority: '普通',
    })
    const ref = r.location!.split('/').pop()!
    const input = { field: 'real_name', value: '王小红', reason: '户口本已更名' }
    expect((await agent.client.post(`/admin/complaints/${ref}/correction`, input)).status).toBe(409)
    expect((await agent.client.post(`/admin/complaints/${ref}/verify`, { method: 'id_last4', answer: a.idNumber.slice(-4) })).status).toBe(
      303,
    )
    expect((await agent.client.get(`/admin/complaints/${ref}`)).text).toContain('data-qa="correction-on-behalf"')
    const bad = await agent.client.post(`/admin/complaints/${ref}/correction`, { ...input, reason: '' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('value="王小红"')
    expect((await agent.client.post(`/admin/complaints/${ref}/correction`, input)).status).toBe(303)
    const pending = await privacyRepo.correctionsOf(ctx.deps.db, a.id)
    expect(pending.map((x) => [x.field, x.status])).toEqual([['real_name', 'pending']])
    expect(pending[0].reason).toContain(ref)
  })

  it('the daily job puts a reminder on tickets near and past their due date, once a day', async () => {
    const svc = ctx.services.complaints
    const ref = await svc.create(SYSTEM_CONTEXT, null, {
      callerPhone: '13900001111',
      callerName: '李女士',
      category: '咨询建议',
      description: '咨询人才补贴申报条件',
      relatedRef: '',
      priority: '',
    })
    const t = await svc.get(ref)
    expect(t.dueDate).toBe(await ctx.services.calendar.addWorkingDays(svc.today(), 1))
    const reminders = async () => (await svc.notes(t.id)).filter((n) => n.body.startsWith('系统提醒'))
    await svc.dueAlerts()
    expect((await reminders()).map((n) => n.body).join()).toContain('临近办结时限')
    await svc.dueAlerts()
    expect(await reminders()).toHaveLength(1)
    const saved = ctx.clock.now()
    ctx.clock.advance(7 * 86_400_000)
    try {
      await svc.dueAlerts()
      expect((await reminders()).map((n) => n.body).join()).toContain('已超期')
    } finally {
      ctx.clock.set(saved)
    }
  })

  it('escapes what callers said everywhere it appears', async () => {
    const agent = await staffMember(ctx, 'complaints')
    const r = await agent.client.post('/admin/complaints', {
      caller_phone: '02012345678',
      caller_name: '<b>x</b>',
      category: '其他',
      description: '<script>alert(1)</script>',
    })
    const t = await agent.client.get(r.location!)
    expect(t.text).not.toContain('<script>alert(1)</script>')
    expect(t.text).toContain('&lt;script&gt;')
  })
})

describe('roles (三权分立)', () => {
  it('each admin page is limited to its role; sysadmin sees no citizen data; nobody grants themself a role', async () => {
    const sys = await staffMember(ctx, 'sysadmin')
    const sec = await staffMember(ctx, 'secadmin')
    const aud = await staffMember(ctx, 'auditor')
    const clerk = await staffMember(ctx, 'clerk')
    const a = await citizen(ctx)
    const { ref } = await submittedCase(ctx)
    const matrix: [typeof sys, string, number][] = [
      [sys, '/admin', 200],
      [sys, '/admin/staff', 200],
      [aud, '/admin/staff', 403],
      [sys, '/staff/cases', 403],
      [sys, `/staff/cases/${ref}`, 403],
      [sys, '/admin/audit', 403],
      [sys, '/admin/complaints', 403],
      [sys, '/staff/counter', 403],
      [sys, '/me/data', 303],
      [sec, '/admin', 200],
      [sec, '/admin/audit', 403],
      [sec, '/staff/cases', 403],
      [aud, '/admin/audit', 200],
      [aud, '/admin', 403],
      [aud, '/staff/cases', 403],
      [clerk, '/admin', 403],
      [clerk, '/admin/audit', 403],
      [clerk, '/admin/complaints', 403],
    ]
    for (const [who, path, status] of matrix) expect([path, (await who.client.get(path)).status]).toEqual([path, status])
    expect((await a.client.get('/admin')).status).toBe(303)
    expect((await sec.client.post(`/admin/staff/${sec.id}/roles`, { role: 'auditor', op: 'grant' })).status).toBe(403)
    expect((await sys.client.post(`/admin/staff/${clerk.id}/roles`, { role: 'reviewer', op: 'grant' })).status).toBe(403)
    expect((await sec.client.post(`/admin/staff/${clerk.id}/roles`, { role: 'reviewer', op: 'grant' })).status).toBe(303)
    expect(await identityRepo.rolesOf(ctx.deps.db, clerk.id)).toContain('reviewer')
    const audit = await ctx.deps.db.selectFrom('auditLog').select('action').where('action', '=', 'admin.role_granted').execute()
    expect(audit).toHaveLength(1)
    const page = await sys.client.get('/admin')
    expect(page.text).not.toContain(a.idNumber)
  })

  it('sysadmin creates, disables and re-enables staff and resets passwords; secadmin settings stay within bounds', async () => {
    const sys = await staffMember(ctx, 'sysadmin')
    const sec = await staffMember(ctx, 'secadmin')
    // sysadmin makes the account (no password, no role); secadmin grants the role; the holder activates it
    const phone = makePhone()
    const created = await sys.client.post('/admin/staff', {
      username: 'newclerk',
      name: '新窗口',
      staff_no: 'S7777',
      department: '窗口',
      phone,
    })
    expect(created.status).toBe(200)
    expect(visibleText(created.text)).toContain('激活链接已发送')
    const dup = await sys.client.post('/admin/staff', { username: 'newclerk', name: '重复', phone: makePhone() })
    expect(dup.status).toBe(409)
    const s = (await identityRepo.staffByUsername(ctx.deps.db, 'newclerk'))!
    expect(s.status).toBe('pending')
    expect((await sec.client.post(`/admin/staff/${s.id}/roles`, { role: 'clerk', op: 'grant' })).status).toBe(303)
    const activateWith = async (password: string) => {
      const text = [...ctx.sms.sent].reverse().find((m) => m.to === phone && m.text.includes('token='))!.text
      const token = text.match(/token=([0-9a-f]{64})/)![1]
      const holder = new TestClient(ctx)
      expect((await holder.get(`/staff/activate?token=${token}`)).status).toBe(200)
      expect((await holder.post('/staff/activate', { token, password, confirm: password })).status).toBe(200)
    }
    await activateWith('abcd1234')
    const login = new TestClient(ctx)
    await login.get('/staff/login')
    expect((await login.post('/staff/login', { username: 'newclerk', password: 'abcd1234' })).status).toBe(303)
    expect((await sys.client.post(`/admin/staff/${s.id}/disable`)).status).toBe(303)
    expect((await login.get('/staff')).status).toBe(303)
    expect((await sys.client.post(`/admin/staff/${s.id}/enable`)).status).toBe(303)
    const reset = await sys.client.post(`/admin/staff/${s.id}/reset-password`)
    expect(visibleText(reset.text)).toContain('重置链接已发送')
    expect(reset.text).not.toContain('data-qa="temp-password"')
    await activateWith('newpass123')
    const again = new TestClient(ctx)
    await again.get('/staff/login')
    expect((await again.post('/staff/login', { username: 'newclerk', password: 'newpass123' })).status).toBe(303)
    expect((await again.get('/staff/cases')).status).toBe(200)
    expect(
      (
        await sec.client.post('/admin/settings', {
          lockout_threshold: '1',
          citizen_idle_minutes: '30',
          staff_idle_minutes: '15',
          password_min_length: '8',
        })
      ).status,
    ).toBe(422)
    expect(
      (
        await sec.client.post('/admin/settings', {
          lockout_threshold: '6',
          citizen_idle_minutes: '20',
          staff_idle_minutes: '10',
          password_min_length: '10',
        })
      ).status,
    ).toBe(303)
    expect((await ctx.services.securitySettings.settings()).lockout_threshold).toBe(6)
    // applied at once: the 6th failure locks, staff idle out after 10 minutes, passwords need 10 characters
    const victim = await citizen(ctx)
    const c = new TestClient(ctx)
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await c.post('/login', { phone: victim.phone, password: 'wrong1234' })).status)
    expect(statuses).toEqual([422, 422, 422, 422, 422, 423])
    // staff too (since main's credentials.ts the lock message names the time the lock ends)
    const clerk = await staffMember(ctx, 'clerk')
    const sc = new TestClient(ctx)
    const staffStatuses: number[] = []
    let last = ''
    for (let i = 0; i < 6; i++) {
      const r = await sc.post('/staff/login', { username: clerk.username, password: 'wrong1234' })
      staffStatuses.push(r.status)
      last = visibleText(r.text)
    }
    expect(staffStatuses).toEqual([422, 422, 422, 422, 422, 423])
    expect(last).toContain('连续登录失败次数过多，已锁定至')
    ctx.clock.advanceMinutes(11)
    expect((await sec.client.get('/admin')).status).toBe(303)
    const short = await victim.client.post('/me/password', { old_password: victim.password, new_password: 'abc12345' })
    expect(short.status).toBe(422)
    expect(visibleText(short.text)).toContain('至少10位')
    await (
      await staffMember(ctx, 'secadmin')
    ).client.post('/admin/settings', {
      lockout_threshold: '5',
      citizen_idle_minutes: '30',
      staff_idle_minutes: '15',
      password_min_length: '8',
    })
  })
})

describe('privacy-policy versions', () => {
  it('a material change is announced before it takes effect and needs explicit acceptance at the next visit', async () => {
    const sec = await staffMember(ctx, 'secadmin')
    const a = await citizen(ctx)
    const today = ctx.services.complaints.today()
    const bad = await sec.client.post('/admin/policies', {
      version: '2026.2',
      title: '隐私政策',
      summary: '新增位置服务',
      body: '短',
      effective_date: today,
      material: 'on',
    })
    expect(bad.status).toBe(422)
    expect(visibleText(bad.text)).toContain('须晚于今天')
    const eff = new Date(ctx.clock.now().getTime() + 10 * 86_400_000).toISOString().slice(0, 10)
    const ok = await sec.client.post('/admin/policies', {
      version: '2026.2',
      title: '人才一站式网上办事大厅隐私政策',
      summary: '新增“附近窗口”位置服务的数据处理说明',
      body: '第一条 ……（完整政策文本，足够长的内容用于测试）',
      effective_date: eff,
      material: 'on',
    })
    expect(ok.status).toBe(303)
    const policy = visibleText((await new TestClient(ctx).get('/privacy-policy')).text)
    expect(policy).toContain('新版本 2026.2 将于')
    await ctx.services.jobs.runDue()
    const msgs = await ctx.deps.db.selectFrom('messages').select('title').where('userId', '=', a.id).execute()
    expect(msgs.map((m) => m.title)).toContain('隐私政策将更新')
    // before the date: no prompt
    expect((await a.client.get('/applications')).status).toBe(200)
    // a site-wide notice with both dates, on every public page until the date
    const home = await new TestClient(ctx).get('/')
    expect(home.text).toContain('data-qa="policy-notice"')
    expect(visibleText(home.text)).toContain('将于')
    ctx.clock.advanceDays(11)
    expect((await new TestClient(ctx).get('/')).text).not.toContain('data-qa="policy-notice"')
    a.client = await signIn(ctx, 'citizen', a.id)
    const r = await a.client.get('/applications')
    expect(r.status).toBe(303)
    expect(r.location).toBe('/privacy-policy/accept')
    // export and closure stay reachable
    expect((await a.client.get('/me/data')).status).toBe(200)
    const decline = await a.client.post('/privacy-policy/accept', { version: '2026.2', decision: 'decline' })
    expect(visibleText(decline.text)).toContain('导出您的数据')
    expect((await a.client.post('/privacy-policy/accept', { version: '2026.2', decision: 'accept' })).status).toBe(303)
    expect((await a.client.get('/applications')).status).toBe(200)
  })
})

describe('security incidents', () => {
  it('notifies affected users by email, SMS and in-site message through a real SMTP server, and publishes a notice', async () => {
    const received: string[] = []
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _s, cb) {
        let d = ''
        stream.on('data', (x) => (d += x))
        stream.on('end', () => {
          received.push(d)
          cb()
        })
      },
    })
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()))
    const port = (smtp.server.address() as AddressInfo).port
    const a = await citizen(ctx)
    await ctx.deps.db
      .updateTable('users')
      .set({ email: 'a@example.com', emailVerifiedAt: '2026-01-01T00:00:00.000Z' })
      .where('id', '=', a.id)
      .execute()
    const sec = await staffMember(ctx, 'secadmin')
    const r = await sec.client.post('/admin/incidents', {
      title: '短信服务商数据泄露',
      what_happened: '短信服务商报告其系统遭入侵',
      data_categories: '手机号码',
      occurred_at: '2026-11-20T10:00',
      impact: '可能收到诈骗短信',
      measures: '已更换服务商',
      advice: '警惕冒充短信',
      remedies: '免费提供咨询',
      affected: a.phone,
    })
    expect(r.status).toBe(303)
    const inc = (await ctx.services.admin.incidents())[0]
    expect((await sec.client.post(`/admin/incidents/${inc.id}/notify`)).status).toBe(303)
    const notifications = createNotificationService({
      db: ctx.deps.db,
      clock: ctx.clock,
      mailer: createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, mailDir: '/nonexistent', from: 'hall@example.com' }),
      sms: ctx.sms,
      logger: createLogger('silent'),
      contactOf: identityRepo.contactOf,
    })
    ctx.clock.advance(1000)
    await notifications.deliverDue()
    await new Promise<void>((res) => smtp.close(() => res()))
    expect(received.some((m) => m.includes('a@example.com'))).toBe(true)
    expect(ctx.sms.sent.some((m) => m.to === a.phone && m.text.includes('安全事件告知'))).toBe(true)
    expect(visibleText((await a.client.get('/me/messages')).text)).toContain('安全事件告知')
    const notice = visibleText((await new TestClient(ctx).get(`/notices/${inc.id}`)).text)
    for (const s of ['发生了什么', '可能的影响', '您可以这样保护自己', '补救措施', 'privacy@talent.gov.example'])
      expect(notice).toContain(s)
    const row = (await ctx.services.admin.incident(inc.id))!
    expect(row.notifiedAt).toBeTruthy()
    expect(row.notifiedCount).toBe(1)
  })
})

describe('announcements and audit viewer', () => {
  it('an announcement shows on the home page during its window', async () => {
    const sys = await staffMember(ctx, 'sysadmin')
    const start = new Date(ctx.clock.now().getTime() + 8 * 3_600_000 - 60_000).toISOString().slice(0, 16)
    const end = new Date(ctx.clock.now().getTime() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 16)
    expect(
      (await sys.client.post('/admin/announcements', { title: '系统维护', body: '本周六凌晨维护', starts_at: start, ends_at: end })).status,
    ).toBe(303)
    expect(visibleText((await new TestClient(ctx).get('/')).text)).toContain('本周六凌晨维护')
  })

  it('filters, exports CSV and verifies the chain; viewing is itself audited', async () => {
    const aud = await staffMember(ctx, 'auditor')
    const r = await aud.client.get('/admin/audit?action=complaint.identity_check')
    expect(r.status).toBe(200)
    const rows = visibleText(r.text.slice(r.text.indexOf('data-qa="audit-rows"')))
    expect(rows).toContain('来电身份核验')
    expect(rows).not.toContain('提交申请')
    const csv = await aud.client.get('/admin/audit/export.csv?action=application.submitted')
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csv.text).toContain('application.submitted')
    const v = await aud.client.post('/admin/audit/verify')
    expect(visibleText(v.text)).toContain('哈希链校验通过')
    const viewed = await ctx.deps.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', 'in', ['audit.viewed', 'audit.exported', 'audit.verified'])
      .execute()
    expect(viewed.length).toBeGreaterThanOrEqual(3)
  })
})
