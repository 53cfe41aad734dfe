import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import type { FieldCrypto } from '../../lib/crypto.js'
import type { Logger } from '../../lib/logger.js'
import type { AuditService } from '../audit/service.js'
import type { NotificationService } from '../notifications/service.js'
import type { SmsGateway } from '../notifications/transports.js'
import type { ApplicationService } from '../applications/service.js'
import type { CatalogServiceApi } from '../catalog/service.js'
import type { IdentityService } from '../identity/service.js'
import type { CalendarService } from '../calendar/service.js'
import type { SessionService } from '../identity/sessions.js'
import type { JobService } from '../jobs/service.js'
import type { FileStore } from '../applications/storage.js'
import type { RateLimiter } from '../ratelimit/service.js'
import type { BankAccountService } from '../identity/bank.js'
import type { UserDirectory } from '../identity/directory.js'
import type { ApplicationRetention } from '../applications/retention.js'
import type { ComplaintService } from '../complaints/service.js'
import type { RegistryService } from '../registries/service.js'
import type { CertificateService } from '../certificates/service.js'

/** What the privacy module is built from (src/services.ts): service.ts, closure.ts and corrections.ts share it. */
export interface PrivacyDeps {
  db: Kysely<Database>
  clock: Clock
  crypto: FieldCrypto
  logger: Logger
  sms: SmsGateway
  audit: AuditService
  notifications: NotificationService
  applications: ApplicationService
  catalog: CatalogServiceApi
  identity: IdentityService
  bank: BankAccountService
  calendar: CalendarService
  sessions: SessionService
  jobs: JobService
  files: FileStore
  rateLimiter: RateLimiter
  directory: UserDirectory
  retention: ApplicationRetention
  complaints: Pick<ComplaintService, 'eraseForUser'>
  /** Look-up authorisations, the look-up ledger and disputes go with the account (data travels). */
  registries: Pick<RegistryService, 'erase'>
  /** Certificates stay verifiable (masked name, status) but no longer point at the person. */
  certificates: Pick<CertificateService, 'erase'>
  auditRetentionDays: number
}
