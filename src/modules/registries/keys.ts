import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { FieldCrypto } from '../../lib/crypto.js'
import * as repo from './repository.js'
import { isRegistrySource } from './schemas.js'

const indexKind = (source: string) => `registry:${source === 'enterprise' ? 'uscc' : 'id_number'}`

/**
 * `keys:rotate` for the registries (decision 0010): records and the look-up ledger re-encrypted under the
 * current key, and each record's blind index recomputed from its encrypted key — without that the development
 * registries would find nobody once APP_KEY_PREVIOUS is dropped. Idempotent: rows already current are skipped.
 * A record from before keys were kept (key_enc null) cannot be re-indexed; it is re-encrypted and counted apart.
 */
export async function rotateRegistryKeys(db: Kysely<Database>, crypto: FieldCrypto) {
  const stale = (box: string | null) => !!box && crypto.keyIdOf(box) !== crypto.currentKeyId
  const re = (box: string) => (stale(box) ? crypto.encrypt(crypto.decrypt(box)) : box)
  let records = 0
  let unindexable = 0
  for (const r of await repo.allRecords(db)) {
    const key = r.keyEnc ? crypto.decrypt(r.keyEnc) : null
    const bidx = key && isRegistrySource(r.source) ? crypto.blindIndex(indexKind(r.source), key) : r.keyBidx
    if (!key) unindexable++
    if (!stale(r.keyEnc) && !stale(r.dataEnc) && bidx === r.keyBidx) continue
    await repo.updateRecordKeys(db, r.id, { keyBidx: bidx, keyEnc: r.keyEnc && re(r.keyEnc), dataEnc: re(r.dataEnc) })
    records++
  }
  let lookups = 0
  for (const l of await repo.lookupsWithData(db)) {
    if (!l.dataEnc || !stale(l.dataEnc)) continue
    await repo.updateLookupData(db, l.id, re(l.dataEnc))
    lookups++
  }
  return { records, lookups, unindexable }
}
