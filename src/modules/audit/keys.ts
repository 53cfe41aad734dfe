import crypto from 'node:crypto'
import type { Config } from '../../config.js'
import type { MacKeys } from './chain.js'

/**
 * The audit chain's two keys, both outside the database (docs/decisions/0140):
 * - the MAC key: AUDIT_KEY, or HKDF(APP_KEY, "talent-hall/audit-chain/v1"); the keys derived from
 *   APP_KEY and APP_KEY_PREVIOUS stay accepted for verification, so a rotation keeps old rows verifiable;
 * - the Ed25519 checkpoint signing key: AUDIT_SIGNING_KEY (a 32-byte seed), or a file in DATA_DIR.
 */
export interface AuditKeys {
  mac: MacKeys
  signing: { kid: string; privateKey: crypto.KeyObject; publicKey: crypto.KeyObject }
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

function shortId(material: Buffer): string {
  return crypto.createHash('sha256').update(material).digest('hex').slice(0, 8)
}

function derive(key: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', key, Buffer.alloc(0), 'talent-hall/audit-chain/v1', 32))
}

export function macKeys(config: Pick<Config, 'auditKey' | 'appKey' | 'previousAppKeys'>): MacKeys {
  const current = config.auditKey ?? derive(config.appKey)
  const byId = new Map<string, Buffer>([[shortId(current), current]])
  // Keys derived from APP_KEY and its predecessors stay valid for rows MAC'd before AUDIT_KEY was set or APP_KEY rotated.
  for (const k of [config.appKey, ...config.previousAppKeys].map(derive)) byId.set(shortId(k), k)
  return { currentId: shortId(current), byId }
}

export function signingKey(seed: Buffer): AuditKeys['signing'] {
  const privateKey = crypto.createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' })
  const publicKey = crypto.createPublicKey(privateKey)
  return { kid: shortId(publicKey.export({ format: 'der', type: 'spki' })), privateKey, publicKey }
}

export function auditKeys(config: Config): AuditKeys {
  return { mac: macKeys(config), signing: signingKey(config.auditSigningKey) }
}
