import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { compactVerify, createLocalJWKSet } from 'jose'
import { createTestContext, type TestContext } from '../../support/context.js'
import * as fixtures from '../../support/fixtures.js'
import { TestClient } from '../../support/client.js'
import { SYSTEM_CONTEXT } from '../../../src/modules/audit/service.js'
import { OPENAPI } from '../../../src/modules/certificates/openapi.js'
import { agentLabel, maskIp, maskName } from '../../../src/modules/certificates/service.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

let seq = 0
async function issued(holderName = '林晓明') {
  const a = await fixtures.citizen(ctx, { realName: holderName })
  const ref = `RC2026120${String(++seq).padStart(5, '0')}`
  const number = await ctx.deps.db.transaction().execute((trx) =>
    ctx.services.certificates.issue(trx, SYSTEM_CONTEXT, {
      applicationRef: ref,
      userId: a.id,
      holderName,
      type: '人才认定证书',
      category: 'E类（青年后备人才）',
    }),
  )
  const cert = (await ctx.services.certificates.ofHolder(a.id))[0]
  return { a, ref, number, token: cert.token }
}

const ajv = new Ajv2020({ strict: false })
addFormats(ajv)
const schema = (name: keyof typeof OPENAPI.components.schemas) => ajv.compile({ ...OPENAPI.components.schemas[name], $defs: {} })

