import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import * as repo from './repository.js'

type Conn = Kysely<Database> | Transaction<Database>

/**
 * Consents (privacy owns the table): recording one and reading the current ones. A small service of
 * its own because identity (registration), policy (acceptance) and the cookie choice record consents
 * and are built before the privacy service. `record` takes the caller's transaction.
 */
export function createConsentService(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps
  return {
    record: (
      conn: Conn | null,
      row: {
        userId: number
        consent: string
        granted: boolean
        policyVersion: string | null
        channel: 'web' | 'counter' | 'phone'
        ip: string | null
      },
    ) => repo.insertConsent(conn ?? db, { ...row, createdAt: toTimestamp(clock.now()) }),
    current: (userId: number) => repo.currentConsents(db, userId),
  }
}
export type ConsentService = ReturnType<typeof createConsentService>
