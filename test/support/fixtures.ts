import { toTimestamp } from '../../src/db/time.js'
import { hashPassword, maskBankAccount, maskIdNumber } from '../../src/lib/crypto.js'
import { SYSTEM_CONTEXT } from '../../src/modules/audit/service.js'
import * as identityRepo from '../../src/modules/identity/repository.js'
import * as privacyRepo from '../../src/modules/privacy/repository.js'
import * as policyRepo from '../../src/modules/policy/repository.js'
import { COOKIE } from '../../src/middleware/cookies.js'
import type { TestContext } from './context.js'
import { TestClient } from './client.js'

/** GB 11643 check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0)
  return '10X98765432'[sum % 11]
}

let seq = 0
/** A valid 18-digit resident ID number; `birth` YYYYMMDD. */
export function makeIdNumber(birth = '19900307', region = '440106'): string {
  const order = String(100 + ((seq++ * 7) % 899)).padStart(3, '0')
  const first17 = `${region}${birth}${order}`
  return first17 + idCheckChar(first17)
}

/** A 16-digit card number passing Luhn. */
export function makeBankAccount(prefix = '622202'): string {
  let body = prefix
  while (body.length < 15) body += String(Math.floor(Math.random() * 10))
  for (let d = 0; d <= 9; d++) {
    const n = body + d
    let sum = 0
    for (let i = 0; i < n.length; i++) {
      let x = Number(n[n.length - 1 - i])
      if (i % 2 === 1) {
        x *= 2
        if (x > 9) x -= 9
      }
      sum += x
    }
    if (sum % 10 === 0) return n
  }
  throw new Error('unreachable')
}

let phoneSeq = 0
export function makePhone(): string {
  return `139${String(Date.now() % 10000).padStart(4, '0')}${String(phoneSeq++ % 10000).padStart(4, '0')}`
}

export const TEST_PASSWORD = 'test1234a'

/**
 * Inserts a citizen directly (no HTTP), optionally real-name verified, and returns a client
 * signed in as them. Use the HTTP flows in identity tests; use this everywhere else.
 */
export async function citizen(
  ctx: TestContext,
  opts: { verified?: boolean; phone?: string; realName?: string; idNumber?: string; bankAccount?: string } = {},
) {
  const { db, crypto, clock } = ctx.deps
  const now = toTimestamp(clock.now())
  const phone = opts.phone ?? makePhone()
  const idNumber = opts.idNumber ?? makeIdNumber()
  const bankAccount = opts.bankAccount ?? makeBankAccount()
  const verified = opts.verified ?? true
  const id = await identityRepo.insertUser(db, {
    phone,
    passwordHash: hashPassword(TEST_PASSWORD),
    status: 'active',
    failedLogins: 0,
    lockedUntil: null,
    email: null,
    emailVerifiedAt: null,
    realName: verified ? (opts.realName ?? '张三') : null,
    idNumberEnc: verified ? crypto.encrypt(idNumber) : null,
    idNumberBidx: verified ? crypto.blindIndex('id_number', idNumber) : null,
    idNumberMasked: verified ? maskIdNumber(idNumber) : null,
    birthDate: verified ? `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}` : null,
    sex: verified ? (Number(idNumber[16]) % 2 === 1 ? 'M' : 'F') : null,
    bankName: verified ? '中国工商银行' : null,
    bankAccountEnc: verified ? crypto.encrypt(bankAccount) : null,
    bankAccountMasked: verified ? maskBankAccount(bankAccount) : null,
    verifiedAt: verified ? now : null,
    verificationMethod: verified ? 'format-checksum-only' : null,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  })
  const policy = await policyRepo.currentPolicy(db, now)
  await privacyRepo.insertConsent(db, {
    userId: id,
    consent: 'privacy_policy',
    granted: true,
    policyVersion: policy?.version ?? null,
    channel: 'web',
    ip: null,
    createdAt: now,
  })
  const client = await signIn(ctx, 'citizen', id)
  return { id, phone, idNumber, bankAccount, client, password: TEST_PASSWORD }
}

/** Creates a staff member with the given role(s) and returns a signed-in client. */
export async function staffMember(ctx: TestContext, roles: string | string[], opts: { username?: string } = {}) {
  const list = Array.isArray(roles) ? roles : [roles]
  const username = opts.username ?? `${list[0]}${Math.random().toString(36).slice(2, 7)}`
  const r = await ctx.services.staff.create(SYSTEM_CONTEXT, {
    username,
    password: TEST_PASSWORD,
    role: list[0],
    name: `测试${list[0]}`,
    staffNo: `T${Math.floor(Math.random() * 1e8)}`,
  })
  for (const extra of list.slice(1)) await identityRepo.grantRole(ctx.deps.db, r.id, extra, null, toTimestamp(ctx.clock.now()))
  const client = await signIn(ctx, 'staff', r.id)
  return { id: r.id, username, client, totpSecret: r.totpSecret }
}

/**
 * A client holding a fresh server-side session for the subject (bypasses the login form). Staff
 * sessions count as signed in with password and TOTP (`factors`), as the login form would make them
 * for admin roles; pass `factors: 'password'` to get a password-only session.
 */
export async function signIn(
  ctx: TestContext,
  kind: 'citizen' | 'staff',
  subjectId: number,
  opts: { factors?: 'password' | 'password+totp' } = {},
) {
  const factors = kind === 'staff' ? (opts.factors ?? 'password+totp') : undefined
  const { token } = await ctx.services.sessions.create(ctx.deps.db, kind, subjectId, { ip: '127.0.0.1', userAgent: 'vitest' }, { factors })
  const client = new TestClient(ctx)
  client.cookies.set(COOKIE.session, token)
  await client.get('/')
  return client
}
