import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import http from 'node:http'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createTestContext, type TestContext } from '../../support/context.js'
import * as fixtures from '../../support/fixtures.js'
import { SYSTEM_CONTEXT } from '../../../src/modules/audit/service.js'
import { httpConnector, type RegistryConnector } from '../../../src/modules/registries/connectors.js'
import { freshMysqlDatabase } from '../../support/processes.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const EDUCATION = { education: '硕士研究生', degree: '硕士', school: '中山大学', major: '计算机科学与技术', graduation_date: '2020-07-01' }

describe('registry authorisation and look-ups', () => {
  it('asks no registry without the citizen’s authorisation, then looks up once authorised, and stops when withdrawn', async () => {
    const a = await fixtures.citizen(ctx)
    await ctx.services.registries.put('education', a.idNumber, EDUCATION)
    const ask = () =>
      ctx.services.registries.lookup(SYSTEM_CONTEXT, { userId: a.id, source: 'education', key: a.idNumber, purpose: '人才认定/登记 预填' })

    expect((await ask()).status).toBe('unauthorised')
    expect(await ctx.deps.db.selectFrom('registryLookups').selectAll().where('userId', '=', a.id).execute()).toHaveLength(0)

    await a.client.get('/me/authorisations')
    const granted = await a.client.post('/me/authorisations', { scope: 'education', granted: 'on' })
    expect(granted.status).toBe(303)
    const page = await a.client.get('/me/authorisations')
    expect(page.text).toMatch(/data-source="education"[\s\S]*?已授权/)
    expect(page.text).toMatch(/data-source="credit"[\s\S]*?未授权/)

    const r = await ask()
    expect(r).toMatchObject({ status: 'found', trust: 'A', data: EDUCATION })
    // Another source stays closed.
    const credit = await ctx.services.registries.lookup(SYSTEM_CONTEXT, { userId: a.id, source: 'credit', key: a.idNumber, purpose: 'x' })
    expect(credit.status).toBe('unauthorised')

    // The look-up is in the ledger the citizen sees, and in the audit log with its purpose.
    const ledger = await a.client.get('/me/authorisations')
    expect(ledger.text).toContain('学历学位信息')
    expect(ledger.text).toContain('人才认定/登记 预填')
    const audit = await ctx.deps.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'registry.lookup')
      .where('subjectId', '=', String(a.id))
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0].purpose).toBe('人才认定/登记 预填')
    expect(audit[0].detail).not.toContain(a.idNumber)

    await a.client.post('/me/authorisations', { scope: 'education' })
    expect((await ask()).status).toBe('unauthorised')
  })

  it('authorises every source at once with scope=all, recording the policy version', async () => {
    const a = await fixtures.citizen(ctx)
    await a.client.get('/me/authorisations')
    expect((await a.client.post('/me/authorisations', { scope: 'all', granted: 'on' })).status).toBe(303)
    const state = await ctx.services.registries.authorisations(a.id)
    for (const s of ['education', 'social-insurance', 'credit', 'enterprise'] as const) expect(state[s].granted).toBe(true)
    const rows = await ctx.deps.db.selectFrom('registryAuthorisations').selectAll().where('userId', '=', a.id).execute()
    expect(rows).toHaveLength(1)
    expect(rows[0].policyVersion).toBeTruthy()
    // Withdrawing one source leaves the others.
    await a.client.post('/me/authorisations', { scope: 'credit' })
    const after = await ctx.services.registries.authorisations(a.id)
    expect(after.credit.granted).toBe(false)
    expect(after.education.granted).toBe(true)
  })

  it('refuses an unknown scope with 422, and needs a signed-in citizen', async () => {
    const a = await fixtures.citizen(ctx)
    await a.client.get('/me/authorisations')
    expect((await a.client.post('/me/authorisations', { scope: 'tax', granted: 'on' })).status).toBe(422)
    const anon = new (await import('../../support/client.js')).TestClient(ctx)
    expect((await anon.get('/me/authorisations')).status).toBe(303)
  })

  it('stores records only in the contract’s shapes', async () => {
    await expect(ctx.services.registries.put('education', fixtures.makeIdNumber(), { degree: '硕士' })).rejects.toThrow(/education/)
    await expect(ctx.services.registries.put('weather', '1', {})).rejects.toThrow(/unknown source/)
    await expect(ctx.services.registries.put('credit', fixtures.makeIdNumber(), { dishonest: 'no' })).rejects.toThrow(/dishonest/)
  })
})

