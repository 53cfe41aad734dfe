import { describe, expect, it } from 'vitest'
import { DecisionSummary } from '../../../views/applications/decision-summary.js'

/** The markup of an element (hono/jsx renders it when it is made a string). */
const markup = async (el: unknown) => String(await el)

/** The one case summary of the citizen's case page and the staff case page (views/applications/decision-summary.tsx). */
describe('DecisionSummary', () => {
  const app: Parameters<typeof DecisionSummary>[0]['app'] = {
    ref: 'RC20261201ABCDEF',
    status: 'supplement',
    channel: 'counter',
    submittedAt: '2026-12-01T02:00:00.000Z',
    acceptedAt: '2026-12-01T03:00:00.000Z',
    deadlineDate: '2026-12-10',
    decisionReason: null,
  }
  const html = async (audience: 'citizen' | 'staff', a: Partial<typeof app> = {}) =>
    markup(<DecisionSummary app={{ ...app, ...a }} timeLimitDays={10} audience={audience} />)

  it('tells the applicant the status, the counter, the deadline, the paused clock and the reason of a decision', async () => {
    const h = await html('citizen')
    expect(h).toContain('<dd data-qa="ref">RC20261201ABCDEF</dd>')
    expect(h).toContain('data-status="supplement"')
    expect(h).toContain('2026-12-01 10:00（窗口帮办代办）')
    expect(h).toContain('10 个工作日，应于 <time data-qa="deadline" datetime="2026-12-10">2026-12-10</time> 前办结')
    expect(h).toContain('（补正期间暂停计时，补正后顺延）')
    expect(await html('citizen', { status: 'accepted' })).not.toContain('暂停计时')
    expect(await html('citizen', { status: 'accepted', deadlineDate: null, acceptedAt: null })).toContain('10 个工作日，自受理的次日起计算')
    expect(await html('citizen', { status: 'rejected', decisionReason: '学历不符' })).toContain('<dt>不予通过理由</dt><dd>学历不符</dd>')
    expect(await html('citizen', { status: 'approved', decisionReason: '符合' })).toContain('<dt>审核意见</dt><dd>符合</dd>')
    expect(await html('citizen', { status: 'withdrawn', decisionReason: '本人申请' })).not.toContain('本人申请')
  })

  it('tells staff the channel and the deadline with the time limit, and adds their rows at the end', async () => {
    const h = await markup(
      <DecisionSummary app={app} timeLimitDays={10} audience="staff">
        <div data-qa="extra-row" />
      </DecisionSummary>,
    )
    expect(h).toContain('<dt>渠道</dt><dd>窗口帮办代办</dd>')
    expect(h).toContain('<time data-qa="deadline" datetime="2026-12-10">2026-12-10</time>（10 个工作日，补正期间暂停计时）')
    expect(h).not.toContain('data-qa="ref"')
    expect(h).not.toContain('data-qa="status"')
    expect(h).toMatch(/<div data-qa="extra-row"><\/div><\/dl>$/)
    expect(await html('staff', { channel: 'online', deadlineDate: null, acceptedAt: null, status: 'submitted' })).toContain(
      '<dd>网上申请</dd>',
    )
    expect(await html('staff', { deadlineDate: null, acceptedAt: null, status: 'submitted' })).toContain('受理后计算（10 个工作日）')
  })
})
