import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import crypto from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { CompactSign } from 'jose'
import {
  GENESIS_MAC,
  canonicalRow,
  chainMac,
  chainMacValid,
  rowMac,
  rowMacValid,
  type MacFields,
  type MacKeys,
} from '../../src/modules/audit/chain.js'
import { auditKeys, macKeys, signingKey } from '../../src/modules/audit/keys.js'
import { createCheckpointStore, type Checkpoint } from '../../src/modules/audit/checkpoints.js'
import type { Config } from '../../src/config.js'

/**
 * The audit chain's arithmetic, its keys and its checkpoint files, without a database: fast enough for
 * the mutation run of chain.ts, keys.ts and checkpoints.ts (stryker/audit-chain.conf.json, issue 23).
 * The chain as the portal writes and verifies it is tested in audit.test.ts, audit-sealing.test.ts and
 * test/quality/audit-tamper.test.ts.
 */
const key = (n: number) => Buffer.alloc(32, n)
const hmac = (k: Buffer, message: string) => crypto.createHmac('sha256', k).update(message).digest('hex')
const keysOf = (...ks: [string, Buffer][]): MacKeys => ({ currentId: ks[0][0], byId: new Map(ks) })
const K1 = keysOf(['k1', key(1)])

const ROW: MacFields = {
  seq: 12,
  at: '2026-12-02T01:02:03.004Z',
  actorType: 'staff',
  actorId: '7',
  actorRole: 'clerk',
  action: 'case.viewed',
  subjectType: 'case',
  subjectId: 'RC1',
  purpose: '审核',
  detail: '{"a":1}',
  ip: '10.0.0.1',
  userAgent: 'ua',
  requestId: 'r1',
}

describe('the chain arithmetic', () => {
  it('the genesis MAC is 64 zeros', () => {
    expect(GENESIS_MAC).toBe('0000000000000000000000000000000000000000000000000000000000000000')
  })

  it('a row MAC is the key id and the HMAC of "row" and every column in order', () => {
    expect(canonicalRow(ROW)).toBe(
      '[12,"2026-12-02T01:02:03.004Z","staff","7","clerk","case.viewed","case","RC1","审核","{\\"a\\":1}","10.0.0.1","ua","r1"]',
    )
    expect(rowMac(K1, ROW)).toBe(`k1:${hmac(key(1), `row\n${canonicalRow(ROW)}`)}`)
    expect(rowMacValid(K1, { ...ROW, rowMac: rowMac(K1, ROW) })).toBe(true)
  })

  it('a chain MAC is the key id and the HMAC of "chain", the previous MAC, the position and the row MAC', () => {
    expect(chainMac(K1, 'prev', 3, 'row')).toBe(`k1:${hmac(key(1), 'chain\nprev\n3\nrow')}`)
    const c = chainMac(K1, 'prev', 3, 'row')
    expect(chainMacValid(K1, 'prev', 3, 'row', c)).toBe(true)
    expect(chainMacValid(K1, 'other', 3, 'row', c)).toBe(false)
    expect(chainMacValid(K1, 'prev', 4, 'row', c)).toBe(false)
    expect(chainMacValid(K1, 'prev', 3, 'other', c)).toBe(false)
  })

  it('a change to any column breaks the row MAC', () => {
    const good = rowMac(K1, ROW)
    for (const k of Object.keys(ROW) as (keyof MacFields)[]) {
      const changed = { ...ROW, [k]: k === 'seq' ? 13 : `${String(ROW[k])}x` }
      expect(rowMacValid(K1, { ...changed, rowMac: good }), k).toBe(false)
    }
  })

  it('a stored MAC verifies under the key it names, also after the current key changed; not under an unknown or missing key', () => {
    const old = rowMac(K1, ROW)
    const rotated = keysOf(['k2', key(2)], ['k1', key(1)])
    expect(rowMac(rotated, ROW)).toMatch(/^k2:/)
    expect(rowMacValid(rotated, { ...ROW, rowMac: old })).toBe(true)
    expect(chainMacValid(rotated, 'p', 1, 'r', chainMac(K1, 'p', 1, 'r'))).toBe(true)
    expect(rowMacValid(keysOf(['k2', key(2)]), { ...ROW, rowMac: old })).toBe(false)
    expect(rowMacValid(K1, { ...ROW, rowMac: null })).toBe(false)
    // the same HMAC relabelled with another key id, or with none
    const digest = old.slice(3)
    expect(rowMacValid(keysOf(['k1', key(1)], ['k3', key(1)]), { ...ROW, rowMac: `k3:${digest}` })).toBe(true)
    expect(rowMacValid(K1, { ...ROW, rowMac: digest })).toBe(false)
    expect(rowMacValid(keysOf(['', key(1)]), { ...ROW, rowMac: `:${digest}` })).toBe(true)
    expect(rowMacValid(keysOf(['', key(1)]), { ...ROW, rowMac: digest })).toBe(false)
  })

  it('a MAC of the wrong length or content is refused without an error', () => {
    const good = rowMac(K1, ROW)
    for (const bad of [good.slice(0, -1), `${good}0`, `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`, 'k1:', 'k1'])
      expect(rowMacValid(K1, { ...ROW, rowMac: bad }), bad).toBe(false)
    expect(chainMacValid(K1, 'p', 1, 'r', '')).toBe(false)
    expect(chainMacValid(K1, 'p', 1, 'r', `${chainMac(K1, 'p', 1, 'r')}0`)).toBe(false)
  })
})

