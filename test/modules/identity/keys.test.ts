import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, TEST_APP_KEY, type TestContext } from '../../support/context.js'
import { citizen } from '../../support/fixtures.js'
import { createFieldCrypto } from '../../../src/lib/crypto.js'
import { rotateKeys } from '../../../src/modules/identity/keys.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

describe('key rotation', () => {
  it('re-encrypts under the new key and recomputes blind indexes; the old key is then not needed', async () => {
    const a = await citizen(ctx)
    const oldKey = Buffer.from(TEST_APP_KEY, 'base64')
    const newKey = Buffer.alloc(32, 9)
    const during = createFieldCrypto(newKey, [oldKey])
    const r = await rotateKeys(ctx.deps.db, during)
    expect(r.users).toBeGreaterThanOrEqual(1)
    expect(await rotateKeys(ctx.deps.db, during)).toEqual({ users: 0, enterprises: 0, staff: 0, other: 0 })
    const after = createFieldCrypto(newKey)
    const u = await ctx.deps.db.selectFrom('users').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow()
    expect(after.decrypt(u.idNumberEnc!)).toBe(a.idNumber)
    expect(after.decrypt(u.bankAccountEnc!)).toBe(a.bankAccount)
    expect(u.idNumberBidx).toBe(after.blindIndex('id_number', a.idNumber))
    expect(() => createFieldCrypto(oldKey).decrypt(u.idNumberEnc!)).toThrow()
  })
})
