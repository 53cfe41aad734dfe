import type { Generated, Selectable } from 'kysely'

export interface AuditLogTable {
  seq: number
  at: string
  actorType: string
  actorId: string | null
  actorRole: string | null
  action: string
  subjectType: string | null
  subjectId: string | null
  purpose: string | null
  detail: string | null
  ip: string | null
  userAgent: string | null
  requestId: string | null
  prevHash: string
  hash: string
}
export interface AuditHeadTable {
  id: number
  seq: number
  hash: string
  anchorSeq: Generated<number>
  anchorHash: Generated<string>
}
export type AuditRow = Selectable<AuditLogTable>
