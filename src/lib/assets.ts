import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { fileURLToPath } from 'node:url'

/** static/ next to src/ (the portal's own files: CSS and the vendored htmx). */
export const STATIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../static')

interface Asset {
  /** `/static/app.1a2b3c4d5e.css` */
  url: string
  type: string
  body: Buffer
  gzip: Buffer
  br: Buffer
  etag: string
}
const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}
const byName = new Map<string, Asset>()
const byUrl = new Map<string, Asset>()

/**
 * A static file's content-hashed URL (`asset('app.css')` → `/static/app.<hash>.css`): a new version has a new
 * name, so browsers and proxies may keep each one for a year (`immutable`). Read, hashed and compressed (gzip,
 * brotli) once per process.
 */
export function asset(name: string): string {
  return load(name).url
}

function load(name: string): Asset {
  let a = byName.get(name)
  if (a) return a
  const body = fs.readFileSync(path.join(STATIC_DIR, name))
  const hash = crypto.createHash('sha256').update(body).digest('hex').slice(0, 10)
  const ext = path.extname(name)
  const text = ext === '.css' || ext === '.js' || ext === '.svg'
  a = {
    url: `/static/${name.slice(0, -ext.length)}.${hash}${ext}`,
    type: TYPES[ext] ?? 'application/octet-stream',
    body,
    gzip: text ? zlib.gzipSync(body, { level: 9 }) : body,
    br: text ? zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }) : body,
    etag: `"${hash}"`,
  }
  byName.set(name, a)
  byUrl.set(a.url, a)
  return a
}

/** The asset a hashed URL names, or undefined (an unknown or outdated hash: served by the plain static handler). */
export function hashedAsset(url: string): (Asset & { compressible: boolean }) | undefined {
  const m = /^\/static\/([a-z0-9][a-z0-9_/-]*(?:\.[a-z0-9_-]+)*)\.([0-9a-f]{10})(\.[a-z0-9]+)$/i.exec(url)
  if (!m || m[1].includes('..') || m[1].includes('//')) return undefined
  try {
    const a = load(`${m[1]}${m[3]}`)
    return a.url === url ? { ...a, compressible: a.gzip !== a.body } : undefined
  } catch {
    return undefined
  }
}
