import type { Generated, Selectable } from 'kysely'

export interface ConsentsTable {
  id: Generated<number>
  userId: number
  consent: string
  granted: number
  policyVersion: string | null
  channel: string
  ip: string | null
  createdAt: string
}
export type ConsentRow = Selectable<ConsentsTable>

export interface ClosureRequestsTable {
  id: Generated<number>
  ref: string
  userId: number
  status: 'requested' | 'completed' | 'cancelled'
  channel: 'online' | 'counter'
  reason: string | null
  staffId: number | null
  verificationMethod: string | null
  note: string | null
  contactEnc: string | null
  requestedAt: string
  executeAfter: string
  dueDate: string
  completedAt: string | null
  cancelledAt: string | null
}
export interface CorrectionRequestsTable {
  id: Generated<number>
  userId: number
  field: string
  newValueEnc: string
  reason: string
  status: 'pending' | 'approved' | 'rejected'
  decidedBy: number | null
  decisionNote: string | null
  createdAt: string
  decidedAt: string | null
}
export type ClosureRow = Selectable<ClosureRequestsTable>

export interface DisclosuresTable {
  id: Generated<number>
  userId: number
  recipient: string
  dataCategories: string
  legalBasis: string
  disclosedAt: string
  notifyUser: number
  noNotifyBasis: string | null
  recordedBy: number
  createdAt: string
}
