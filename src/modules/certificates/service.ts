import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import type { FieldCrypto } from '../../lib/crypto.js'
import { randomToken, sha256Hex } from '../../lib/crypto.js'
import { AppError } from '../../lib/errors.js'
import { toTimestamp } from '../../db/time.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import { rotateCertificateKeys } from './keys.js'
import * as repo from './repository.js'
import * as signing from './signing.js'
import type { CertificateRow } from './table.js'

export const CERTIFICATE_ISSUER = '市人力资源和社会保障局（市人才服务中心）'
/** A talent-registration certificate is valid three years (decision 0192); renewal is a new application. */
export const VALID_YEARS = 3
const SHARE_MAX_DAYS = 30

export type CertificateStatus = 'valid' | 'revoked' | 'expired'

/** What anyone may learn from a certificate: never the ID number, the name masked. */
export interface PublicCertificate {
  number: string
  status: CertificateStatus
  type: string
  category: string
  holder: string
  issuer: string
  issued_at: string
  expires_at: string
  revoked_at: string | null
}

/** 张三 → 张*, 欧阳娜娜 → 欧阳**, 李 → *: the family name (one or two characters) stays. */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length <= 1) return '*'
  const keep = chars.length >= 4 ? 2 : 1
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep)
}

/** 203.0.113.7 → 203.0.113.*; IPv6 keeps its first four groups. IPv4-mapped IPv6 is shown as IPv4. */
export function maskIp(ip: string | null): string | null {
  if (!ip) return null
  const v4 = ip.replace(/^::ffff:/, '')
  if (/^\d+\.\d+\.\d+\.\d+$/.test(v4)) return v4.replace(/\.\d+$/, '.*')
  return `${ip.split(':').slice(0, 4).join(':')}:*`
}

/** "Chrome · Windows"-style: what kind of client verified, never the raw user-agent string. */
export function agentLabel(ua: string | null): string | null {
  if (!ua) return null
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Chrome\//.test(ua)
      ? 'Chrome'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Safari\//.test(ua)
          ? 'Safari'
          : /curl|python|node|Go-http|okhttp/i.test(ua)
            ? '程序接口'
            : '其他'
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Android/.test(ua)
      ? 'Android'
      : /iPhone|iPad|iOS/.test(ua)
        ? 'iOS'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : ''
  return os ? `${browser} · ${os}` : browser
}

interface Deps {
  db: Kysely<Database>
  clock: Clock
  crypto: FieldCrypto
  audit: AuditService
}

