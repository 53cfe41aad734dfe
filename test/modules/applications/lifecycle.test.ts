/**
 * The lifecycle's rules as a table (fast: the mutation run of lifecycle.ts leans on this file; the HTTP paths
 * are in test/modules/cases/lifecycle.test.ts). The calendar here is Monday–Friday plus a holiday and a make-up day.
 */
import { describe, expect, it } from 'vitest'
import { runInLocale } from '../../../src/lib/i18n/index.js'
import {
  ACTIONS,
  ACTION_LABELS,
  DECIDED_STATUSES,
  OPEN_STATUSES,
  STATUSES,
  STATUS_LABELS,
  STATUS_TONES,
  actionLabel,
  eventLabel,
  allowedActions,
  clockState,
  onTime,
  plan,
  refusal,
  statusLabel,
  workingDaysTaken,
  type Action,
  type ApplicationStatus,
  type CaseFacts,
} from '../../../src/modules/applications/lifecycle.js'

const HOLIDAY = '2026-10-01'
const MAKEUP = '2026-10-10' // a Saturday
const next = (d: string) => new Date(new Date(`${d}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10)
const working = (d: string) => d === MAKEUP || (d !== HOLIDAY && ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))
const calendar = {
  addWorkingDays(from: string, n: number) {
    let d = from
    for (let left = n; left > 0;) if (working((d = next(d)))) left--
    return Promise.resolve(d)
  },
  workingDaysBetween(from: string, to: string) {
    let n = 0
    for (let d = next(from); d <= to; d = next(d)) if (working(d)) n++
    return Promise.resolve(n)
  },
}

const facts = (status: ApplicationStatus, over: Partial<CaseFacts> = {}): CaseFacts => ({
  status,
  acceptedAt: ['submitted'].includes(status) || (status === 'supplement' && !over.acceptedAt) ? null : '2026-09-28T02:00:00.000Z',
  deadlineDate: null,
  pausedAt: null,
  pausedDays: 0,
  noticeSent: false,
  ...over,
})

// Which action each state allows (supplement-before and supplement-after 受理 differ; noticeSent is off here).
const ALLOWED: Record<string, Action[]> = {
  submitted: ['accept', 'supplement', 'withdraw', 'refuse'],
  'supplement (before 受理)': ['answer', 'withdraw', 'refuse'],
  'supplement (after 受理)': ['answer', 'reject', 'withdraw'],
  accepted: ['supplement', 'approve', 'reject', 'withdraw'],
  approved: ['pay', 'revoke'],
  rejected: [],
  paid: [],
  revoked: [],
  withdrawn: [],
  not_accepted: [],
}
const stateFacts = (k: string) =>
  k === 'supplement (before 受理)'
    ? facts('supplement', { acceptedAt: null })
    : k === 'supplement (after 受理)'
      ? facts('supplement', { acceptedAt: '2026-09-28T02:00:00.000Z' })
      : facts(k as ApplicationStatus)

describe('lifecycle rules', () => {
  it.each(Object.entries(ALLOWED))('%s allows exactly %j', (k, allowed) => {
    const f = stateFacts(k)
    expect(allowedActions(f)).toEqual(allowed)
    for (const a of ACTIONS) {
      const why = refusal(f, a)
      if (allowed.includes(a)) expect(why).toBeNull()
      else expect(why).toMatch(/[\u4e00-\u9fff]{4}/)
    }
  })

  it('the 一次性告知 is sent once: refused before and after 受理 once sent', () => {
    expect(refusal(facts('submitted', { noticeSent: true }), 'supplement')).toContain('只能发出一次')
    expect(refusal(facts('accepted', { noticeSent: true }), 'supplement')).toContain('只能发出一次')
    expect(allowedActions(facts('accepted', { noticeSent: true }))).toEqual(['approve', 'reject', 'withdraw'])
  })

  it('each refusal names its own reason: payment and revocation both need an approval but say so differently', () => {
    expect(refusal(facts('accepted'), 'pay')).toBe('审核通过后才能登记发放')
    expect(refusal(facts('accepted'), 'revoke')).toBe('只有审核通过（且未发放）的办件可以撤销')
    expect(refusal(facts('accepted'), 'refuse')).toBe('只有尚未受理的办件可以作出不予受理决定')
  })

  it('不予受理 only answers a case never accepted that is still open: not one already refused or withdrawn before 受理', () => {
    for (const s of ['not_accepted', 'withdrawn'] as const) expect(refusal(facts(s, { acceptedAt: null }), 'refuse'), s).not.toBeNull()
    expect(refusal(facts('supplement', { acceptedAt: null }), 'refuse')).toBeNull()
  })

  it('statuses and actions are named in the reader’s language; unknown (legacy) values as stored', () => {
    expect(statusLabel('not_accepted')).toBe('不予受理')
    expect(statusLabel('archived')).toBe('archived')
    expect(actionLabel('refuse')).toBe('不予受理')
    expect(actionLabel('revoke')).toBe('撤销审核通过决定')
    expect(actionLabel('reopen')).toBe('reopen')
  })

  it('a refused plan is a 409 naming the reason and the current status', async () => {
    const at = { now: '2026-09-30T02:00:00.000Z', today: '2026-09-30', limitDays: 3, calendar }
    await expect(plan(facts('submitted'), 'approve', at)).rejects.toMatchObject({
      status: 409,
      message: '未受理或不在审核中的办件不能作出审核决定（当前状态：已提交，待受理）',
    })
    await expect(plan(facts('withdrawn'), 'withdraw', at)).rejects.toThrow('已撤回')
  })

  it('open and decided statuses partition the live ones; every status and action has its own label and tone', () => {
    expect(OPEN_STATUSES).toEqual(['submitted', 'supplement', 'accepted'])
    expect(DECIDED_STATUSES).toEqual(['approved', 'rejected', 'paid', 'revoked'])
    expect(STATUSES.filter((s) => !OPEN_STATUSES.includes(s) && !DECIDED_STATUSES.includes(s))).toEqual(['withdrawn', 'not_accepted'])
    for (const labels of [Object.values(STATUS_LABELS), Object.values(ACTION_LABELS)]) {
      expect(new Set(labels).size).toBe(labels.length)
      for (const l of labels) expect(l).toMatch(/^[\u4e00-\u9fff，]{2,}$/)
    }
    expect(Object.keys(STATUS_LABELS)).toEqual([...STATUSES])
    expect(Object.keys(ACTION_LABELS)).toEqual([...ACTIONS])
    expect(STATUS_TONES).toEqual({
      submitted: 'blue',
      supplement: 'yellow',
      accepted: 'blue',
      approved: 'green',
      rejected: 'red',
      paid: 'green',
      revoked: 'red',
      withdrawn: 'grey',
      not_accepted: 'red',
    })
  })
})

describe('the statutory clock', () => {
  const at = (today: string, limitDays = 3) => ({ now: `${today}T02:00:00.000Z`, today, limitDays, calendar })

  it('受理 starts it the next working day (holiday skipped, make-up day counted)', async () => {
    expect(await plan(facts('submitted'), 'accept', at('2026-09-30'))).toEqual({
      to: 'accepted',
      // Oct 1 holiday, Oct 2 Fri, Oct 5 Mon, Oct 6 Tue
      set: { acceptedAt: '2026-09-30T02:00:00.000Z', deadlineDate: '2026-10-06' },
    })
    expect((await plan(facts('submitted'), 'accept', at('2026-10-08'))).set.deadlineDate).toBe('2026-10-12') // Fri 9, Sat 10 (make-up), Mon 12
  })

  it('a notice before 受理 only marks the wait; the complete answer is the 受理', async () => {
    expect(await plan(facts('submitted'), 'supplement', at('2026-09-28'))).toEqual({
      to: 'supplement',
      set: { pausedAt: '2026-09-28T02:00:00.000Z' },
    })
    const waiting = facts('supplement', { acceptedAt: null, pausedAt: '2026-09-28T02:00:00.000Z', noticeSent: true })
    expect(await plan(waiting, 'answer', at('2026-09-30'))).toEqual({
      to: 'accepted',
      set: { pausedAt: null, acceptedAt: '2026-09-30T02:00:00.000Z', deadlineDate: '2026-10-06' },
    })
  })

  it('a supplement after 受理 pauses it; the answer moves the deadline by the paused working days', async () => {
    const running = facts('accepted', { deadlineDate: '2026-10-06' })
    expect(await plan(running, 'supplement', at('2026-09-29'))).toEqual({
      to: 'supplement',
      set: { pausedAt: '2026-09-29T02:00:00.000Z' },
    })
    const paused = { ...running, status: 'supplement' as const, pausedAt: '2026-09-29T02:00:00.000Z', pausedDays: 1, noticeSent: true }
    // paused Sep 30, Oct 2, Oct 5 (Oct 1 is a holiday) → 3 more; deadline Oct 6 + 3 = Oct 7, 8, 9
    expect(await plan(paused, 'answer', at('2026-10-05'))).toEqual({
      to: 'accepted',
      set: { pausedAt: null, pausedDays: 4, deadlineDate: '2026-10-09' },
    })
    // answered the day it was asked: nothing moves
    expect((await plan(paused, 'answer', at('2026-09-29'))).set).toEqual({ pausedAt: null, pausedDays: 1, deadlineDate: '2026-10-06' })
    // rejected while waiting: the pause ends with the decision
    expect(await plan(paused, 'reject', at('2026-10-05'))).toEqual({
      to: 'rejected',
      set: { decidedAt: '2026-10-05T02:00:00.000Z', pausedAt: null, pausedDays: 4, deadlineDate: '2026-10-09' },
    })
  })

  it('decisions stop it; withdrawal and payment leave the clock fields alone', async () => {
    const running = facts('accepted', { deadlineDate: '2026-10-06' })
    expect(await plan(running, 'approve', at('2026-10-02'))).toEqual({ to: 'approved', set: { decidedAt: '2026-10-02T02:00:00.000Z' } })
    expect(await plan(running, 'reject', at('2026-10-02'))).toEqual({ to: 'rejected', set: { decidedAt: '2026-10-02T02:00:00.000Z' } })
    expect(await plan(running, 'withdraw', at('2026-10-02'))).toEqual({ to: 'withdrawn', set: {} })
    expect(await plan(facts('approved'), 'pay', at('2026-10-02'))).toEqual({ to: 'paid', set: {} })
    expect(await plan(facts('approved'), 'revoke', at('2026-10-02'))).toEqual({ to: 'revoked', set: {} })
  })

  it('不予受理 ends a notice’s wait and never starts the clock', async () => {
    expect(await plan(facts('submitted'), 'refuse', at('2026-10-02'))).toEqual({ to: 'not_accepted', set: { pausedAt: null } })
    const waiting = facts('supplement', { acceptedAt: null, pausedAt: '2026-09-28T02:00:00.000Z', noticeSent: true })
    expect(await plan(waiting, 'refuse', at('2026-10-02'))).toEqual({ to: 'not_accepted', set: { pausedAt: null } })
  })

  it('clock state, days taken and on time', async () => {
    expect(clockState({ status: 'submitted', acceptedAt: null })).toBe('not_started')
    expect(clockState({ status: 'supplement', acceptedAt: null })).toBe('not_started')
    expect(clockState({ status: 'supplement', acceptedAt: 'x' })).toBe('paused')
    expect(clockState({ status: 'accepted', acceptedAt: 'x' })).toBe('running')
    for (const s of ['approved', 'rejected', 'paid', 'revoked', 'withdrawn'] as const)
      expect(clockState({ status: s, acceptedAt: 'x' })).toBe('stopped')
    const c = { acceptedAt: '2026-09-29T02:00:00.000Z', decidedAt: '2026-10-09T09:00:00.000Z', pausedDays: 2 }
    // Sep 30, Oct 2, 5, 6, 7, 8, 9 = 7, minus 2 paused (the decision at 17:00 Beijing is still Oct 9)
    expect(await workingDaysTaken(c, calendar)).toBe(5)
    expect(await workingDaysTaken({ ...c, pausedDays: 9 }, calendar)).toBe(0)
    expect(await workingDaysTaken({ ...c, decidedAt: null }, calendar)).toBeNull()
    expect(await workingDaysTaken({ ...c, acceptedAt: null }, calendar)).toBeNull()
    // Beijing dates: 23:30 on Oct 9 Beijing is 15:30Z — on time for a deadline of Oct 9; 00:30 on Oct 10 Beijing is not
    expect(onTime({ decidedAt: '2026-10-09T15:30:00.000Z', deadlineDate: '2026-10-09' })).toBe(true)
    expect(onTime({ decidedAt: '2026-10-09T16:30:00.000Z', deadlineDate: '2026-10-09' })).toBe(false)
    expect(onTime({ decidedAt: null, deadlineDate: '2026-10-09' })).toBeNull()
    expect(onTime({ decidedAt: '2026-10-09T15:30:00.000Z', deadlineDate: null })).toBeNull()
  })
})

describe('actions read as buttons and as history steps', () => {
  it('a button is a verb and the same action in the history is what happened, in English; Chinese is one word for both', () => {
    runInLocale('en', () => {
      expect(actionLabel('approve')).toBe('Approve')
      expect(eventLabel('approve')).toBe('Approved')
      expect(eventLabel('accept')).toBe('Accepted')
      expect(eventLabel('refuse')).toBe('Not accepted')
      expect(eventLabel('legacy-x')).toBe('legacy-x')
    })
    runInLocale('zh-CN', () => {
      expect(eventLabel('approve')).toBe('审核通过')
      expect(eventLabel('accept')).toBe('受理')
    })
  })
})
