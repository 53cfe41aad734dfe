import type { Generated, Selectable } from 'kysely'

export interface RuleEvaluationsTable {
  id: Generated<number>
  applicationRef: string
  serviceCode: string
  ruleVersion: string
  outcome: 'instant' | 'manual'
  /** The Evaluation (rules, versions, each datum with its provenance) as JSON. */
  trace: string
  sampleStatus: 'pending' | 'confirmed' | 'revoked' | null
  sampleReason: string | null
  sampledBy: number | null
  sampledAt: string | null
  createdAt: string
}
export type RuleEvaluationRow = Selectable<RuleEvaluationsTable>
