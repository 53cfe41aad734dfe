/**
 * The application lifecycle (DESIGN.md §5) — the single place that knows which action is allowed in
 * which state and what it does to the statutory clock. The citizen side (applications) and the staff
 * side (cases) both go through `plan`; `applications.transition` writes what it returns.
 *
 *   submitted ──accept──▶ accepted (受理: the clock starts the next working day) ──approve/reject──▶ approved | rejected
 *      │                     │  ▲                                                                        │
 *      └──supplement──▶ supplement ──answer──┘  (before 受理 the complete answer is the 受理;               approved ──pay──▶ paid
 *                       (一次性告知, once)        after 受理 it resumes the paused clock)
 *   refuse (不予受理, with reason and legal basis): submitted | supplement before 受理 ──▶ not_accepted (decision 0205).
 *   withdraw: from any open state; revoke (supervisor): approved ──▶ revoked. docs/decisions/0170-lifecycle-and-statutory-clock.md
 */
import { AppError } from '../../lib/errors.js'
import { beijingDate } from '../../lib/time.js'
import { currentLocale, t } from '../../lib/i18n/index.js'
import { ACTION_EVENT_EN, STATUS_EN } from '../../lib/i18n/en/statuses.js'

export const STATUSES = [
  'submitted',
  'supplement',
  'accepted',
  'approved',
  'rejected',
  'paid',
  'revoked',
  'withdrawn',
  'not_accepted',
] as const
export type ApplicationStatus = (typeof STATUSES)[number]

/** Each status in Chinese (the catalogue key); pages show `statusLabel(s)`, in the reader's language. */
export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  submitted: '已提交，待受理',
  supplement: '待补正材料',
  accepted: '已受理，审核中',
  approved: '审核通过',
  rejected: '不予通过',
  paid: '补贴已发放',
  revoked: '已撤销',
  withdrawn: '已撤回',
  not_accepted: '不予受理',
}

/** A status as the reader says it (unknown values, e.g. legacy rows, shown as stored). */
export function statusLabel(s: string): string {
  const zh = STATUS_LABELS[s as ApplicationStatus] as string | undefined
  if (!zh) return s
  // by code in English: the status 审核通过 ("Approved") is not the button of the same Chinese ("Approve")
  return (currentLocale() === 'en' && STATUS_EN[s]) || t(zh)
}

export const STATUS_TONES: Record<ApplicationStatus, 'blue' | 'green' | 'yellow' | 'red' | 'grey'> = {
  submitted: 'blue',
  supplement: 'yellow',
  accepted: 'blue',
  approved: 'green',
  rejected: 'red',
  paid: 'green',
  revoked: 'red',
  withdrawn: 'grey',
  not_accepted: 'red',
}

/** Still being processed: blocks account closure, counts toward the queue. */
export const OPEN_STATUSES: ApplicationStatus[] = ['submitted', 'supplement', 'accepted']
/** Decided: the applicant may rate. */
export const DECIDED_STATUSES: ApplicationStatus[] = ['approved', 'rejected', 'paid', 'revoked']

export const ACTIONS = ['accept', 'supplement', 'answer', 'approve', 'reject', 'withdraw', 'pay', 'revoke', 'refuse'] as const
export type Action = (typeof ACTIONS)[number]

/** What each action is called in a case's history. */
export const ACTION_LABELS: Record<Action, string> = {
  accept: '受理',
  supplement: '一次性告知补正',
  answer: '补正材料已提交',
  approve: '审核通过',
  reject: '不予通过',
  withdraw: '申请人撤回',
  pay: '补贴发放',
  revoke: '撤销审核通过决定',
  refuse: '不予受理',
}

/** An action as the reader says it: the verb on a reviewer's button. */
export function actionLabel(a: string): string {
  const zh = ACTION_LABELS[a as Action] as string | undefined
  return zh ? t(zh) : a
}

/** An action as a step of the case's history: in English by code ("Approved", not the button's "Approve"). */
export function eventLabel(a: string): string {
  return (currentLocale() === 'en' && ACTION_EVENT_EN[a]) || actionLabel(a)
}

/** What the rules need to know about a case. Dates are China-local YYYY-MM-DD, instants ISO UTC. */
export interface CaseFacts {
  status: ApplicationStatus
  acceptedAt: string | null
  deadlineDate: string | null
  pausedAt: string | null
  pausedDays: number
  /** The 一次性告知 has been sent (it is sent once per case). */
  noticeSent: boolean
}

export interface WorkingDayCalendar {
  addWorkingDays(from: string, n: number): Promise<string>
  workingDaysBetween(from: string, to: string): Promise<number>
}

/** The clock fields an action sets. */
export interface ClockChange {
  acceptedAt?: string | null
  deadlineDate?: string | null
  pausedAt?: string | null
  pausedDays?: number
  decidedAt?: string | null
}

