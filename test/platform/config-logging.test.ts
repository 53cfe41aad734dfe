import { afterAll, describe, expect, it } from 'vitest'
import os from 'node:os'
import fs from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/lib/logger.js'
import { createFieldCrypto } from '../../src/lib/crypto.js'

const dirs: string[] = []
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-cfg-'))
  dirs.push(d)
  return d
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

describe('config', () => {
  it('has the contract defaults', () => {
    const dir = tmp()
    const c = loadConfig({ DATA_DIR: dir })
    expect(c.port).toBe(3000)
    expect(c.dialect).toBe('sqlite')
    expect(c.sqliteFile).toBe(path.join(dir, 'portal.db'))
    expect(c.smsOutbox).toBe(path.join(dir, 'outbox', 'sms.jsonl'))
    expect(c.demoData).toBe(true)
    expect(c.production).toBe(false)
    // development key generated into DATA_DIR and reused
    expect(fs.existsSync(path.join(dir, 'app.key'))).toBe(true)
    expect(loadConfig({ DATA_DIR: dir }).appKey.equals(c.appKey)).toBe(true)
  })

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://x' }, 'DATABASE_URL'],
    [{ APP_KEY: 'short' }, 'APP_KEY'],
    [{ DEMO_DATA: 'yes' }, 'DEMO_DATA'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ NODE_ENV: 'production' }, 'APP_KEY'],
  ])('stops with a message naming the bad variable: %j', (env, name) => {
    expect(() => loadConfig({ DATA_DIR: tmp(), ...env })).toThrow(name)
  })

  it('production needs APP_KEY and then turns on production mode', () => {
    const c = loadConfig({ DATA_DIR: tmp(), NODE_ENV: 'production', APP_KEY: Buffer.alloc(32, 1).toString('base64') })
    expect(c.production).toBe(true)
  })

  it('selects MySQL from DATABASE_URL', () => {
    expect(loadConfig({ DATA_DIR: tmp(), DATABASE_URL: 'mysql://root@127.0.0.1:3306/test' }).dialect).toBe('mysql')
  })
})

describe('logger', () => {
  it('never writes passwords, codes, ID or bank numbers', () => {
    const lines: string[] = []
    const sink = new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) })
    const log = createLogger('info', sink)
    log.info({ password: 'secret123', code: '123456', body: { id_number: '11010119900307451X' } }, 'login for 13912345678 with code 654321')
    log.error({ err: new Error('duplicate 440106199003071234 card 6222021234567890123') }, 'failed')
    const out = lines.join('\n')
    for (const s of ['secret123', '123456', '654321', '11010119900307451X', '13912345678', '440106199003071234', '6222021234567890123'])
      expect(out).not.toContain(s)
  })
})

describe('field crypto', () => {
  it('encrypts with a key id, decrypts after rotation with the previous key, and blind-indexes deterministically', () => {
    const oldKey = Buffer.alloc(32, 1)
    const newKey = Buffer.alloc(32, 2)
    const a = createFieldCrypto(oldKey)
    const box = a.encrypt('11010119900307451X')
    expect(box).not.toContain('11010119900307451X')
    expect(a.encrypt('11010119900307451X')).not.toBe(box) // random IV
    expect(a.blindIndex('id_number', '11010119900307451x')).toBe(a.blindIndex('id_number', '11010119900307451X'))
    const b = createFieldCrypto(newKey, [oldKey])
    expect(b.decrypt(box)).toBe('11010119900307451X')
    expect(b.keyIdOf(b.encrypt('x'))).toBe(b.currentKeyId)
    expect(() => createFieldCrypto(newKey).decrypt(box)).toThrow()
    const tampered = box.slice(0, -2) + (box.endsWith('A') ? 'BB' : 'AA')
    expect(() => a.decrypt(tampered)).toThrow()
  })
})
