import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { FieldCrypto } from '../../lib/crypto.js'

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
  const stale = (box: string | null) => !!box && crypto.keyIdOf(box) !== crypto.currentKeyId
  const re = (box: string | null) => (box && stale(box) ? crypto.encrypt(crypto.decrypt(box)) : box)
  let users = 0
  for (const u of await db.selectFrom('users').select(['id', 'idNumberEnc', 'bankAccountEnc', 'idNumberBidx']).execute()) {
    const id = u.idNumberEnc ? crypto.decrypt(u.idNumberEnc) : null
    const bidx = id ? crypto.blindIndex('id_number', id) : null
    if (!stale(u.idNumberEnc) && !stale(u.bankAccountEnc) && bidx === u.idNumberBidx) continue
    await db
      .updateTable('users')
      .set({ idNumberEnc: re(u.idNumberEnc), bankAccountEnc: re(u.bankAccountEnc), idNumberBidx: bidx })
      .where('id', '=', u.id)
      .execute()
    users++
  }
  let enterprises = 0
  for (const e of await db.selectFrom('enterprises').select(['id', 'legalRepIdEnc', 'legalRepIdBidx']).execute()) {
    const bidx = crypto.blindIndex('id_number', crypto.decrypt(e.legalRepIdEnc))
    if (!stale(e.legalRepIdEnc) && bidx === e.legalRepIdBidx) continue
    await db
      .updateTable('enterprises')
      .set({ legalRepIdEnc: re(e.legalRepIdEnc)!, legalRepIdBidx: bidx })
      .where('id', '=', e.id)
      .execute()
    enterprises++
  }
  let staff = 0
  for (const s of await db.selectFrom('staff').select(['id', 'totpSecretEnc']).where('totpSecretEnc', 'is not', null).execute()) {
    if (!stale(s.totpSecretEnc)) continue
    await db
      .updateTable('staff')
      .set({ totpSecretEnc: re(s.totpSecretEnc) })
      .where('id', '=', s.id)
      .execute()
    staff++
  }
  let other = 0
  for (const c of await db.selectFrom('correctionRequests').select(['id', 'newValueEnc']).execute()) {
    if (!stale(c.newValueEnc)) continue
    await db
      .updateTable('correctionRequests')
      .set({ newValueEnc: re(c.newValueEnc)! })
      .where('id', '=', c.id)
      .execute()
    other++
  }
  for (const c of await db.selectFrom('closureRequests').select(['id', 'contactEnc']).where('contactEnc', 'is not', null).execute()) {
    if (!stale(c.contactEnc)) continue
    await db
      .updateTable('closureRequests')
      .set({ contactEnc: re(c.contactEnc) })
      .where('id', '=', c.id)
      .execute()
    other++
  }
  // Subsidy payee accounts confirmed at submission (issue 16 item 4).
  for (const a of await db
    .selectFrom('applications')
    .select(['id', 'payeeAccountEnc'])
    .where('payeeAccountEnc', 'is not', null)
    .execute()) {
    if (!stale(a.payeeAccountEnc)) continue
    await db
      .updateTable('applications')
      .set({ payeeAccountEnc: re(a.payeeAccountEnc) })
      .where('id', '=', a.id)
      .execute()
    other++
  }
  return { users, enterprises, staff, other }
}