describe('HTTP registry connector (against a local fake registry)', () => {
  let server: http.Server
  let base = ''
  const seen: { auth?: string; body: string; url?: string }[] = []
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = ''
      req.on('data', (d: Buffer) => (body += d.toString()))
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, body, url: req.url })
        const key = (JSON.parse(body) as { key: string }).key
        if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 10_000).unref()
        if (req.url === '/broken') return void res.writeHead(500).end('oops')
        if (key === 'none') return void res.writeHead(404).end()
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(EDUCATION))
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(() => {
    server.closeAllConnections()
    return new Promise<void>((r) => server.close(() => r()))
  })

  const fallback: RegistryConnector = { kind: 'development', lookup: () => Promise.resolve('fallback') }
  const conn = (p: string, timeoutMs = 5_000) => httpConnector({ education: { url: `${base}${p}`, token: 's3cret', timeoutMs } }, fallback)

  it('posts the key in the body with the bearer token and reads the record', async () => {
    expect(await conn('/edu').lookup('education', '440106199003071234')).toEqual(EDUCATION)
    const last = seen.at(-1)!
    expect(last.auth).toBe('Bearer s3cret')
    expect(last.url).toBe('/edu')
    expect(JSON.parse(last.body)).toEqual({ key: '440106199003071234' })
  })

  it('answers null for 404, and throws "unavailable" on a server error or a timeout', async () => {
    expect(await conn('/edu').lookup('education', 'none')).toBeNull()
    await expect(conn('/broken').lookup('education', 'x')).rejects.toThrow(/HTTP 500/)
    const t0 = Date.now()
    await expect(conn('/slow', 300).lookup('education', 'x')).rejects.toThrow(/Timeout|Abort/)
    expect(Date.now() - t0).toBeLessThan(5_000)
  })

  it('uses the development registry for a source that is not configured', async () => {
    expect(await conn('/edu').lookup('credit', 'x')).toBe('fallback')
  })

  it('turns a slow registry into "unavailable" for the citizen, never an error, and records it', async () => {
    const local = await createTestContext({ env: { REGISTRY_EDUCATION_URL: `${base}/slow`, REGISTRY_EDUCATION_TIMEOUT_MS: '300' } })
    try {
      const a = await fixtures.citizen(local)
      await local.services.registries.authorise(SYSTEM_CONTEXT, a.id, 'all', true, null)
      const r = await local.services.registries.lookup(SYSTEM_CONTEXT, { userId: a.id, source: 'education', key: a.idNumber, purpose: 'p' })
      expect(r.status).toBe('unavailable')
      const rows = await local.deps.db.selectFrom('registryLookups').selectAll().where('userId', '=', a.id).execute()
      expect(rows.map((x) => x.outcome)).toEqual(['unavailable'])
    } finally {
      await local.close()
    }
  })
})

describe('npm run admin -- registry:put', () => {
  it('stores a record through the real CLI, and exits 1 with a message on a bad shape', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-registry-'))
    const db = process.env.DATABASE_URL ? await freshMysqlDatabase(process.env.DATABASE_URL, 'registry_cli') : null
    const env = { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), DATA_DIR: dir, DEMO_DATA: '0', ...(db ? { DATABASE_URL: db.url } : {}) }
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env, encoding: 'utf8', timeout: 60_000 })
    try {
      const id = fixtures.makeIdNumber()
      const ok = run('registry:put', 'social-insurance', id, JSON.stringify({ employer: '广州示范科技有限公司', insurance_months: 6 }))
      expect(ok.status, ok.stderr).toBe(0)
      expect(ok.stdout).toContain('record stored')
      const bad = run('registry:put', 'social-insurance', id, JSON.stringify({ employer: '广州示范科技有限公司' }))
      expect(bad.status).toBe(1)
      expect(bad.stderr).toMatch(/insurance_months/)
      const notJson = run('registry:put', 'credit', id, '{dishonest:false')
      expect(notJson.status).toBe(1)
      expect(notJson.stderr).toMatch(/not valid JSON/)
    } finally {
      await db?.drop()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 180_000)
})