describe('the keys', () => {
  const derived = (appKey: Buffer) => Buffer.from(crypto.hkdfSync('sha256', appKey, Buffer.alloc(0), 'talent-hall/audit-chain/v1', 32))
  const idOf = (k: Buffer) => crypto.createHash('sha256').update(k).digest('hex').slice(0, 8)

  it('without AUDIT_KEY the MAC key is derived from APP_KEY by HKDF and named by its hash', () => {
    const m = macKeys({ auditKey: null, appKey: key(1), previousAppKeys: [] })
    expect(m.currentId).toBe(idOf(derived(key(1))))
    expect([...m.byId]).toEqual([[m.currentId, derived(key(1))]])
  })

  it('AUDIT_KEY signs; the keys derived from APP_KEY and every previous APP_KEY still verify', () => {
    const m = macKeys({ auditKey: key(9), appKey: key(1), previousAppKeys: [key(2), key(3)] })
    expect(m.currentId).toBe(idOf(key(9)))
    expect(m.byId.get(idOf(key(9)))).toEqual(key(9))
    for (const k of [key(1), key(2), key(3)]) expect(m.byId.get(idOf(derived(k)))).toEqual(derived(k))
    expect(m.byId.size).toBe(4)
  })

  it('the checkpoint key is the Ed25519 key of the seed, named by its public key', () => {
    const s = signingKey(key(4))
    expect(s.privateKey.asymmetricKeyType).toBe('ed25519')
    const spki = s.publicKey.export({ format: 'der', type: 'spki' })
    expect(s.kid).toBe(idOf(spki))
    expect(crypto.verify(null, Buffer.from('m'), s.publicKey, crypto.sign(null, Buffer.from('m'), s.privateKey))).toBe(true)
    // the seed is the private key (RFC 8032): its raw JWK `d` is the seed
    expect(Buffer.from(s.privateKey.export({ format: 'jwk' }).d!, 'base64url')).toEqual(key(4))
    const both = auditKeys({ auditKey: key(9), appKey: key(1), previousAppKeys: [], auditSigningKey: key(4) } as unknown as Config)
    expect(both.signing.kid).toBe(s.kid)
    expect(both.mac.currentId).toBe(idOf(key(9)))
  })
})

