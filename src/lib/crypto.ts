import crypto from 'node:crypto'

/**
 * Field encryption, blind indexes and token signing keys, all derived from APP_KEY with HKDF
 * so one secret is configured and each purpose gets an independent key.
 *
 * Ciphertext format: `v1.<kid>.<iv>.<ciphertext+tag>` (base64url parts). `kid` names the
 * APP_KEY that encrypted it, so after rotation (APP_KEY = new, APP_KEY_PREVIOUS = old) old
 * values still decrypt and `npm run admin -- keys:rotate` re-encrypts them.
 * Blind index: HMAC-SHA256 over a normalised value with a key derived from the *current* key
 * id's index secret — rotation recomputes them as it re-encrypts.
 */
export interface FieldCrypto {
  encrypt(plain: string): string
  decrypt(box: string): string
  blindIndex(kind: string, value: string): string
  keyIdOf(box: string): string
  currentKeyId: string
  tokenKey: Uint8Array
  hmac(purpose: string, value: string): string
}

function hkdf(key: Buffer, info: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', key, Buffer.alloc(0), info, 32))
}

export function keyId(key: Buffer): string {
  return crypto.createHash('sha256').update(key).digest('hex').slice(0, 8)
}

export function createFieldCrypto(appKey: Buffer, previous: Buffer[] = []): FieldCrypto {
  const keys = new Map<string, Buffer>()
  for (const k of [appKey, ...previous]) keys.set(keyId(k), hkdf(k, 'talent-hall/field-encryption/v1'))
  const currentKeyId = keyId(appKey)
  const indexKey = hkdf(appKey, 'talent-hall/blind-index/v1')
  const macKey = hkdf(appKey, 'talent-hall/hmac/v1')
  const tokenKey = new Uint8Array(hkdf(appKey, 'talent-hall/session-token/v1'))

  return {
    currentKeyId,
    tokenKey,
    encrypt(plain) {
      const iv = crypto.randomBytes(12)
      const cipher = crypto.createCipheriv('aes-256-gcm', keys.get(currentKeyId)!, iv)
      cipher.setAAD(Buffer.from(currentKeyId))
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()])
      return `v1.${currentKeyId}.${iv.toString('base64url')}.${ct.toString('base64url')}`
    },
    decrypt(box) {
      const [v, kid, ivs, cts] = box.split('.')
      if (v !== 'v1' || !kid || !ivs || !cts) throw new Error('malformed ciphertext')
      const key = keys.get(kid)
      if (!key) throw new Error(`no key for key id ${kid}`)
      const ct = Buffer.from(cts, 'base64url')
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(ivs, 'base64url'))
      decipher.setAAD(Buffer.from(kid))
      decipher.setAuthTag(ct.subarray(ct.length - 16))
      return Buffer.concat([decipher.update(ct.subarray(0, ct.length - 16)), decipher.final()]).toString('utf8')
    },
    keyIdOf(box) {
      return box.split('.')[1] ?? ''
    },
    blindIndex(kind, value) {
      return crypto.createHmac('sha256', indexKey).update(`${kind}\u0000${value.trim().toUpperCase()}`).digest('hex')
    },
    hmac(purpose, value) {
      return crypto.createHmac('sha256', macKey).update(`${purpose}\u0000${value}`).digest('base64url')
    },
  }
}

/**
 * What key rotation does to one ciphertext (identity/keys.ts rotateKeys): `stale` says it is not under
 * the current key, `re` re-encrypts a stale one under it and leaves anything else as it is.
 */
export interface KeyRotation {
  stale: (box: string | null) => boolean
  re: <T extends string | null>(box: T) => T
}
export function keyRotation(crypto: FieldCrypto): KeyRotation {
  const stale = (box: string | null) => !!box && crypto.keyIdOf(box) !== crypto.currentKeyId
  return { stale, re: <T extends string | null>(box: T): T => (box && stale(box) ? (crypto.encrypt(crypto.decrypt(box)) as T) : box) }
}

export function randomToken(bytes = 24): string {
  return crypto.randomBytes(bytes).toString('base64url')
}

export function sha256Hex(s: string | Buffer): string {
  return crypto.createHash('sha256').update(s).digest('hex')
}

export function timingSafeEqualStr(a: string, b: string): boolean {
  const ab = Buffer.from(a)
  const bb = Buffer.from(b)
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb)
}

/** Six-digit one-time code from a CSPRNG. */
export function sixDigitCode(): string {
  return crypto.randomInt(0, 1_000_000).toString().padStart(6, '0')
}

/** scrypt password hashing: `scrypt$N$r$p$salt$hash`. */
const SCRYPT = { N: 16384, r: 8, p: 1 }
export function hashPassword(password: string): string {
  const salt = crypto.randomBytes(16)
  const hash = crypto.scryptSync(password, salt, 32, SCRYPT)
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`
}

export function verifyPassword(password: string, stored: string): boolean {
  const [alg, n, r, p, salt, hash] = stored.split('$')
  if (alg !== 'scrypt') return false
  const expected = Buffer.from(hash, 'base64url')
  const actual = crypto.scryptSync(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p) })
  return crypto.timingSafeEqual(expected, actual)
}

/** Masks for display. */
export function maskIdNumber(v: string): string {
  return v.length < 8 ? '****' : `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}`
}
export function maskBankAccount(v: string): string {
  return `**** **** **** ${v.slice(-4)}`
}
export function maskPhone(v: string): string {
  return v.length === 11 ? `${v.slice(0, 3)}****${v.slice(-4)}` : '****'
}
