import { t } from '../../lib/i18n/index.js'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import type { FieldCrypto } from '../../lib/crypto.js'
import type { AuditService } from '../audit/service.js'
import type { NotificationService } from '../notifications/service.js'
import type { RateLimiter } from '../ratelimit/service.js'
import type { SessionService } from './sessions.js'
import { DEFAULT_POLICY, type SecurityPolicy } from '../security-settings/service.js'
import type { IdentityVerifier } from './verifier.js'
import type { ConsentService } from '../privacy/consents.js'
import type { PolicyService } from '../policy/service.js'
import * as v from './validators.js'

/** What every part of the identity service is built from (see service.ts). */
export interface IdentityDeps {
  db: Kysely<Database>
  clock: Clock
  crypto: FieldCrypto
  audit: AuditService
  notifications: NotificationService
  rateLimiter: RateLimiter
  sessions: SessionService
  verifier: IdentityVerifier
  /** Privacy owns consents: registration records the citizen's acceptance of the policy in force. */
  consents: ConsentService
  privacyPolicy: Pick<PolicyService, 'currentPolicy'>
  /** secadmin's security settings (lockout threshold, password length); defaults when absent. */
  policy?: () => Promise<SecurityPolicy>
  /** PUBLIC_URL: the base of links in mail (never the request's Host header). */
  publicUrl: string
  /** Tells the registered phone that the account changed (bank.ts; issue 16 item 4). */
  accountChanged?: (trx: Transaction<Database>, userId: number, what: string) => Promise<void>
}

export type Meta = { ip: string | null; userAgent: string | null }

/** The security policy in force, and the password rule with secadmin's minimum length. */
export function policyOf(deps: IdentityDeps) {
  const policy = () => (deps.policy ? deps.policy() : Promise.resolve(DEFAULT_POLICY))
  async function passwordError(pw: string): Promise<string | null> {
    const min = (await policy()).passwordMinLength
    return v.validatePassword(pw) ?? (pw.length < min ? t('密码至少{min}位', { min }) : null)
  }
  return { policy, passwordError }
}
