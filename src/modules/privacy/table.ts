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
