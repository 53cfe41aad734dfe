import crypto from 'node:crypto'

/**
 * The keyed chain's arithmetic, kept pure so it can be tested and mutated on its own.
 * rowMac   = kid ":" HMAC-SHA256(key, "row\n" + JSON of every data column, the row id included)
 * chainMac = kid ":" HMAC-SHA256(key, "chain\n" + previous chainMac + "\n" + position + "\n" + rowMac)
 * The key id prefix lets rows MAC'd under an earlier key still verify after a rotation.
 */
export const GENESIS_MAC = '0'.repeat(64)

export interface MacKeys {
  currentId: string
  byId: ReadonlyMap<string, Buffer>
}

/** Every column of a row that carries meaning; all of them go into the row MAC. */
export interface MacFields {
  seq: number
  at: string
  actorType: string
  actorId: string | null
  actorRole: string | null
  action: string
  subjectType: string | null
  subjectId: string | null
  purpose: string | null
  detail: string | null
  ip: string | null
  userAgent: string | null
  requestId: string | null
}

export function canonicalRow(r: MacFields): string {
  return JSON.stringify([
    r.seq,
    r.at,
    r.actorType,
    r.actorId,
    r.actorRole,
    r.action,
    r.subjectType,
    r.subjectId,
    r.purpose,
    r.detail,
    r.ip,
    r.userAgent,
    r.requestId,
  ])
}

function mac(keys: MacKeys, kid: string, message: string): string | null {
  const key = keys.byId.get(kid)
  if (!key) return null
  return `${kid}:${crypto.createHmac('sha256', key).update(message).digest('hex')}`
}

/** The key id: the text before the first colon (a value without one names no key it could match: its MAC would be longer). */
function kidOf(value: string): string {
  return value.split(':')[0]
}

function sameMac(expected: string | null, actual: string): boolean {
  if (expected === null || expected.length !== actual.length) return false
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(actual))
}

export function rowMac(keys: MacKeys, r: MacFields): string {
  return mac(keys, keys.currentId, `row\n${canonicalRow(r)}`)!
}

export function chainMac(keys: MacKeys, prev: string, position: number, row: string): string {
  return mac(keys, keys.currentId, `chain\n${prev}\n${position}\n${row}`)!
}

/** Checks a stored row MAC under the key it names; false for a missing MAC or an unknown key. */
export function rowMacValid(keys: MacKeys, r: MacFields & { rowMac: string | null }): boolean {
  if (r.rowMac === null) return false
  return sameMac(mac(keys, kidOf(r.rowMac), `row\n${canonicalRow(r)}`), r.rowMac)
}

export function chainMacValid(keys: MacKeys, prev: string, position: number, row: string, stored: string): boolean {
  return sameMac(mac(keys, kidOf(stored), `chain\n${prev}\n${position}\n${row}`), stored)
}
