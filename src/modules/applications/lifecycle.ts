/**
 * The application lifecycle (DESIGN.md §5) — the single source of truth for which transition is
 * allowed. Citizen side (applications) and staff side (cases) both go through `canTransition`.
 *
 * draft → submitted → accepted (受理) → in_review → (supplement ↔ resubmitted) → approved | rejected
 *   → (subsidies) paid → closed;  withdrawn from any state before a decision.
 */
export const STATUSES = [
  'submitted',
  'accepted',
  'in_review',
  'supplement',
  'resubmitted',
  'approved',
  'rejected',
  'paid',
  'closed',
  'withdrawn',
] as const
export type ApplicationStatus = (typeof STATUSES)[number]

export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  submitted: '已提交，待受理',
  accepted: '已受理',
  in_review: '审核中',
  supplement: '待补正材料',
  resubmitted: '已补正，待审核',
  approved: '审核通过',
  rejected: '不予通过',
  paid: '补贴已发放',
  closed: '已办结',
  withdrawn: '已撤回',
}

export const STATUS_TONES: Record<ApplicationStatus, 'blue' | 'green' | 'yellow' | 'red' | 'grey'> = {
  submitted: 'blue',
  accepted: 'blue',
  in_review: 'blue',
  supplement: 'yellow',
  resubmitted: 'blue',
  approved: 'green',
  rejected: 'red',
  paid: 'green',
  closed: 'grey',
  withdrawn: 'grey',
}

const TRANSITIONS: Record<ApplicationStatus, ApplicationStatus[]> = {
  submitted: ['accepted', 'supplement', 'rejected', 'withdrawn'],
  accepted: ['in_review', 'supplement', 'approved', 'rejected', 'withdrawn'],
  in_review: ['supplement', 'approved', 'rejected', 'withdrawn'],
  supplement: ['resubmitted', 'withdrawn', 'rejected'],
  resubmitted: ['accepted', 'in_review', 'supplement', 'approved', 'rejected', 'withdrawn'],
  approved: ['paid', 'closed'],
  rejected: ['closed'],
  paid: ['closed'],
  closed: [],
  withdrawn: [],
}

export function canTransition(from: ApplicationStatus, to: ApplicationStatus): boolean {
  return TRANSITIONS[from]?.includes(to) ?? false
}

/** Still being processed: blocks account closure, counts toward the queue. */
export const OPEN_STATUSES: ApplicationStatus[] = ['submitted', 'accepted', 'in_review', 'supplement', 'resubmitted']
/** Decided: the applicant may rate. */
export const DECIDED_STATUSES: ApplicationStatus[] = ['approved', 'rejected', 'paid', 'closed']
/** The legal time limit is paused while waiting for the applicant. */
export const PAUSED_STATUSES: ApplicationStatus[] = ['supplement']