describe('electronic certificates: public verification', () => {
  it('verifies a genuine token on the page and through the API, masked, never the ID number', async () => {
    const { a, token, number } = await issued('林晓明')
    const anon = new TestClient(ctx)
    const page = await anon.get(`/verify/${token}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('data-status="valid"')
    expect(page.text).toContain('有效')
    expect(page.text).toContain('林**')
    expect(page.text).not.toContain('林晓明')
    expect(page.text).not.toContain(a.idNumber)
    expect(page.text).toContain(number)

    const api = await anon.get(`/api/v1/certificates/${token}`, { accept: 'application/json' })
    expect(api.status).toBe(200)
    const body = JSON.parse(api.text) as Record<string, unknown>
    expect(body).toMatchObject({ status: 'valid', type: '人才认定证书', holder: '林**' })
    const valid = schema('Certificate')
    expect(valid(body), JSON.stringify(valid.errors)).toBe(true)
    expect(api.text).not.toContain(a.idNumber)
  })

  it('answers 404 to an altered, truncated or made-up token, on the page and the API', async () => {
    const { token } = await issued()
    const [h, p, s] = token.split('.')
    const flip = (x: string, i: number) => x.slice(0, i) + (x[i] === 'A' ? 'B' : 'A') + x.slice(i + 1)
    const forgedPayload = Buffer.from(JSON.stringify({ n: 'ZSRC999', iat: 1, exp: 4102444800 })).toString('base64url')
    const anon = new TestClient(ctx)
    for (const bad of [
      `${h}.${flip(p, 3)}.${s}`,
      `${h}.${p}.${flip(s, 10)}`,
      `${h}.${forgedPayload}.${s}`,
      `${h}.${p}`,
      'hello',
      'a.b.c',
    ]) {
      expect((await anon.get(`/verify/${bad}`)).status, bad).toBe(404)
      const api = await anon.get(`/api/v1/certificates/${bad}`, { accept: 'application/json' })
      expect(api.status).toBe(404)
      expect(schema('Error')(JSON.parse(api.text))).toBe(true)
    }
  })

  it('says 已撤销 after revocation and 已过期 after the validity period', async () => {
    const { ref, token } = await issued()
    const anon = new TestClient(ctx)
    await ctx.deps.db.transaction().execute((trx) => ctx.services.certificates.revoke(trx, SYSTEM_CONTEXT, ref, '抽查发现学历信息有误'))
    const page = await anon.get(`/verify/${token}`)
    expect(page.text).toContain('data-status="revoked"')
    expect(page.text).toContain('已撤销')
    expect(JSON.parse((await anon.get(`/api/v1/certificates/${token}`)).text)).toMatchObject({ status: 'revoked' })

    const other = await issued()
    ctx.clock.advanceDays(3 * 366)
    try {
      expect((await anon.get(`/verify/${other.token}`)).text).toContain('data-status="expired"')
      expect(JSON.parse((await anon.get(`/api/v1/certificates/${other.token}`)).text)).toMatchObject({ status: 'expired' })
    } finally {
      ctx.clock.advanceDays(-3 * 366)
    }
  })

  it('publishes its OpenAPI document and a JWKS that verifies tokens offline; rotated keys keep verifying', async () => {
    const doc = JSON.parse((await new TestClient(ctx).get('/api/v1/openapi.json')).text) as typeof OPENAPI
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toContain('/api/v1/certificates/{token}')

    const before = await issued()
    const kid = await ctx.services.certificates.rotateKey()
    const after = await issued()
    expect((JSON.parse(Buffer.from(after.token.split('.')[0], 'base64url').toString()) as { kid: string }).kid).toBe(kid)
    const jwks = JSON.parse((await new TestClient(ctx).get('/api/v1/jwks.json')).text) as Parameters<typeof createLocalJWKSet>[0]
    const keys = createLocalJWKSet(jwks)
    for (const t of [before.token, after.token]) {
      const { payload } = await compactVerify(t, keys)
      expect((JSON.parse(new TextDecoder().decode(payload)) as { n: string }).n).toMatch(/^ZS/)
      expect((await new TestClient(ctx).get(`/verify/${t}`)).status).toBe(200)
    }
  })
})

describe('the holder: 我的证照, PDF, share links, who verified it', () => {
  it('shows every verification to the holder, never to anyone else', async () => {
    const { a, token, number } = await issued()
    const stranger = new TestClient(ctx)
    await stranger.get(`/verify/${token}`, { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36' })
    await stranger.get(`/api/v1/certificates/${token}`, { 'user-agent': 'curl/8.0' })
    const mine = await a.client.get('/me/certificates')
    expect(mine.status).toBe(200)
    expect(mine.text).toContain('谁核验了我的证照')
    expect(mine.text).toContain('扫码/网页核验')
    expect(mine.text).toContain('接口核验')
    expect(mine.text).toContain('Chrome · Windows')
    expect(mine.text).not.toMatch(/Mozilla\/5\.0/)

    const b = await fixtures.citizen(ctx)
    expect((await b.client.get(`/me/certificates/${number}/pdf`)).status).toBe(404)
    expect((await b.client.get('/me/certificates')).text).not.toContain(number)
  })

  it('downloads a PDF with an embedded CJK font', async () => {
    const { a, number } = await issued()
    const res = await a.client.get(`/me/certificates/${number}/pdf`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const bytes = Buffer.from(
      await (
        await ctx.app.request(`http://localhost/me/certificates/${number}/pdf`, {
          headers: { cookie: [...a.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        })
      ).arrayBuffer(),
    )
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    const text = bytes.toString('latin1')
    expect(text).toMatch(/\/FontFile2/)
    expect(text).toMatch(/WenQuanYi/)
  })

  it('makes a share link that shows the full name until it expires or is stopped; bad input is kept with the message', async () => {
    const { a, number } = await issued('欧阳娜娜')
    await a.client.get('/me/certificates')
    const bad = await a.client.post(`/me/certificates/${number}/shares`, { label: '某某公司人事部', days: '99' })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('有效期为1至30天')
    expect(bad.text).toContain('value="某某公司人事部"')

    const ok = await a.client.post(`/me/certificates/${number}/shares`, { label: '某某公司人事部', days: '7' })
    expect(ok.status).toBe(201)
    const url = ok.text.match(/data-qa="share-url">([^<]+)</)![1]
    const path = new URL(url).pathname
    const anon = new TestClient(ctx)
    const opened = await anon.get(path)
    expect(opened.status).toBe(200)
    expect(opened.text).toContain('欧阳娜娜')
    expect(opened.text).toContain('某某公司人事部')
    expect((await a.client.get('/me/certificates')).text).toContain('分享链接（某某公司人事部）')

    ctx.clock.advanceDays(8)
    try {
      expect((await anon.get(path)).status).toBe(404)
    } finally {
      ctx.clock.advanceDays(-8)
    }
    const shareId = ((await a.client.get('/me/certificates')).text.match(/shares\/(\d+)\/revoke/) ?? [])[1]
    expect(shareId).toBeTruthy()
    await a.client.post(`/me/certificates/${number}/shares/${shareId}/revoke`)
    expect((await anon.get(path)).status).toBe(404)
  })
})

describe('what verifiers and holders are shown', () => {
  it('masks names, addresses and user agents', () => {
    expect(maskName('张三')).toBe('张*')
    expect(maskName('林晓明')).toBe('林**')
    expect(maskName('欧阳娜娜')).toBe('欧阳**')
    expect(maskName('李')).toBe('*')
    expect(maskIp('::ffff:203.0.113.7')).toBe('203.0.113.*')
    expect(maskIp('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2:*')
    expect(
      agentLabel('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1'),
    ).toBe('Safari · iOS')
    expect(agentLabel('curl/8.0')).toBe('程序接口')
  })
})
