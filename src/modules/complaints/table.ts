import type { Generated, Selectable } from 'kysely'

export interface ComplaintsTable {
  id: Generated<number>
  ref: string
  channel: 'phone' | 'online'
  callerPhone: string
  callerName: string
  category: string
  description: string
  relatedRef: string | null
  userId: number | null
  priority: string
  status: 'open' | 'resolved' | 'closed'
  dueDate: string
  assigneeStaffId: number | null
  identityMethod: string | null
  identityPassed: number | null
  identityCheckedAt: string | null
  identityTries: Generated<number>
  resolution: string | null
  callbackAt: string | null
  callbackResult: string | null
  callbackSatisfaction: string | null
  createdBy: number | null
  createdAt: string
  resolvedAt: string | null
}
export interface ComplaintNotesTable {
  id: Generated<number>
  complaintId: number
  staffId: number | null
  kind: 'note' | 'reply' | 'citizen'
  body: string
  createdAt: string
}
export type ComplaintRow = Selectable<ComplaintsTable>
