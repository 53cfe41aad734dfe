import type { Generated, Selectable } from 'kysely'

export interface ApplicationsTable {
  id: Generated<number>
  ref: string
  serviceCode: string
  applicantUserId: number | null
  enterpriseId: number | null
  applicantName: string | null
  status: string
  channel: 'online' | 'counter'
  submittedByStaffId: number | null
  formToken: string | null
  data: string
  assigneeStaffId: number | null
  submittedAt: string | null
  acceptedAt: string | null
  decidedAt: string | null
  deadlineDate: string | null
  pausedAt: string | null
  /** Working days the clock stood still for supplements after 受理. */
  pausedDays: Generated<number>
  decisionReason: string | null
  retainUntil: string | null
  createdAt: string
  updatedAt: string
  /** Subsidies: the account confirmed at submission, where the payment goes (issue 16 item 4). */
  payeeBankName: Generated<string | null>
  payeeAccountEnc: Generated<string | null>
  payeeAccountMasked: Generated<string | null>
}
/** One row per month a subsidy claim covers: one claim per applicant and period (issue 16 item 12). */
export interface SubsidyClaimMonthsTable {
  serviceCode: string
  applicantKey: string
  month: string
  applicationId: number
}
export interface ApplicationEventsTable {
  id: Generated<number>
  applicationId: number
  fromStatus: string | null
  toStatus: string
  /** The lifecycle action (lifecycle.ts ACTIONS); null for the first row and rows from before it was recorded. */
  action: string | null
  actorType: 'citizen' | 'staff' | 'system'
  actorId: number | null
  reason: string | null
  detail: string | null
  createdAt: string
}
export interface AttachmentsTable {
  id: Generated<number>
  ownerUserId: number | null
  applicationId: number | null
  draftId: number | null
  itemKey: string
  filename: string
  mime: string
  size: number
  sha256: string
  storageKey: string
  uploadedByStaffId: number | null
  createdAt: string
}
/** "Tell us once": an attachment copied from an earlier case in which staff verified it (trust level B, decision 0210). */
export interface MaterialReusesTable {
  id: Generated<number>
  attachmentId: number
  fromAttachmentId: number
  fromApplicationRef: string
  verifiedByStaffId: number
  verifiedAt: string
  createdAt: string
}
/** Attachment bytes, in 256 KiB chunks keyed by the attachment's storage key (decision 0131). */
export interface AttachmentBlobsTable {
  storageKey: string
  chunk: number
  bytes: Buffer
}
export interface DraftsTable {
  id: Generated<number>
  userId: number
  enterpriseId: number | null
  serviceCode: string
  formToken: string
  data: string
  createdAt: string
  updatedAt: string
  /** Set for a counter application the clerk started; never resumed by the citizen's own form. */
  staffId: Generated<number | null>
}
export interface RatingsTable {
  id: Generated<number>
  applicationId: number
  userId: number | null
  score: number
  comment: string | null
  createdAt: string
}
export type ApplicationRow = Selectable<ApplicationsTable>
/** What list pages show of an application (no answers). */
export type ApplicationSummary = Pick<ApplicationRow, 'id' | 'ref' | 'serviceCode' | 'status' | 'submittedAt' | 'enterpriseId'>