/** Electronic certificates (电子证照): issued on approval, verifiable by anyone, revocable, every verification shown to the holder. */
export function createCertificateService({ db, clock, crypto, audit }: Deps) {
  const now = () => toTimestamp(clock.now())

  function statusOf(c: CertificateRow): CertificateStatus {
    if (c.status === 'revoked') return 'revoked'
    return c.expiresAt <= now() ? 'expired' : 'valid'
  }
  function publicView(c: CertificateRow): PublicCertificate {
    return {
      number: c.number,
      status: statusOf(c),
      type: c.type,
      category: c.category,
      holder: c.holderMasked,
      issuer: c.issuer,
      issued_at: c.issuedAt,
      expires_at: c.expiresAt,
      revoked_at: c.revokedAt,
    }
  }

  return {
    statusOf,
    publicView,

    /** Issues the certificate of an approved case, inside the approving transaction. Idempotent per case. */
    async issue(
      trx: Transaction<Database>,
      ctx: AuditContext,
      input: { applicationRef: string; userId: number; holderName: string; type: string; category: string },
    ) {
      const existing = await repo.byApplication(trx, input.applicationRef)
      if (existing) return existing.number
      const issued = clock.now()
      const expires = new Date(issued)
      expires.setUTCFullYear(expires.getUTCFullYear() + VALID_YEARS)
      const number = `ZS${input.applicationRef.replace(/[^A-Z0-9]/gi, '')}`
      const { token, kid } = await signing.sign(
        trx,
        crypto,
        { n: number, iat: Math.floor(issued.getTime() / 1000), exp: Math.floor(expires.getTime() / 1000) },
        toTimestamp(issued),
      )
      await repo.insertCertificate(trx, {
        number,
        applicationRef: input.applicationRef,
        userId: input.userId,
        type: input.type,
        category: input.category,
        holderNameEnc: crypto.encrypt(input.holderName),
        holderMasked: maskName(input.holderName),
        issuer: CERTIFICATE_ISSUER,
        kid,
        token,
        issuedAt: toTimestamp(issued),
        expiresAt: toTimestamp(expires),
        status: 'valid',
        revokedAt: null,
        revokeReason: null,
      })
      await audit.record(trx, ctx, {
        action: 'certificate.issued',
        subjectType: 'citizen',
        subjectId: input.userId,
        detail: { number, ref: input.applicationRef },
      })
      return number
    },

    /** Revokes the certificate of a case (sampling found the approval wrong); the caller tells the citizen why. */
    async revoke(trx: Transaction<Database>, ctx: AuditContext, applicationRef: string, reason: string) {
      const c = await repo.byApplication(trx, applicationRef)
      if (!c || c.status === 'revoked') return null
      await repo.revoke(trx, c.id, now(), reason)
      await audit.record(trx, ctx, {
        action: 'certificate.revoked',
        subjectType: 'citizen',
        subjectId: c.userId,
        purpose: reason,
        detail: { number: c.number },
      })
      return c.number
    },

    /**
     * A public verification by token (QR code, /verify/:token, the API). Altered or unknown → null (404).
     * Each successful verification is recorded for the holder to see.
     */
    async verifyToken(token: string, seen: { channel: 'page' | 'api'; ip: string | null; userAgent: string | null }) {
      const claims = await signing.verify(db, token)
      if (!claims) return null
      const c = await repo.byNumber(db, claims.n)
      if (!c || c.token !== token) return null
      await repo.insertVerification(db, {
        certificateId: c.id,
        channel: seen.channel,
        shareId: null,
        ipMasked: maskIp(seen.ip),
        agent: agentLabel(seen.userAgent),
        at: now(),
      })
      return publicView(c)
    },

    /** A share link the holder sends someone (an employer): shows the full name until it expires. */
    async createShare(ctx: AuditContext, userId: number, number: string, input: { label: string; days: number }) {
      const c = await repo.byNumber(db, number)
      if (!c || c.userId !== userId) throw new AppError('not_found', '未找到该证照')
      const errors: Record<string, string> = {}
      const label = input.label.trim()
      if (!label || [...label].length > 30) errors.label = '请填写分享对象（30字以内），例如“某某公司人事部”'
      if (!Number.isInteger(input.days) || input.days < 1 || input.days > SHARE_MAX_DAYS) errors.days = `有效期为1至${SHARE_MAX_DAYS}天`
      if (Object.keys(errors).length) throw new AppError('invalid', '请按提示修改', errors)
      const token = randomToken(24)
      const expires = new Date(clock.now().getTime() + input.days * 86_400_000)
      await db.transaction().execute(async (trx) => {
        await repo.insertShare(trx, {
          certificateId: c.id,
          tokenHash: sha256Hex(token),
          label,
          createdAt: now(),
          expiresAt: toTimestamp(expires),
        })
        await audit.record(trx, ctx, {
          action: 'certificate.shared',
          subjectType: 'citizen',
          subjectId: userId,
          detail: { number, days: input.days },
        })
      })
      return token
    },

    async revokeShare(ctx: AuditContext, userId: number, number: string, shareId: number) {
      const c = await repo.byNumber(db, number)
      if (!c || c.userId !== userId) throw new AppError('not_found', '未找到该证照')
      await repo.revokeShare(db, shareId, c.id, now())
    },

    /** Opening a share link: the certificate with the holder's full name, while the link is valid. */
    async openShare(token: string, seen: { ip: string | null; userAgent: string | null }) {
      if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null
      const share = await repo.shareByHash(db, sha256Hex(token))
      if (!share || share.revokedAt || share.expiresAt <= now()) return null
      const c = await repo.byId(db, share.certificateId)
      if (!c) return null
      await repo.insertVerification(db, {
        certificateId: c.id,
        channel: 'share',
        shareId: share.id,
        ipMasked: maskIp(seen.ip),
        agent: agentLabel(seen.userAgent),
        at: now(),
      })
      return {
        ...publicView(c),
        holderFull: c.holderNameEnc ? crypto.decrypt(c.holderNameEnc) : c.holderMasked,
        sharedWith: share.label,
        shareExpiresAt: share.expiresAt,
      }
    },

    /** The holder's certificates, each with who verified it and when (谁核验了我的证照) and its share links. */
    async ofHolder(userId: number) {
      const certs = await repo.ofUser(db, userId)
      const seen = await repo.verificationsOf(
        db,
        certs.map((c) => c.id),
      )
      return Promise.all(
        certs.map(async (c) => {
          const shares = await repo.sharesOf(db, c.id)
          const label = new Map(shares.map((s) => [s.id, s.label]))
          return {
            ...publicView(c),
            token: c.token,
            applicationRef: c.applicationRef,
            revokeReason: c.revokeReason,
            verifications: seen
              .filter((v) => v.certificateId === c.id)
              .map((v) => ({
                at: v.at,
                channel: v.channel,
                sharedWith: v.shareId ? (label.get(v.shareId) ?? null) : null,
                ip: v.ipMasked,
                agent: v.agent,
              })),
            shares: shares.map((s) => ({ id: s.id, label: s.label, expiresAt: s.expiresAt, active: !s.revokedAt && s.expiresAt > now() })),
          }
        }),
      )
    },

    /** The certificate of one of the holder's cases (for the case page and the PDF). */
    async forApplication(userId: number, ref: string) {
      const c = await repo.byApplication(db, ref)
      return c && c.userId === userId
        ? { ...publicView(c), token: c.token, holderFull: c.holderNameEnc ? crypto.decrypt(c.holderNameEnc) : c.holderMasked }
        : null
    },

    /** `certificates:rotate-key`: new certificates are signed with a new key; old keys keep verifying what they signed. */
    async rotateKey() {
      return db.transaction().execute(async (trx) => {
        const kid = await signing.createKey(trx, crypto, now())
        await repo.retireKeys(trx, kid, now())
        return kid
      })
    },

    publicKeys: () => signing.publicKeys(db),

    /** Account closure: certificates stay verifiable by their masked name but no longer link to the person. */
    erase: (trx: Transaction<Database>, userId: number) => repo.detachUser(trx, userId),
    /** keys:rotate: holders' names and signing keys re-encrypted under the current APP_KEY. */
    rotateKeys: () => rotateCertificateKeys(db, crypto),
  }
}

export type CertificateService = ReturnType<typeof createCertificateService>