/** Why the action is impossible now, or null when it is allowed. */
export function refusal(f: CaseFacts, action: Action): string | null {
  switch (action) {
    case 'accept':
      return f.status === 'submitted' ? null : t('只有待受理的办件可以受理')
    case 'supplement':
      if (f.noticeSent) return t('一次性告知只能发出一次，本件已告知过')
      return f.status === 'submitted' || f.status === 'accepted' ? null : t('当前状态不能发出一次性告知')
    case 'answer':
      return f.status === 'supplement' ? null : t('该办件当前无需补正材料')
    case 'approve':
      return f.status === 'accepted' ? null : t('未受理或不在审核中的办件不能作出审核决定')
    case 'reject':
      // A case accepted and then waiting for a supplement may still be refused (e.g. the answer never came).
      return f.status === 'accepted' || (f.status === 'supplement' && f.acceptedAt !== null)
        ? null
        : t('未受理或不在审核中的办件不能作出审核决定')
    case 'withdraw':
      return OPEN_STATUSES.includes(f.status) ? null : t('已作出决定或已撤回的办件不能撤回')
    case 'pay':
      return f.status === 'approved' ? null : t('审核通过后才能登记发放')
    case 'revoke':
      return f.status === 'approved' ? null : t('只有审核通过（且未发放）的办件可以撤销')
    case 'refuse':
      // 不予受理 answers an application that was never accepted (decision 0205): once accepted, only review decides.
      return f.status === 'submitted' || (f.status === 'supplement' && f.acceptedAt === null)
        ? null
        : t('只有尚未受理的办件可以作出不予受理决定')
  }
}

const TARGET: Record<Action, ApplicationStatus> = {
  accept: 'accepted',
  supplement: 'supplement',
  answer: 'accepted',
  approve: 'approved',
  reject: 'rejected',
  withdraw: 'withdrawn',
  pay: 'paid',
  revoke: 'revoked',
  refuse: 'not_accepted',
}

/** Actions allowed in this state (the staff form offers only these, filtered by role). */
export const allowedActions = (f: CaseFacts): Action[] => ACTIONS.filter((a) => refusal(f, a) === null)

/**
 * What `action` does: the next status and the clock fields to write. Throws a 409 AppError when the
 * action is impossible. `now` is the instant of the action, `today` its China-local date.
 *
 * The statutory period runs from 受理 in working days, the day of 受理 itself not counted; while a
 * supplement requested after 受理 is awaited the clock stands still, and the deadline moves by the
 * working days it stood (the request day still counts as used, the answer day does not).
 */
export async function plan(
  f: CaseFacts,
  action: Action,
  at: { now: string; today: string; limitDays: number; calendar: WorkingDayCalendar },
): Promise<{ to: ApplicationStatus; set: ClockChange }> {
  const why = refusal(f, action)
  if (why) throw new AppError('conflict', t('{why}（当前状态：{status}）', { why, status: statusLabel(f.status) }))
  const to = TARGET[action]
  const start = async () => ({ acceptedAt: at.now, deadlineDate: await at.calendar.addWorkingDays(at.today, at.limitDays) })
  const resume = async (): Promise<ClockChange> => {
    const waited = await at.calendar.workingDaysBetween(beijingDate(f.pausedAt!), at.today)
    return {
      pausedAt: null,
      pausedDays: f.pausedDays + waited,
      deadlineDate: await at.calendar.addWorkingDays(f.deadlineDate!, waited),
    }
  }
  switch (action) {
    case 'accept':
      return { to, set: await start() }
    case 'supplement':
      return { to, set: { pausedAt: at.now } }
    case 'answer':
      // Before 受理 the complete answer is the 受理 (行政许可法 第32条: 按要求提交全部补正材料的，应当受理).
      return { to, set: f.acceptedAt ? await resume() : { pausedAt: null, ...(await start()) } }
    case 'approve':
    case 'reject':
      // (only a rejection can come while a supplement after 受理 is awaited: its pause ends with the decision)
      return { to, set: { decidedAt: at.now, ...(f.status === 'supplement' ? await resume() : {}) } }
    case 'refuse':
      // The clock never started: nothing to stop; a notice's wait ends with the refusal.
      return { to, set: { pausedAt: null } }
    default:
      return { to, set: {} }
  }
}

export type ClockState = 'not_started' | 'running' | 'paused' | 'stopped'

/** Where the statutory clock stands for a case. */
export function clockState(f: Pick<CaseFacts, 'status' | 'acceptedAt'>): ClockState {
  if (!f.acceptedAt) return 'not_started'
  if (f.status === 'supplement') return 'paused'
  return f.status === 'accepted' ? 'running' : 'stopped'
}

/** Working days the office took from 受理 to the decision, paused days not counted (the statistics' 平均办理用时). */
export async function workingDaysTaken(
  c: { acceptedAt: string | null; decidedAt: string | null; pausedDays: number },
  calendar: Pick<WorkingDayCalendar, 'workingDaysBetween'>,
): Promise<number | null> {
  if (!c.acceptedAt || !c.decidedAt) return null
  const all = await calendar.workingDaysBetween(beijingDate(c.acceptedAt), beijingDate(c.decidedAt))
  return Math.max(0, all - c.pausedDays)
}

/** Decided within the statutory period (the decision day not later than the deadline)? null when not decided after 受理. */
export function onTime(c: { decidedAt: string | null; deadlineDate: string | null }): boolean | null {
  if (!c.decidedAt || !c.deadlineDate) return null
  return beijingDate(c.decidedAt) <= c.deadlineDate
}
