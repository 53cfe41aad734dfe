import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CompactSign, calculateJwkThumbprint, decodeProtectedHeader, importJWK, type JWK } from 'jose'
import { createTestContext, type TestContext } from '../../support/context.js'
import * as fixtures from '../../support/fixtures.js'
import { SYSTEM_CONTEXT, type AuditContext } from '../../../src/modules/audit/service.js'
import { agentLabel, maskIp, maskName } from '../../../src/modules/certificates/service.js'
import * as signing from '../../../src/modules/certificates/signing.js'

/**
 * The certificate service and its signing called directly (no HTTP): the rules of issue, revocation,
 * verification and share links, for the mutation run of src/modules/certificates (issue 23). The
 * pages and the API stay in certificates.test.ts.
 */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const certs = () => ctx.services.certificates
const HOLDER: AuditContext = { actorType: 'citizen', actorId: '1', actorRole: null, ip: null, userAgent: null, requestId: null }
let seq = 0
async function issued(holderName = '林晓明') {
  const a = await fixtures.citizen(ctx, { realName: holderName })
  const ref = `Rc-2026.12/${String(++seq).padStart(4, '0')}`
  const number = await ctx.deps.db
    .transaction()
    .execute((trx) =>
      certs().issue(trx, SYSTEM_CONTEXT, { applicationRef: ref, userId: a.id, holderName, type: '人才认定证书', category: 'E类' }),
    )
  const row = await ctx.deps.db.selectFrom('certificates').selectAll().where('number', '=', number).executeTakeFirstOrThrow()
  return { a, ref, number, row, token: row.token }
}
const audits = (action: string) =>
  ctx.deps.db
    .selectFrom('auditLog')
    .select(['subjectType', 'subjectId', 'purpose', 'detail'])
    .where('action', '=', action)
    .orderBy('seq')
    .execute()
const verifications = (certificateId: number) =>
  ctx.deps.db.selectFrom('certificateVerifications').selectAll().where('certificateId', '=', certificateId).orderBy('id').execute()
const inSeconds = (iso: string) => Math.floor(new Date(iso).getTime() / 1000)

describe('issue', () => {
  it('numbers the certificate after the case (letters and digits only), valid three years, signed with those claims, audited', async () => {
    const { a, ref, number, row, token } = await issued('欧阳娜娜')
    expect(number).toBe(`ZSRc202612${String(seq).padStart(4, '0')}`)
    const issuedAt = ctx.clock.now().toISOString()
    const expiresAt = new Date(ctx.clock.now())
    expiresAt.setUTCFullYear(expiresAt.getUTCFullYear() + 3)
    expect(row).toMatchObject({
      applicationRef: ref,
      userId: a.id,
      type: '人才认定证书',
      category: 'E类',
      holderMasked: '欧阳**',
      issuer: '市人力资源和社会保障局（市人才服务中心）',
      issuedAt,
      expiresAt: expiresAt.toISOString(),
      status: 'valid',
      revokedAt: null,
      revokeReason: null,
    })
    expect(row.holderNameEnc).not.toContain('欧阳')
    expect(ctx.deps.crypto.decrypt(row.holderNameEnc!)).toBe('欧阳娜娜')
    expect(await signing.verify(ctx.deps.db, token)).toEqual({
      n: number,
      iat: inSeconds(issuedAt),
      exp: inSeconds(expiresAt.toISOString()),
    })
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', kid: row.kid, typ: 'cert+jws' })
    const entry = (await audits('certificate.issued')).find((e) => e.subjectId === String(a.id))
    expect(entry).toMatchObject({ subjectType: 'citizen' })
    expect(JSON.parse(entry!.detail!)).toEqual({ number, ref })
  })

  it('is idempotent per case: the second issue returns the same number and writes nothing', async () => {
    const { a, ref, number } = await issued()
    const again = await ctx.deps.db
      .transaction()
      .execute((trx) =>
        certs().issue(trx, SYSTEM_CONTEXT, { applicationRef: ref, userId: a.id, holderName: '别人', type: 'x', category: 'y' }),
      )
    expect(again).toBe(number)
    expect(await ctx.deps.db.selectFrom('certificates').select('id').where('applicationRef', '=', ref).execute()).toHaveLength(1)
    expect((await audits('certificate.issued')).filter((e) => e.subjectId === String(a.id))).toHaveLength(1)
  })

  it('is valid until its expiry instant, expired from it on', async () => {
    const { row } = await issued()
    const saved = ctx.clock.now()
    try {
      ctx.clock.set(new Date(new Date(row.expiresAt).getTime() - 1))
      expect(certs().statusOf(row)).toBe('valid')
      ctx.clock.set(row.expiresAt)
      expect(certs().statusOf(row)).toBe('expired')
      expect(certs().publicView(row)).toMatchObject({ status: 'expired' })
    } finally {
      ctx.clock.set(saved)
    }
  })
})

