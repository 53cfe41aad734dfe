import type { Generated, Selectable } from 'kysely'

export interface RectificationsTable {
  id: Generated<number>
  applicationRef: string
  score: number
  comment: string | null
  dueDate: string
  status: 'open' | 'closed'
  callbackAt: string | null
  callbackBy: number | null
  callbackResult: string | null
  note: string | null
  createdAt: string
  closedAt: string | null
}
export type RectificationRow = Selectable<RectificationsTable>

export interface StaffAlertsTable {
  id: Generated<number>
  staffId: number | null
  kind: string
  ref: string
  text: string
  day: string
  createdAt: string
}

/** A reusable 一次性告知 text per service (migration 202612020201). `items`: JSON list of item keys it ticks. */
export interface SupplementTemplatesTable {
  id: Generated<number>
  serviceCode: string
  title: string
  text: string
  items: string
  createdBy: number | null
  createdAt: string
}
export type SupplementTemplateRow = Selectable<SupplementTemplatesTable>
/** A staff member's named queue filter (the query string of /staff/cases), theirs alone. */
export interface SavedFiltersTable {
  id: Generated<number>
  staffId: number
  name: string
  query: string
  createdAt: string
}
export type SavedFilterRow = Selectable<SavedFiltersTable>
