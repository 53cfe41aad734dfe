import type { Generated, Selectable } from 'kysely'

export interface PolicyVersionsTable {
  id: Generated<number>
  version: string
  title: string
  body: string
  summary: string
  material: Generated<number>
  publishedAt: string
  effectiveAt: string
  publishedBy: number | null
  /** The optional English ({ title, summary, body } JSON, decision 0255); the Chinese is the binding text. */
  en: string | null
}
export interface PolicyEnglish {
  title: string
  summary: string
  body: string
}
export type PolicyVersionRow = Selectable<PolicyVersionsTable>