describe('revoke', () => {
  it('revokes once, with when and why, audited with the reason as purpose; unknown or already revoked → null', async () => {
    const { a, ref, number, row, token } = await issued()
    ctx.clock.advanceMinutes(1)
    const r = await ctx.deps.db.transaction().execute((trx) => certs().revoke(trx, HOLDER, ref, '学历信息有误'))
    expect(r).toBe(number)
    const after = await ctx.deps.db.selectFrom('certificates').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()
    expect(after).toMatchObject({ status: 'revoked', revokedAt: ctx.clock.now().toISOString(), revokeReason: '学历信息有误' })
    expect(certs().statusOf(after)).toBe('revoked')
    const entries = (await audits('certificate.revoked')).filter((e) => e.subjectId === String(a.id))
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ subjectType: 'citizen', purpose: '学历信息有误' })
    expect(JSON.parse(entries[0].detail!)).toEqual({ number })
    expect(await ctx.deps.db.transaction().execute((trx) => certs().revoke(trx, HOLDER, ref, '再次'))).toBeNull()
    expect((await audits('certificate.revoked')).filter((e) => e.subjectId === String(a.id))).toHaveLength(1)
    expect(await ctx.deps.db.transaction().execute((trx) => certs().revoke(trx, HOLDER, 'RC-NONE', '无'))).toBeNull()
    // a revoked certificate still verifies, as revoked
    expect(await certs().verifyToken(token, { channel: 'api', ip: null, userAgent: null })).toMatchObject({
      status: 'revoked',
      revoked_at: after.revokedAt,
    })
  })
})

describe('verification by token', () => {
  it('gives the public view and records the channel, the masked address and the kind of client', async () => {
    const { number, row, token } = await issued('张三')
    const view = await certs().verifyToken(token, { channel: 'page', ip: '203.0.113.7', userAgent: 'curl/8.0' })
    expect(view).toEqual({
      number,
      status: 'valid',
      type: '人才认定证书',
      category: 'E类',
      holder: '张*',
      issuer: '市人力资源和社会保障局（市人才服务中心）',
      issued_at: row.issuedAt,
      expires_at: row.expiresAt,
      revoked_at: null,
    })
    expect(await verifications(row.id)).toEqual([
      {
        id: expect.any(Number) as number,
        certificateId: row.id,
        channel: 'page',
        shareId: null,
        ipMasked: '203.0.113.*',
        agent: '程序接口',
        at: ctx.clock.now().toISOString(),
      },
    ])
  })

  it('refuses a token signed by us for the number but not the one issued, and one for a number never issued, recording nothing', async () => {
    const { number, row } = await issued()
    const other = await signing.sign(ctx.deps.db, ctx.deps.crypto, { n: number, iat: 1, exp: 2 }, ctx.clock.now().toISOString())
    expect(await signing.verify(ctx.deps.db, other.token)).toEqual({ n: number, iat: 1, exp: 2 })
    expect(await certs().verifyToken(other.token, { channel: 'api', ip: null, userAgent: null })).toBeNull()
    const unknown = await signing.sign(ctx.deps.db, ctx.deps.crypto, { n: 'ZSNONE', iat: 1, exp: 2 }, ctx.clock.now().toISOString())
    expect(await certs().verifyToken(unknown.token, { channel: 'api', ip: null, userAgent: null })).toBeNull()
    expect(await verifications(row.id)).toEqual([])
  })
})

