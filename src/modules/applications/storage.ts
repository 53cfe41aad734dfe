import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import * as repo from './repository.js'

export const MAX_FILE_BYTES = 10 * 1024 * 1024
export const ALLOWED = { 'application/pdf': 'PDF', 'image/jpeg': 'JPG', 'image/png': 'PNG' } as const

/** The file type from its first bytes — never from the name or the browser's claim. */
export function sniffMime(buf: Uint8Array): keyof typeof ALLOWED | null {
  if (buf.length >= 5 && Buffer.from(buf.subarray(0, 5)).toString('latin1') === '%PDF-') return 'application/pdf'
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg'
  if (buf.length >= 8 && Buffer.from(buf.subarray(0, 8)).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png'
  return null
}

/** Extension of each accepted type: the only extension a stored or served name may end in. */
export const EXTENSION: Record<keyof typeof ALLOWED, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' }

/**
 * The name an upload is stored and served under (issue 16 item 9; docs/decisions/0164-upload-names.md):
 * the person's base name without any extension they gave (`学位证.pdf.hta` → `学位证`), without path,
 * control or bidi-override characters, then the extension of the type detected from the bytes.
 * Applied again when serving, so names stored before this rule are served safely too.
 */
export function safeFilename(name: string, mime: string, fallback = 'file'): string {
  const ext = EXTENSION[mime as keyof typeof EXTENSION] ?? 'bin'
  let base = (name.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}<>:"|?*]/gu, '')
    .trim()
  // Drop every extension-like tail (".pdf.hta", ". exe ", "..."), whatever it claims to be.
  for (let prev = ''; prev !== base;) {
    prev = base
    base = base.replace(/\.[^.]{0,10}$/u, '').replace(/[.\s]+$/u, '')
  }
  base = base.replace(/^[.\s]+/u, '').slice(0, 100) || fallback
  return `${base}.${ext}`
}

/** One chunk row: small enough for any max_allowed_packet and replication write-set (decision 0131). */
export const CHUNK_BYTES = 256 * 1024

type Conn = Kysely<Database> | Transaction<Database>

async function writeChunks(trx: Conn, storageKey: string, bytes: Buffer) {
  for (let chunk = 0, at = 0; at < bytes.length || chunk === 0; chunk++, at += CHUNK_BYTES)
    await repo.insertBlobChunk(trx, { storageKey, chunk, bytes: bytes.subarray(at, at + CHUNK_BYTES) })
}

/**
 * Uploaded files in the database (table attachment_blobs, decision 0131), named by a random key (never
 * by user input). Saving and removing take the caller's transaction, so a file exists exactly when its
 * attachment row does — on every node, and with nothing to clean up when a transaction is retried.
 */
export function createFileStore() {
  return {
    async save(trx: Conn, buf: Uint8Array): Promise<{ storageKey: string; sha256: string }> {
      const storageKey = crypto.randomBytes(16).toString('hex')
      const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)
      await writeChunks(trx, storageKey, bytes)
      return { storageKey, sha256: crypto.createHash('sha256').update(bytes).digest('hex') }
    },
    async read(db: Conn, storageKey: string): Promise<Buffer> {
      const rows = await repo.blobChunks(db, storageKey)
      if (!rows.length) throw new Error('attachment bytes missing')
      return Buffer.concat(rows.map((r) => Buffer.from(r.bytes)))
    },
    async remove(trx: Conn, storageKeys: string[]) {
      await repo.deleteBlobs(trx, storageKeys)
    },
    /** Is there a stored file under this key? (the import of files from an older, disk-based install) */
    async has(db: Conn, storageKey: string) {
      return repo.hasBlob(db, storageKey)
    },
  }
}
export type FileStore = ReturnType<typeof createFileStore>

/**
 * One-time move of an older, disk-based install's files (DATA_DIR/uploads/<key>) into the database,
 * run on the node that holds them: every attachment row whose bytes are not stored yet gets them, if
 * the file is there and its SHA-256 matches the row. Idempotent; the files are left for the operator.
 */
export async function importFilesFromDirectory(db: Kysely<Database>, store: FileStore, dir: string) {
  const rows = await repo.attachmentHashes(db)
  const result = { imported: 0, present: 0, missing: [] as string[], mismatched: [] as string[] }
  for (const r of rows) {
    if (await store.has(db, r.storageKey)) {
      result.present++
      continue
    }
    const file = path.join(dir, r.storageKey)
    if (!/^[a-f0-9]{32}$/.test(r.storageKey) || !fs.existsSync(file)) {
      result.missing.push(r.storageKey)
      continue
    }
    const bytes = fs.readFileSync(file)
    if (crypto.createHash('sha256').update(bytes).digest('hex') !== r.sha256) {
      result.mismatched.push(r.storageKey)
      continue
    }
    await db.transaction().execute((trx) => writeChunks(trx, r.storageKey, bytes))
    result.imported++
  }
  return result
}
