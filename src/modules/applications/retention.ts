import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import * as repo from './repository.js'

/**
 * Retention steps over the application tables that privacy runs (closure erasure, the daily purge).
 * Both return the storage keys of attachment files the caller removes after the transaction.
 */
export function createApplicationRetention(deps: { db: Kysely<Database> }) {
  const { db } = deps
  return {
    /** Drafts go; applications outside `keepCodes` lose their personal data, kept ones get `retainUntil`. */
    anonymiseForUser: (trx: Transaction<Database>, userId: number, keepCodes: string[], retainUntil: string) =>
      repo.anonymiseForUser(trx, userId, keepCodes, retainUntil),
    purgeDrafts: (conn: Kysely<Database> | Transaction<Database>, before: string) => repo.purgeDrafts(conn ?? db, before),
  }
}
export type ApplicationRetention = ReturnType<typeof createApplicationRetention>