describe('signing.verify: only our own well-formed tokens', () => {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')

  it('refuses other headers, a claim without a number, non-JWS text and over-long tokens', async () => {
    const { token } = await issued()
    const [h, p, s] = token.split('.')
    const header = decodeProtectedHeader(token)
    expect(await signing.verify(ctx.deps.db, token)).not.toBeNull()
    for (const [why, bad] of [
      ['alg', `${b64({ ...header, alg: 'HS256' })}.${p}.${s}`],
      ['typ', `${b64({ ...header, typ: 'JWT' })}.${p}.${s}`],
      ['kid not a string', `${b64({ ...header, kid: 7 })}.${p}.${s}`],
      ['unknown kid', `${b64({ ...header, kid: 'nope' })}.${p}.${s}`],
      ['leading text', `x ${token}`],
      ['trailing text', `${token}.x`],
      ['two parts', `${h}.${p}`],
      ['not base64url', `${h}.${p}.${s.slice(0, -1)}=`],
    ])
      expect(await signing.verify(ctx.deps.db, bad), why).toBeNull()
    // signed with our own key but not as a certificate token: another JWS type, or the same key under another alg name
    const key = await ctx.deps.db.selectFrom('certificateKeys').selectAll().where('kid', '=', header.kid!).executeTakeFirstOrThrow()
    const priv = await importJWK(JSON.parse(ctx.deps.crypto.decrypt(key.privateEnc)) as JWK, 'EdDSA')
    const ours = (h: Record<string, unknown>) =>
      new CompactSign(Buffer.from(Buffer.from(p, 'base64url'))).setProtectedHeader({ alg: 'EdDSA', ...h, kid: key.kid }).sign(priv)
    expect(await signing.verify(ctx.deps.db, await ours({ typ: 'cert+jws' }))).not.toBeNull()
    expect(await signing.verify(ctx.deps.db, await ours({ typ: 'JWT' }))).toBeNull()
    expect(await signing.verify(ctx.deps.db, await ours({}))).toBeNull()
    expect(await signing.verify(ctx.deps.db, await ours({ alg: 'Ed25519', typ: 'cert+jws' }))).toBeNull()
    // a well-formed token whose signature does not verify
    const flipped = `${h}.${p}.${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`
    expect(await signing.verify(ctx.deps.db, flipped)).toBeNull()
    expect(await certs().verifyToken(flipped, { channel: 'api', ip: null, userAgent: null })).toBeNull()
    expect(await certs().verifyToken('hello', { channel: 'api', ip: null, userAgent: null })).toBeNull()
    const noNumber = await signing.sign(
      ctx.deps.db,
      ctx.deps.crypto,
      { n: 5 as unknown as string, iat: 1, exp: 2 },
      '2026-11-23T02:00:00.000Z',
    )
    expect(await signing.verify(ctx.deps.db, noNumber.token)).toBeNull()
  })

  it('a token of up to 1024 characters is read, a longer one refused unread', async () => {
    const tokens = new Map<number, string>()
    for (let n = 580; n < 620; n++) {
      const { token } = await signing.sign(
        ctx.deps.db,
        ctx.deps.crypto,
        { n: 'ZS1', iat: 1, exp: 2, pad: 'x'.repeat(n) } as never,
        '2026-11-23T02:00:00.000Z',
      )
      tokens.set(token.length, token)
    }
    const longest = Math.max(...[...tokens.keys()].filter((l) => l <= 1024))
    const shortest = Math.min(...[...tokens.keys()].filter((l) => l > 1024))
    expect([longest, shortest]).toEqual([1024, 1026])
    expect(await signing.verify(ctx.deps.db, tokens.get(longest)!)).toMatchObject({ n: 'ZS1' })
    expect(await signing.verify(ctx.deps.db, tokens.get(shortest)!)).toBeNull()
  })

  it('signs with the newest key, creating one when none is active', async () => {
    await ctx.deps.db.updateTable('certificateKeys').set({ retiredAt: '2026-01-01T00:00:00.000Z' }).execute()
    const { token, kid } = await signing.sign(ctx.deps.db, ctx.deps.crypto, { n: 'ZS2', iat: 1, exp: 2 }, '2026-11-23T02:00:00.000Z')
    expect(decodeProtectedHeader(token).kid).toBe(kid)
    const key = await ctx.deps.db.selectFrom('certificateKeys').selectAll().where('kid', '=', kid).executeTakeFirstOrThrow()
    expect(key).toMatchObject({ retiredAt: null, createdAt: '2026-11-23T02:00:00.000Z' })
    expect(JSON.parse(key.publicJwk)).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid })
    // the key id is the first 16 characters of the RFC 7638 thumbprint: it fits its column (varchar(32)) on MySQL
    const { kid: _kid, ...pub } = JSON.parse(key.publicJwk) as JWK
    expect(kid).toBe((await calculateJwkThumbprint(pub)).slice(0, 16))
    expect(JSON.parse(key.publicJwk)).not.toHaveProperty('d')
    expect(key.privateEnc).not.toContain('"d"')
    expect(JSON.parse(ctx.deps.crypto.decrypt(key.privateEnc))).toHaveProperty('d')
    expect((await signing.publicKeys(ctx.deps.db)).keys.map((k) => k.kid)).toContain(kid)
    expect(await signing.verify(ctx.deps.db, token)).toEqual({ n: 'ZS2', iat: 1, exp: 2 })
  })
})

