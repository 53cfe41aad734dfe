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
