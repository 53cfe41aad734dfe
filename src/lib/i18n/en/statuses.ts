/**
 * Application statuses in English, by status code (applications/lifecycle.ts STATUS_LABELS): the status 审核通过
 * reads "Approved" while the reviewer's button of the same Chinese reads "Approve", so statuses are not keyed by the
 * Chinese. statusLabel() picks from here on an English page.
 */
export const STATUS_EN: Readonly<Record<string, string>> = {
  submitted: 'Submitted, awaiting acceptance',
  supplement: 'Waiting for missing materials',
  accepted: 'Accepted, under review',
  approved: 'Approved',
  rejected: 'Not approved',
  paid: 'Subsidy paid',
  revoked: 'Revoked',
  withdrawn: 'Withdrawn',
  not_accepted: 'Not accepted',
}

/**
 * Steps of a case's history in English, by action code: the Chinese 受理 / 审核通过 are both the reviewer's button
 * ("Accept", "Approve": actionLabel) and the event in the history ("Accepted", "Approved": eventLabel).
 */
export const ACTION_EVENT_EN: Readonly<Record<string, string>> = {
  accept: 'Accepted',
  supplement: 'Missing materials requested (one-time notice)',
  answer: 'Missing materials submitted',
  approve: 'Approved',
  reject: 'Not approved',
  withdraw: 'Withdrawn by the applicant',
  pay: 'Subsidy paid',
  revoke: 'Approval revoked',
  refuse: 'Not accepted',
}