describe('share links', () => {
  it('checks the label (1–30 characters) and the days (a whole number from 1 to 30)', async () => {
    const { a, number } = await issued()
    const share = (label: string, days: number) => certs().createShare(HOLDER, a.id, number, { label, days })
    for (const [label, days, field] of [
      ['', 7, 'label'],
      ['   ', 7, 'label'],
      ['字'.repeat(31), 7, 'label'],
      ['人事部', 0, 'days'],
      ['人事部', 31, 'days'],
      ['人事部', 1.5, 'days'],
    ] as const)
      await expect(share(label, days), `${label}/${days}`).rejects.toMatchObject({
        code: 'invalid',
        fields: { [field]: expect.any(String) as string },
      })
    await expect(share('', 0)).rejects.toMatchObject({
      message: '请按提示修改',
      fields: { label: '请填写分享对象（30字以内），例如“某某公司人事部”', days: '有效期为1至30天' },
    })
    for (const [label, days] of [
      ['字'.repeat(30), 1],
      ['人事部', 30],
    ] as const)
      expect(await share(label, days)).toMatch(/^[A-Za-z0-9_-]{20,64}$/)
  })

  it('belong to the holder: another user cannot share or stop a share', async () => {
    const { a, number } = await issued()
    const b = await fixtures.citizen(ctx)
    await expect(certs().createShare(HOLDER, b.id, number, { label: '人事部', days: 3 })).rejects.toMatchObject({
      code: 'not_found',
      message: '未找到该证照',
    })
    await expect(certs().createShare(HOLDER, a.id, 'ZSNONE', { label: '人事部', days: 3 })).rejects.toMatchObject({ code: 'not_found' })
    const token = await certs().createShare(HOLDER, a.id, number, { label: '人事部', days: 3 })
    const [{ shares }] = await certs().ofHolder(a.id)
    await expect(certs().revokeShare(HOLDER, b.id, number, shares[0].id)).rejects.toMatchObject({
      code: 'not_found',
      message: '未找到该证照',
    })
    await expect(certs().revokeShare(HOLDER, a.id, 'ZSNONE', shares[0].id)).rejects.toMatchObject({ code: 'not_found' })
    expect(await certs().openShare(token, { ip: null, userAgent: null })).not.toBeNull()
  })

  it('open with the full name until the expiry instant or the holder stops them; each opening is shown to the holder', async () => {
    const { a, number, row } = await issued('欧阳娜娜')
    const token = await certs().createShare(HOLDER, a.id, number, { label: '某某公司人事部', days: 2 })
    const share = await ctx.deps.db
      .selectFrom('certificateShares')
      .selectAll()
      .where('certificateId', '=', row.id)
      .executeTakeFirstOrThrow()
    expect(share).toMatchObject({ label: '某某公司人事部', createdAt: ctx.clock.now().toISOString(), revokedAt: null })
    expect(share.tokenHash).not.toContain(token)
    expect(new Date(share.expiresAt).getTime() - ctx.clock.now().getTime()).toBe(2 * 86_400_000)
    const entry = (await audits('certificate.shared')).find((e) => e.subjectId === String(a.id))
    expect(entry).toMatchObject({ subjectType: 'citizen' })
    expect(JSON.parse(entry!.detail!)).toEqual({ number, days: 2 })

    const opened = await certs().openShare(token, { ip: '::ffff:198.51.100.20', userAgent: 'curl/8.0' })
    expect(opened).toMatchObject({
      number,
      holder: '欧阳**',
      holderFull: '欧阳娜娜',
      sharedWith: '某某公司人事部',
      shareExpiresAt: share.expiresAt,
    })
    const [mine] = await certs().ofHolder(a.id)
    expect(mine.verifications).toEqual([
      { at: ctx.clock.now().toISOString(), channel: 'share', sharedWith: '某某公司人事部', ip: '198.51.100.*', agent: '程序接口' },
    ])
    expect(mine.shares).toEqual([{ id: share.id, label: '某某公司人事部', expiresAt: share.expiresAt, active: true }])
    expect(mine).toMatchObject({ number, token: row.token, applicationRef: row.applicationRef, revokeReason: null })

    const saved = ctx.clock.now()
    try {
      ctx.clock.set(new Date(new Date(share.expiresAt).getTime() - 1))
      expect(await certs().openShare(token, { ip: null, userAgent: null })).not.toBeNull()
      ctx.clock.set(share.expiresAt)
      expect(await certs().openShare(token, { ip: null, userAgent: null })).toBeNull()
      expect((await certs().ofHolder(a.id))[0].shares[0].active).toBe(false)
    } finally {
      ctx.clock.set(saved)
    }
    await certs().revokeShare(HOLDER, a.id, number, share.id)
    expect(await certs().openShare(token, { ip: null, userAgent: null })).toBeNull()
    expect((await certs().ofHolder(a.id))[0].shares[0].active).toBe(false)
  })

  it('an opening by a malformed or unknown token is refused and recorded nowhere', async () => {
    const { a, number, row } = await issued()
    const token = await certs().createShare(HOLDER, a.id, number, { label: '人事部', days: 2 })
    for (const bad of [`${token}!`, ` ${token}`, 'x'.repeat(19), 'x'.repeat(65), 'x'.repeat(20), 'y'.repeat(64)])
      expect(await certs().openShare(bad, { ip: null, userAgent: null }), bad).toBeNull()
    expect(await verifications(row.id)).toEqual([])
  })

  it('a share whose certificate row is gone opens nothing and records nothing', async () => {
    const { a, number, row } = await issued()
    const token = await certs().createShare(HOLDER, a.id, number, { label: '人事部', days: 2 })
    await ctx.deps.db.deleteFrom('certificates').where('id', '=', row.id).execute()
    expect(await certs().openShare(token, { ip: null, userAgent: null })).toBeNull()
    expect(await verifications(row.id)).toEqual([])
  })

  it('after account closure the name is gone: a share shows the masked name', async () => {
    const { a, number } = await issued('林晓明')
    const token = await certs().createShare(HOLDER, a.id, number, { label: '人事部', days: 2 })
    await ctx.deps.db.transaction().execute((trx) => certs().erase(trx, a.id))
    expect(await certs().openShare(token, { ip: null, userAgent: null })).toMatchObject({ holderFull: '林**' })
  })
})

