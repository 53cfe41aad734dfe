import type { Generated, Insertable, Selectable } from 'kysely'

/**
 * One audit event. `seq` is the row id in insertion order (auto-increment: never assume it is
 * consecutive). `rowMac` is written with the row; `position` and `chainMac` are set by the sealer
 * (null until then). See docs/decisions/0140 and 0141.
 */
export interface AuditLogTable {
  seq: Generated<number>
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
  rowMac: string | null
  position: number | null
  chainMac: string | null
}
/** One row (id = 1): the last sealed position and its MAC, the retention anchor, the legacy boundary. */
export interface AuditHeadTable {
  id: number
  position: number
  mac: string
  anchorPosition: number
  anchorMac: string
  legacySeq: number
}
export type AuditRow = Selectable<AuditLogTable>
export type NewAuditRow = Insertable<AuditLogTable>
export type AuditHead = Selectable<AuditHeadTable>
