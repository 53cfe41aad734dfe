import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import * as repo from './repository.js'
import { GENESIS_MAC, chainMacValid, rowMacValid, type MacKeys } from './chain.js'
import type { CheckpointReadout, StoredCheckpoint } from './checkpoints.js'
import type { AuditHead } from './table.js'

export type VerifyResult = { ok: true; entries: number } | { ok: false; entries: number; firstBad: number; problem: string }

const PAGE = 1000

/**
 * Walks the sealed chain from the anchor and holds it against the signed checkpoints
 * (docs/decisions/0140): an edited row fails its row MAC, a deleted or reordered one its position
 * or chain MAC, a rewound head or moved anchor the checkpoints. Run after sealing; rows still
 * unsealed then must carry a valid row MAC (they were committed meanwhile) or they are forged.
 */
export async function verifyChain(
  db: Kysely<Database>,
  keys: MacKeys,
  head: AuditHead | undefined,
  readout: CheckpointReadout,
  legacySeq: number,
  page = PAGE,
): Promise<VerifyResult> {
  const fail = (entries: number, firstBad: number, problem: string): VerifyResult => ({ ok: false, entries, firstBad, problem })
  if (!head) return fail(0, 0, 'the chain head row (audit_head) is missing')
  if (readout.invalid.length) {
    const bad = readout.invalid[0]
    return fail(0, 0, `checkpoint ${bad.file} ${bad.problem}`)
  }
  const anchor = { position: head.anchorPosition, mac: head.anchorMac }
  if (anchor.position === 0 ? anchor.mac !== GENESIS_MAC : !anchorProven(readout.checkpoints, anchor))
    return fail(0, anchor.position, `entries up to #${anchor.position} were removed: no signed retention checkpoint proves that anchor`)

  const byPosition = new Map<number, StoredCheckpoint[]>()
  for (const c of readout.checkpoints) {
    if (c.position < anchor.position) continue // purged by retention, behind a proven anchor
    if (c.position === anchor.position && c.mac !== anchor.mac)
      return fail(0, anchor.position, `the anchor #${anchor.position} differs from checkpoint ${c.file}`)
    byPosition.set(c.position, [...(byPosition.get(c.position) ?? []), c])
  }

  let prev = anchor.mac
  let expected = anchor.position + 1
  let count = 0
  for (;;) {
    const rows = await repo.sealedFrom(db, expected, page)
    for (const r of rows) {
      const n = expected
      if (r.position !== n) return fail(count, n, `entry #${n} is missing (deleted)`)
      if (!rowMacValid(keys, r)) return fail(count, n, `entry #${n} (row ${r.seq}) was altered: its MAC does not match its content`)
      if (!chainMacValid(keys, prev, n, r.rowMac!, r.chainMac ?? ''))
        return fail(count, n, `entry #${n} (row ${r.seq}) does not link to the entry before it`)
      const differs = (byPosition.get(n) ?? []).find((c) => c.mac !== r.chainMac)
      if (differs) return fail(count, n, `entry #${n} (row ${r.seq}) differs from signed checkpoint ${differs.file}`)
      prev = r.chainMac!
      expected++
      count++
    }
    if (rows.length < page) break
  }
  const last = expected - 1
  const beyond = readout.checkpoints.filter((c) => c.position > last).sort((a, b) => b.position - a.position)[0]
  if (beyond)
    return fail(count, expected, `entries #${expected} to #${beyond.position} are missing: signed checkpoint ${beyond.file} saw them`)
  if (head.position !== last || head.mac !== prev)
    return fail(count, expected, `the chain head says #${head.position} but the entries end at #${last}`)

  for (let after = 0; ;) {
    const rows = await repo.unsealed(db, after, page)
    for (const r of rows) {
      const legacy = r.rowMac === null && r.seq <= legacySeq
      if (!legacy && !rowMacValid(keys, r))
        return fail(count, 0, `row ${r.seq} (not yet in the chain) has no valid MAC: written or edited outside the portal`)
      count++
      after = r.seq
    }
    if (rows.length < page) break
  }
  return { ok: true, entries: count }
}

function anchorProven(checkpoints: StoredCheckpoint[], anchor: { position: number; mac: string }): boolean {
  return checkpoints.some((c) => c.kind === 'anchor' && c.position === anchor.position && c.mac === anchor.mac)
}
