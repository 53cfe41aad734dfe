import type { Generated, Selectable } from 'kysely'

/** The development registries' records: the record of one key (ID number or USCC) in one source, encrypted. */
export interface RegistryRecordsTable {
  id: Generated<number>
  source: string
  keyBidx: string
  /** The key itself, encrypted, so `keys:rotate` can recompute the blind index; null for rows from before it was kept. */
  keyEnc: Generated<string | null>
  dataEnc: string
  updatedAt: string
}

/** Append-only: every grant or withdrawal of a look-up authorisation is a row; the latest per scope wins. */
export interface RegistryAuthorisationsTable {
  id: Generated<number>
  userId: number
  /** A registry source, or 'all'. */
  scope: string
  granted: number
  policyVersion: string | null
  channel: string
  createdAt: string
}

/** Every look-up made about a citizen, shown in their access log. */
export interface RegistryLookupsTable {
  id: Generated<number>
  userId: number
  source: string
  purpose: string
  outcome: 'found' | 'not_found' | 'unavailable'
  requestId: string | null
  /** The record as received, encrypted; null unless found. */
  dataEnc: string | null
  at: string
}
export type RegistryLookupRow = Selectable<RegistryLookupsTable>

export interface RegistryDisputesTable {
  id: Generated<number>
  userId: number
  source: string
  serviceCode: string
  note: string
  status: 'reported' | 'resolved'
  createdAt: string
}