describe('checkpoint files', () => {
  const dirs: string[] = []
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-cp-'))
    dirs.push(d)
    return path.join(d, 'checkpoints')
  }
  afterEach(() => {
    vi.restoreAllMocks()
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
  })
  // (built inside each test, not at collection: a mutant of keys.ts that throws must fail a test, not the file)
  let signing: ReturnType<typeof signingKey>
  beforeEach(() => {
    signing = signingKey(key(4))
  })
  const CP: Checkpoint = { kind: 'head', position: 42, mac: `k1:${'a'.repeat(64)}`, at: '2026-12-02T01:02:03.004Z' }

  it('writes one signed, readable file named by position, kind and time, creating the directory', async () => {
    const dir = tmp()
    const store = createCheckpointStore(dir, signing)
    expect(store.dir).toBe(dir)
    const file = await store.write({ ...CP, extra: 'not written' } as Checkpoint)
    expect(file).toBe(path.join(dir, '000000000042-head-20261202T010203004Z.json'))
    expect(fs.readdirSync(dir)).toEqual(['000000000042-head-20261202T010203004Z.json'])
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>
    expect(Object.keys(doc)).toEqual(['kind', 'position', 'mac', 'at', 'kid', 'signature'])
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^\{\n {2}"kind": "head",\n[^]*\n\}\n$/) // one field a line, ending in a newline
    expect(doc).toMatchObject({ ...CP, kid: signing.kid })
    expect(await store.readAll()).toEqual({ checkpoints: [{ ...CP, file: path.basename(file) }], invalid: [] })
  })

  it('reads every checkpoint in file order, skipping files that are not .json; a missing directory has none', async () => {
    const dir = tmp()
    const store = createCheckpointStore(dir, signing)
    expect(await store.readAll()).toEqual({ checkpoints: [], invalid: [] })
    for (const position of [2, 9, 4, 1, 7]) await store.write({ ...CP, position, kind: position === 7 ? 'anchor' : 'head' })
    // a directory lists its files in no promised order: here, in reverse
    const list = fsp.readdir.bind(fsp)
    vi.spyOn(fsp, 'readdir').mockImplementation((async (p: string) => (await list(p)).reverse()) as unknown as typeof fsp.readdir)
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'x')
    fs.writeFileSync(path.join(dir, '000000000001-head.json.tmp'), '{')
    const r = await store.readAll()
    expect(r.invalid).toEqual([])
    expect(r.checkpoints.map((c) => [c.position, c.kind])).toEqual([
      [1, 'head'],
      [2, 'head'],
      [4, 'head'],
      [7, 'anchor'],
      [9, 'head'],
    ])
  })

  it('a checkpoint file is readable by all and writable by its owner only, whatever the umask', async () => {
    const dir = tmp()
    // (worker threads cannot set the umask, e.g. Stryker's: there only the mode under the current umask is checked)
    let before: number | null
    try {
      before = process.umask(0)
    } catch {
      before = null
    }
    try {
      const file = await createCheckpointStore(dir, signing).write(CP)
      expect(fs.statSync(file).mode & 0o777).toBe(0o644)
    } finally {
      if (before !== null) process.umask(before)
    }
  })

  it('a directory that cannot be read is an error', async () => {
    const dir = tmp()
    fs.writeFileSync(dir, 'a file, not a directory')
    await expect(createCheckpointStore(dir, signing).readAll()).rejects.toMatchObject({ code: 'ENOTDIR' })
  })

  it('names each file that is not a validly signed checkpoint, and why', async () => {
    const dir = tmp()
    const store = createCheckpointStore(dir, signing)
    const file = path.basename(await store.write(CP))
    const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>
    const put = (name: string, content: unknown) =>
      fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content))
    const other = signingKey(key(5))
    const signedBy = (s: typeof signing, payload: unknown, kid = s.kid) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'EdDSA', kid }).sign(s.privateKey)
    put('a-broken.json', '{')
    put('b-nosig.json', { ...doc, signature: undefined })
    put('c-sig-number.json', { ...doc, signature: 5 })
    put('c-sig-object.json', {
      ...doc,
      signature: { protected: Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: signing.kid })).toString('base64url') },
    })
    put('d-garbage.json', { ...doc, signature: 'not.a.jws' })
    put('e-otherkey.json', { ...doc, signature: await signedBy(other, CP) })
    put('f-forgedkid.json', { ...doc, signature: await signedBy(other, CP, signing.kid) })
    for (const k of ['kind', 'position', 'mac', 'at'] as const)
      put(`g-${k}.json`, { ...doc, [k]: k === 'position' ? 43 : k === 'kind' ? 'anchor' : `${String(doc[k])}x` })
    const r = await store.readAll()
    expect(r.checkpoints.map((c) => c.file)).toEqual([file])
    expect(r.invalid).toEqual([
      { file: 'a-broken.json', problem: 'is not readable JSON' },
      { file: 'b-nosig.json', problem: 'has no signature' },
      { file: 'c-sig-number.json', problem: 'has no signature' },
      { file: 'c-sig-object.json', problem: 'has no signature' },
      { file: 'd-garbage.json', problem: 'has no signature' },
      { file: 'e-otherkey.json', problem: `is signed by an unknown key (${other.kid})` },
      { file: 'f-forgedkid.json', problem: 'has a signature that does not verify' },
      { file: 'g-at.json', problem: `says at "${CP.at}x" but its signature says "${CP.at}"` },
      { file: 'g-kind.json', problem: 'says kind "anchor" but its signature says "head"' },
      { file: 'g-mac.json', problem: `says mac "${CP.mac}x" but its signature says "${CP.mac}"` },
      { file: 'g-position.json', problem: 'says position 43 but its signature says 42' },
    ])
  })

  it('trusts the signed payload only: what is read back is what was signed', async () => {
    const dir = tmp()
    const store = createCheckpointStore(dir, signing)
    await store.write(CP)
    const [cp] = (await store.readAll()).checkpoints
    expect(cp).toEqual({ ...CP, file: '000000000042-head-20261202T010203004Z.json' })
  })
})
