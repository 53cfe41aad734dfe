import type { Generated, Selectable } from 'kysely'

export interface IncidentsTable {
  id: Generated<number>
  title: string
  whatHappened: string
  dataCategories: string
  occurredAt: string
  impact: string
  measures: string
  advice: string
  remedies: string
  affected: string
  status: 'recorded' | 'notified' | 'closed'
  recordedBy: number | null
  createdAt: string
  notifiedAt: string | null
  publishedAt: string | null
  notifiedCount: number | null
  closedAt: string | null
}
export interface AnnouncementsTable {
  id: Generated<number>
  title: string
  body: string
  startsAt: string
  endsAt: string
  createdBy: number | null
  createdAt: string
}
export type IncidentRow = Selectable<IncidentsTable>