describe('the holder’s views', () => {
  it('lists verifications newest first, each share opening named, a page verification without one', async () => {
    const { a, number, token } = await issued()
    const link = await certs().createShare(HOLDER, a.id, number, { label: '人事部', days: 2 })
    await certs().verifyToken(token, { channel: 'page', ip: null, userAgent: null })
    ctx.clock.advanceMinutes(1)
    await certs().openShare(link, { ip: null, userAgent: null })
    const [mine] = await certs().ofHolder(a.id)
    expect(mine.verifications.map((v) => [v.channel, v.sharedWith])).toEqual([
      ['share', '人事部'],
      ['page', null],
    ])
    const b = await fixtures.citizen(ctx)
    expect(await certs().ofHolder(b.id)).toEqual([])
    // a second certificate of the same holder lists only its own verifications
    const second = await ctx.deps.db.transaction().execute((trx) =>
      certs().issue(trx, SYSTEM_CONTEXT, {
        applicationRef: `Rc-second-${seq}`,
        userId: a.id,
        holderName: '林晓明',
        type: '人才认定证书',
        category: 'E类',
      }),
    )
    const both = await certs().ofHolder(a.id)
    expect(both.map((c) => [c.number, c.verifications.length])).toEqual([
      [second, 0],
      [number, 2],
    ])
  })

  it('keys:rotate re-encrypts nothing that is already under the current key, and says so', async () => {
    await issued()
    expect(await certs().rotateKeys()).toEqual({ holders: 0, signingKeys: 0 })
  })

  it('forApplication gives the holder’s own certificate with the full name, nothing to anyone else', async () => {
    const { a, ref, number, token } = await issued('欧阳娜娜')
    expect(await certs().forApplication(a.id, ref)).toMatchObject({ number, token, holder: '欧阳**', holderFull: '欧阳娜娜' })
    const b = await fixtures.citizen(ctx)
    expect(await certs().forApplication(b.id, ref)).toBeNull()
    expect(await certs().forApplication(a.id, 'RC-NONE')).toBeNull()
    await ctx.deps.db.transaction().execute((trx) => certs().erase(trx, a.id))
    expect(await certs().forApplication(a.id, ref)).toBeNull()
  })

  it('rotating the key signs new certificates with the new key and retires the old one, which keeps verifying', async () => {
    const before = await issued()
    const kid = await certs().rotateKey()
    const after = await issued()
    expect(after.row.kid).toBe(kid)
    expect(before.row.kid).not.toBe(kid)
    const keys = await ctx.deps.db.selectFrom('certificateKeys').select(['kid', 'retiredAt']).execute()
    expect(keys.filter((k) => k.retiredAt === null).map((k) => k.kid)).toEqual([kid])
    expect((await certs().publicKeys()).keys.map((k) => k.kid)).toEqual(expect.arrayContaining([kid, before.row.kid]))
    expect(await certs().verifyToken(before.token, { channel: 'api', ip: null, userAgent: null })).toMatchObject({ status: 'valid' })
  })
})

