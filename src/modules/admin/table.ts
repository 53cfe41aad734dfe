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
  /** The optional English of the public fields (IncidentEnglish JSON, decision 0255); the Chinese is binding. */
  en: string | null
}
/** What a reader of a security notice sees, in English. */
export interface IncidentEnglish {
  title: string
  whatHappened: string
  dataCategories: string
  impact: string
  measures: string
  advice: string
  remedies: string
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
