import type { Generated, Selectable } from 'kysely'

export interface JobsTable {
  id: Generated<number>
  kind: string
  payload: string
  uniqueKey: string | null
  status: 'queued' | 'running' | 'done' | 'failed'
  runAt: string
  attempts: Generated<number>
  maxAttempts: Generated<number>
  lockedBy: string | null
  lockedUntil: string | null
  progress: string | null
  lastError: string | null
  createdAt: string
  finishedAt: string | null
}
export interface JobSchedulesTable {
  name: string
  nextRunAt: string
  lastRunAt: string | null
}
export type JobRow = Selectable<JobsTable>
