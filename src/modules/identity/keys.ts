import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import { keyRotation, type FieldCrypto } from '../../lib/crypto.js'
import * as repo from './repository.js'
import { rotatePrivacyKeys } from '../privacy/keys.js'
import { rotateApplicationKeys } from '../applications/keys.js'

/**
 * Key rotation (docs/decisions/0010-key-rotation.md): start with APP_KEY = new key and
 * APP_KEY_PREVIOUS = old key(s), run `npm run admin -- keys:rotate`, then drop APP_KEY_PREVIOUS.
 * Every ciphertext not under the current key id is re-encrypted; blind indexes are recomputed
 * (they are keyed by the current key). Idempotent and resumable: rows already done are skipped.
 */
export async function rotateKeys(
  db: Kysely<Database>,
  crypto: FieldCrypto,
): Promise<{ users: number; enterprises: number; staff: number; other: number }> {
  // Each module re-encrypts its own tables through its own repository.
  const rot = keyRotation(crypto)
  const own = await repo.rotateCiphertexts(db, crypto, rot)
  const other = (await rotatePrivacyKeys(db, rot)) + (await rotateApplicationKeys(db, rot))
  return { ...own, other }
}
