import fs from 'node:fs/promises'
import path from 'node:path'
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose'
import type { AuditKeys } from './keys.js'

/**
 * Signed checkpoints of the chain head, one JSON file each, outside the database
 * (AUDIT_CHECKPOINT_DIR, default DATA_DIR/audit-checkpoints). The readable fields repeat what the
 * Ed25519 JWS in `signature` says; verification trusts only the signed payload and rejects a file
 * whose readable fields differ from it. `kind` is `head` (periodic or `audit:checkpoint`) or
 * `anchor` (written by the retention purge before it deletes: the only proof a moved anchor can have).
 */
export type CheckpointKind = 'head' | 'anchor'
export interface Checkpoint {
  kind: CheckpointKind
  position: number
  mac: string
  at: string
}
export interface StoredCheckpoint extends Checkpoint {
  file: string
}
export interface CheckpointReadout {
  checkpoints: StoredCheckpoint[]
  /** Files that are not a validly signed checkpoint, with the reason. */
  invalid: { file: string; problem: string }[]
}

const enc = new TextEncoder()
const dec = new TextDecoder()

function checkpointFileName(c: Checkpoint): string {
  return `${String(c.position).padStart(12, '0')}-${c.kind}-${c.at.replace(/[-:.]/g, '')}.json`
}

export function createCheckpointStore(dir: string, signing: AuditKeys['signing']) {
  async function parse(file: string): Promise<StoredCheckpoint | string> {
    let doc: Record<string, unknown>
    try {
      doc = JSON.parse(await fs.readFile(path.join(dir, file), 'utf8')) as Record<string, unknown>
    } catch {
      return 'is not readable JSON'
    }
    // (jose would read an object as a flattened JWS: only the compact string form is a checkpoint's signature)
    if (typeof doc.signature !== 'string') return 'has no signature'
    const jws = doc.signature
    let kid: unknown
    try {
      kid = decodeProtectedHeader(jws).kid
    } catch {
      return 'has no signature'
    }
    if (kid !== signing.kid) return `is signed by an unknown key (${String(kid)})`
    let payload: Checkpoint
    try {
      payload = JSON.parse(dec.decode((await compactVerify(jws, signing.publicKey, { algorithms: ['EdDSA'] })).payload)) as Checkpoint
    } catch {
      return 'has a signature that does not verify'
    }
    for (const k of ['kind', 'position', 'mac', 'at'] as const)
      if (doc[k] !== payload[k]) return `says ${k} ${JSON.stringify(doc[k])} but its signature says ${JSON.stringify(payload[k])}`
    return { kind: payload.kind, position: payload.position, mac: payload.mac, at: payload.at, file }
  }

  return {
    dir,
    async write(c: Checkpoint): Promise<string> {
      const payload: Checkpoint = { kind: c.kind, position: c.position, mac: c.mac, at: c.at }
      const signature = await new CompactSign(enc.encode(JSON.stringify(payload)))
        .setProtectedHeader({ alg: 'EdDSA', kid: signing.kid })
        .sign(signing.privateKey)
      await fs.mkdir(dir, { recursive: true })
      const file = path.join(dir, checkpointFileName(c))
      const tmp = `${file}.${process.pid}.tmp`
      await fs.writeFile(tmp, JSON.stringify({ ...payload, kid: signing.kid, signature }, null, 2) + '\n', { mode: 0o644 })
      await fs.rename(tmp, file)
      return file
    },

    async readAll(): Promise<CheckpointReadout> {
      let names: string[]
      try {
        names = (await fs.readdir(dir)).filter((n) => n.endsWith('.json')).sort()
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { checkpoints: [], invalid: [] }
        throw e
      }
      const out: CheckpointReadout = { checkpoints: [], invalid: [] }
      for (const file of names) {
        const r = await parse(file)
        if (typeof r === 'string') out.invalid.push({ file, problem: r })
        else out.checkpoints.push(r)
      }
      return out
    },
  }
}

export type CheckpointStore = ReturnType<typeof createCheckpointStore>
