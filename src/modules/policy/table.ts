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
}
export type PolicyVersionRow = Selectable<PolicyVersionsTable>
