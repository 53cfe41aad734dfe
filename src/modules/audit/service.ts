import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Dialect } from '../../db/connect.js'
import type { Clock } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import { sha256Hex } from '../../lib/crypto.js'
import { scrub } from '../../lib/logger.js'
import * as repo from './repository.js'
import type { AuditAction } from './events.js'
import type { AuditLogTable, AuditRow } from './table.js'

/** Who is acting and from where; built once per request by the audit-context middleware. */
export interface AuditContext {
  actorType: 'citizen' | 'staff' | 'system' | 'anonymous'
  actorId: string | null
  actorRole: string | null
  ip: string | null
  userAgent: string | null
  requestId: string | null
}

export const SYSTEM_CONTEXT: AuditContext = {
  actorType: 'system',
  actorId: null,
  actorRole: null,
  ip: null,
  userAgent: null,
  requestId: null,
}

export interface AuditEvent {
  action: AuditAction
  subjectType?: 'citizen' | 'enterprise' | 'case' | 'staff' | 'complaint' | 'policy' | 'incident' | 'system'
  subjectId?: string | number | null
  purpose?: string | null
  /** Small structured detail. Never personal numbers: it is scrubbed as a safety net. */
  detail?: Record<string, unknown> | null
}

const HASHED_FIELDS: (keyof AuditLogTable)[] = [
  'seq',
  'at',
  'actorType',
  'actorId',
  'actorRole',
  'action',
  'subjectType',
  'subjectId',
  'purpose',
  'detail',
  'ip',
  'userAgent',
  'requestId',
]

export function rowHash(prevHash: string, row: Omit<AuditLogTable, 'hash' | 'prevHash'> | AuditRow): string {
  const canonical = JSON.stringify(HASHED_FIELDS.map((k) => (row as Record<string, unknown>)[k] ?? null))
  return sha256Hex(`${prevHash}\n${canonical}`)
}

export type VerifyResult = { ok: true; entries: number } | { ok: false; entries: number; firstBad: number; problem: string }

export function createAuditService(deps: { db: Kysely<Database>; dialect: Dialect; clock: Clock }) {
  const { db, dialect, clock } = deps

  async function appendIn(trx: Kysely<Database> | Transaction<Database>, ctx: AuditContext, e: AuditEvent) {
    const h = await repo.lockHead(trx, dialect)
    const seq = h.seq + 1
    const row = {
      seq,
      at: toTimestamp(clock.now()),
      actorType: ctx.actorType,
      actorId: ctx.actorId,
      actorRole: ctx.actorRole,
      action: e.action,
      subjectType: e.subjectType ?? null,
      subjectId: e.subjectId == null ? null : String(e.subjectId),
      purpose: e.purpose ?? null,
      detail: e.detail ? scrub(JSON.stringify(e.detail)).slice(0, 4000) : null,
      ip: ctx.ip,
      userAgent: ctx.userAgent?.slice(0, 200) ?? null,
      requestId: ctx.requestId,
    }
    await repo.append(trx, { ...row, prevHash: h.hash, hash: rowHash(h.hash, row) })
  }

  return {
    /**
     * Append one event. Pass the caller's transaction so the event commits (or not) with the change;
     * without one, it gets its own.
     */
    async record(trx: Transaction<Database> | null, ctx: AuditContext, e: AuditEvent): Promise<void> {
      if (trx) return appendIn(trx, ctx, e)
      await db.transaction().execute((t) => appendIn(t, ctx, e))
    },

    /** Walks the chain: detects edited rows, deleted rows (gaps) and a truncated tail. */
    async verify(): Promise<VerifyResult> {
      const anchor = await repo.head(db)
      let prevHash = anchor.anchorHash
      let expected = anchor.anchorSeq + 1
      let count = 0
      for (;;) {
        const rows = await repo.pageAfter(db, expected - 1, 1000)
        if (rows.length === 0) break
        for (const r of rows) {
          if (r.seq !== expected)
            return { ok: false, entries: count, firstBad: expected, problem: `entry #${expected} is missing (deleted)` }
          if (r.prevHash !== prevHash)
            return { ok: false, entries: count, firstBad: r.seq, problem: `entry #${r.seq} does not link to the previous entry` }
          if (rowHash(prevHash, r) !== r.hash) return { ok: false, entries: count, firstBad: r.seq, problem: `entry #${r.seq} was altered` }
          prevHash = r.hash
          expected++
          count++
        }
      }
      const h = await repo.head(db)
      if (h.seq !== expected - 1 || h.hash !== prevHash) {
        return {
          ok: false,
          entries: count,
          firstBad: expected,
          problem: `entries after #${expected - 1} are missing (chain head is #${h.seq})`,
        }
      }
      return { ok: true, entries: count }
    },

    /**
     * Retention: delete entries older than `before` from the start of the chain only, and keep the
     * last deleted entry's hash as the new anchor, so the rest still verifies (docs/retention.md).
     */
    async purgeBefore(before: string): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const h = await repo.lockHead(trx, dialect)
        const last = await trx
          .selectFrom('auditLog')
          .select(['seq', 'hash'])
          .where('at', '<', before)
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst()
        if (!last) return 0
        const r = await trx.deleteFrom('auditLog').where('seq', '<=', last.seq).executeTakeFirst()
        await trx.updateTable('auditHead').set({ anchorSeq: last.seq, anchorHash: last.hash }).where('id', '=', 1).execute()
        void h
        return Number(r.numDeletedRows)
      })
    },
    search: (f: repo.AuditFilter, limit = 50) => repo.search(db, f, limit),
    accessesToSubject: (subjectType: string, subjectId: string) => repo.accessesToSubject(db, subjectType, subjectId),
  }
}

export type AuditService = ReturnType<typeof createAuditService>
