import type { Generated, Selectable } from 'kysely'

export interface ServicesTable {
  id: Generated<number>
  code: string
  name: string
  category: string
  applicantKind: 'citizen' | 'enterprise'
  status: 'online' | 'offline'
  timeLimitDays: number
  isSubsidy: Generated<number>
  guide: string
  form: string
  sortOrder: Generated<number>
  /** JSON ServiceEnglish (decision 0220); null: Chinese only. */
  en: Generated<string | null>
  createdAt: string
  updatedAt: string
}
export type ServiceRow = Selectable<ServicesTable>
