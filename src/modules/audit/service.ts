import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Dialect } from '../../db/connect.js'
import type { Clock } from '../../lib/clock.js'
import type { Logger } from '../../lib/logger.js'
import { toTimestamp } from '../../db/time.js'
import { scrub } from '../../lib/logger.js'
import * as repo from './repository.js'
import type { AuditAction } from './events.js'
import { chainMac, rowMac, rowMacValid } from './chain.js'
import type { AuditKeys } from './keys.js'
import { createCheckpointStore, type Checkpoint } from './checkpoints.js'
import { verifyChain, type VerifyResult } from './verify.js'

export type { VerifyResult } from './verify.js'

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

/** Rows sealed per transaction: the head lock is held for one short batch (docs/decisions/0141). */
const SEAL_BATCH = 200
/** After a write, the sealer runs this soon on this node (coalesced), so rows sit unsealed for milliseconds. */
const SEAL_DELAY_MS = 20

export function createAuditService(deps: {
  db: Kysely<Database>
  dialect: Dialect
  clock: Clock
  logger: Logger
  keys: AuditKeys
  checkpointDir: string
  /** Rows per sealing transaction (default SEAL_BATCH; tests use small ones to cross batch boundaries). */
  sealBatch?: number
}) {
  const { db, dialect, clock, logger, keys } = deps
  const batch = deps.sealBatch ?? SEAL_BATCH
  const store = createCheckpointStore(deps.checkpointDir, keys.signing)
  let timer: NodeJS.Timeout | null = null
  let sealing: Promise<unknown> = Promise.resolve()
  let stopped = false
  let lastCheckpoint = ''

  /** The business transaction's part: one insert and one update of its own row; no shared row. */
  async function insertIn(trx: Kysely<Database> | Transaction<Database>, ctx: AuditContext, e: AuditEvent) {
    const row = {
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
    const seq = await repo.insertRow(trx, { ...row, rowMac: null, position: null, chainMac: null })
    await repo.setRowMac(trx, seq, rowMac(keys.mac, { ...row, seq }))
  }

  /** One sealing transaction: lock the head, chain up to `batch` unsealed rows after `afterSeq`. */
  async function sealBatch(afterSeq: number) {
    return db.transaction().execute(async (trx) => {
      const h = await repo.lockHead(trx, dialect)
      if (!h) throw new Error('the audit chain head row (audit_head) is missing')
      const rows = await repo.unsealed(trx, afterSeq, batch)
      let position = h.position
      let prev = h.mac
      let refused = 0
      for (const r of rows) {
        const legacy = r.rowMac === null && r.seq <= h.legacySeq
        if (!legacy && !rowMacValid(keys.mac, r)) {
          refused++
          continue
        }
        const rm = legacy ? rowMac(keys.mac, r) : r.rowMac!
        position++
        prev = chainMac(keys.mac, prev, position, rm)
        await repo.seal(trx, r.seq, position, rm, prev)
      }
      const coveredLegacy = h.legacySeq > 0 && (rows.length < batch || rows[rows.length - 1].seq >= h.legacySeq)
      if (position !== h.position || coveredLegacy)
        await repo.setHead(trx, { position, mac: prev, ...(coveredLegacy ? { legacySeq: 0 } : {}) })
      return { sealed: position - h.position, refused, lastSeq: rows.at(-1)?.seq ?? afterSeq, full: rows.length === batch }
    })
  }

  /** Chains every row committed so far. Rows whose MAC does not verify are left out (verify reports them). */
  async function sealAll(): Promise<{ sealed: number; refused: number }> {
    let sealed = 0
    let refused = 0
    for (let after = 0; ;) {
      const r = await withRetry(() => sealBatch(after))
      sealed += r.sealed
      refused += r.refused
      after = r.lastSeq
      if (!r.full) break
    }
    if (refused) logger.warn({ refused }, 'audit rows with an invalid MAC left out of the chain')
    return { sealed, refused }
  }

  /** Serialises this node's sealing runs (other nodes are serialised by the head lock). */
  function seal() {
    const run = sealing.then(sealAll, sealAll)
    sealing = run.catch(() => undefined)
    return run
  }

  function sealSoon() {
    if (timer || stopped) return
    timer = setTimeout(() => {
      timer = null
      seal().catch((e: Error) => logger.debug({ err: e.message }, 'audit sealing deferred'))
    }, SEAL_DELAY_MS)
    timer.unref()
  }

  async function checkpoint(kind: Checkpoint['kind'], position: number, mac: string) {
    const c: Checkpoint = { kind, position, mac, at: toTimestamp(clock.now()) }
    return { ...c, file: await store.write(c) }
  }

  async function headOrThrow() {
    const h = await repo.head(db)
    if (!h) throw new Error('the audit chain head row (audit_head) is missing')
    return h
  }

  return {
    /**
     * Append one event. Pass the caller's transaction so the event commits (or not) with the change;
     * without one, it gets its own. The row joins the chain a moment later (sealer).
     */
    async record(trx: Transaction<Database> | null, ctx: AuditContext, e: AuditEvent): Promise<void> {
      if (trx) await insertIn(trx, ctx, e)
      else await db.transaction().execute((t) => insertIn(t, ctx, e))
      sealSoon()
    },

    seal,

    /** Seals, then checks every row against its MAC, the chain and every signed checkpoint. */
    async verify(): Promise<VerifyResult> {
      const before = await repo.head(db)
      if (before) await seal()
      const h = await repo.head(db)
      return verifyChain(db, keys.mac, h, await store.readAll(), h?.legacySeq ?? 0)
    },

    /** Signs the current head into a checkpoint file (`audit:checkpoint`, and the periodic task). */
    async checkpoint() {
      await seal()
      const h = await headOrThrow()
      lastCheckpoint = `${h.position}:${h.mac}`
      return checkpoint('head', h.position, h.mac)
    },

    /** The periodic task: a checkpoint only when the head moved since this node's last one. */
    async checkpointIfMoved() {
      await seal()
      const h = await headOrThrow()
      if (lastCheckpoint === `${h.position}:${h.mac}`) return null
      lastCheckpoint = `${h.position}:${h.mac}`
      return checkpoint('head', h.position, h.mac)
    },

    /**
     * Retention: delete sealed entries older than `before` from the start of the chain. The last
     * deleted entry becomes the anchor, and a signed `anchor` checkpoint is written first, so the
     * moved anchor is provable and any other move of it is not (docs/retention.md).
     */
    async purgeBefore(before: string): Promise<number> {
      await seal()
      const h = await headOrThrow()
      const last = await repo.lastSealedBefore(db, before)
      if (!last || last.position! <= h.anchorPosition) return 0
      await checkpoint('anchor', last.position!, last.chainMac!)
      return db.transaction().execute(async (trx) => {
        await repo.lockHead(trx, dialect)
        const n = await repo.deleteThrough(trx, last.position!)
        await repo.setHead(trx, { anchorPosition: last.position!, anchorMac: last.chainMac! })
        return n
      })
    },

    /** Stops the after-write sealer timer and waits for a running seal (shutdown, tests). */
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
      await sealing
    },

    checkpointDir: store.dir,
    search: (f: repo.AuditFilter, limit = 50) => repo.search(db, f, limit),
    accessesToSubject: (subjectType: string, subjectId: string) => repo.accessesToSubject(db, subjectType, subjectId),
  }
}

/** Serialisation failures (1213 deadlock / Galera certification, 1205 lock wait, SQLite busy): try again, briefly. */
export function isConflict(e: unknown): boolean {
  const err = e as { errno?: number; code?: string }
  return err?.errno === 1213 || err?.errno === 1205 || err?.code === 'SQLITE_BUSY'
}

export async function withRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn()
    } catch (e) {
      if (i >= attempts || !isConflict(e)) throw e
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 20))
    }
  }
}

export type AuditService = ReturnType<typeof createAuditService>
