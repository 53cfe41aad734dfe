import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { FieldCrypto } from '../../lib/crypto.js'
import * as repo from './repository.js'

/**
 * `keys:rotate` for certificates: the holders' names and the signing keys' private JWKs re-encrypted under the
 * current APP_KEY — a signing key left under the old one could not sign once APP_KEY_PREVIOUS is dropped.
 */
export async function rotateCertificateKeys(db: Kysely<Database>, crypto: FieldCrypto) {
  const stale = (box: string) => crypto.keyIdOf(box) !== crypto.currentKeyId
  let holders = 0
  for (const c of await repo.encryptedHolders(db)) {
    if (!c.holderNameEnc || !stale(c.holderNameEnc)) continue
    await repo.setHolderEnc(db, c.id, crypto.encrypt(crypto.decrypt(c.holderNameEnc)))
    holders++
  }
  let signingKeys = 0
  for (const k of await repo.allKeys(db)) {
    if (!stale(k.privateEnc)) continue
    await repo.setPrivateEnc(db, k.kid, crypto.encrypt(crypto.decrypt(k.privateEnc)))
    signingKeys++
  }
  return { holders, signingKeys }
}
