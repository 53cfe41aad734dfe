import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'

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

/** Uploaded files on disk under DATA_DIR/uploads, named by a random key (never by user input). */
export function createFileStore(dir: string) {
  return {
    save(buf: Uint8Array): { storageKey: string; sha256: string } {
      fs.mkdirSync(dir, { recursive: true })
      const storageKey = crypto.randomBytes(16).toString('hex')
      fs.writeFileSync(path.join(dir, storageKey), buf)
      return { storageKey, sha256: crypto.createHash('sha256').update(buf).digest('hex') }
    },
    read(storageKey: string): Buffer {
      if (!/^[a-f0-9]{32}$/.test(storageKey)) throw new Error('bad storage key')
      return fs.readFileSync(path.join(dir, storageKey))
    },
    remove(storageKey: string) {
      if (/^[a-f0-9]{32}$/.test(storageKey)) fs.rmSync(path.join(dir, storageKey), { force: true })
    },
  }
}
export type FileStore = ReturnType<typeof createFileStore>