describe('masking', () => {
  it('keeps the family name (two characters from four up), trims, and masks addresses', () => {
    expect(maskName(' 张三 ')).toBe('张*')
    expect(maskName('司马相如')).toBe('司马**')
    expect(maskName('爱新觉罗溥仪')).toBe('爱新****')
    expect(maskName('')).toBe('*')
    expect(maskName('李')).toBe('*')
    expect(maskIp('1.2.3.4::ffff:5')).toBe('1.2.3.4::ffff:5:*') // ::ffff: only as a prefix marks an IPv4-mapped address
    expect(agentLabel('Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36')).toBe('Chrome · Windows')
    expect(agentLabel('curl/8.0')).toBe('程序接口')
    expect(maskIp(null)).toBeNull()
    expect(maskIp('')).toBeNull()
    expect(maskIp('10.0.0.255')).toBe('10.0.0.*')
    expect(maskIp('1.2.3')).toBe('1.2.3:*')
    expect(maskIp('x1.2.3.4')).toBe('x1.2.3.4:*')
    expect(maskIp('1.2.3.4x')).toBe('1.2.3.4x:*')
    expect(maskIp('2001:db8::1')).toBe('2001:db8::1:*')
    expect(maskIp('fe80:1:2:3:4:5:6:7')).toBe('fe80:1:2:3:*')
  })
})
