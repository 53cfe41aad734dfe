import {
  CompactSign,
  calculateJwkThumbprint,
  compactVerify,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { FieldCrypto } from '../../lib/crypto.js'
import * as repo from './repository.js'

/**
 * Certificate tokens: a compact JWS (EdDSA, Ed25519) whose payload names the certificate number, issue and
 * expiry; the header carries the key id, so rotated keys keep verifying what they signed. Keys live in the
 * database (private half encrypted under APP_KEY), so every node signs and verifies with the same keys.
 */
export interface TokenClaims {
  n: string
  iat: number
  exp: number
}

const TYP = 'cert+jws'

export async function createKey(db: Kysely<Database> | Transaction<Database>, crypto: FieldCrypto, now: string) {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  const pub = await exportJWK(publicKey)
  const kid = (await calculateJwkThumbprint(pub)).slice(0, 16)
  const priv = await exportJWK(privateKey)
  await repo.insertKey(db, {
    kid,
    publicJwk: JSON.stringify({ ...pub, kid }),
    privateEnc: crypto.encrypt(JSON.stringify(priv)),
    createdAt: now,
    retiredAt: null,
  })
  return kid
}

export async function sign(db: Kysely<Database> | Transaction<Database>, crypto: FieldCrypto, claims: TokenClaims, now: string) {
  let key = await repo.activeKey(db)
  if (!key) {
    await createKey(db, crypto, now)
    key = (await repo.activeKey(db))!
  }
  const priv = await importJWK(JSON.parse(crypto.decrypt(key.privateEnc)) as JWK, 'EdDSA')
  const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: TYP })
    .sign(priv)
  return { token, kid: key.kid }
}

/** The claims of a token we signed, or null for anything else (altered, unknown key, not a JWS). */
export async function verify(db: Kysely<Database>, token: string): Promise<TokenClaims | null> {
  if (token.length > 1024 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return null
  try {
    const header = decodeProtectedHeader(token)
    if (header.alg !== 'EdDSA' || header.typ !== TYP || typeof header.kid !== 'string') return null
    const key = await repo.keyById(db, header.kid)
    if (!key) return null
    const { payload } = await compactVerify(token, await importJWK(JSON.parse(key.publicJwk) as JWK, 'EdDSA'))
    const claims = JSON.parse(new TextDecoder().decode(payload)) as TokenClaims
    return typeof claims.n === 'string' ? claims : null
  } catch {
    return null
  }
}

/** The public keys as a JWKS, so a verifier can check tokens offline. */
export async function publicKeys(db: Kysely<Database>) {
  return { keys: (await repo.allKeys(db)).map((k) => JSON.parse(k.publicJwk) as JWK) }
}
