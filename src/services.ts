import type { Deps } from './deps.js'
import { createAuditService } from './modules/audit/service.js'
import { auditKeys } from './modules/audit/keys.js'
import { createJobService } from './modules/jobs/service.js'
import { createNotificationService } from './modules/notifications/service.js'
import { createRateLimiter } from './modules/ratelimit/service.js'
import { createSessionService } from './modules/identity/sessions.js'
import { createStaffService } from './modules/identity/staff.js'
import { createUserDirectory } from './modules/identity/directory.js'
import { createConsentService } from './modules/privacy/consents.js'
import { createIdentityService } from './modules/identity/service.js'
import { createBankAccountService } from './modules/identity/bank.js'
import { createOperatorService } from './modules/identity/operators.js'
import { formatOnlyVerifier } from './modules/identity/verifier.js'
import { createCatalogService } from './modules/catalog/service.js'
import { createApplicationService } from './modules/applications/service.js'
import { createMaterialReuse } from './modules/applications/reuse.js'
import { createFileStore } from './modules/applications/storage.js'
import { createCalendarService } from './modules/calendar/service.js'
import { createCaseService } from './modules/cases/service.js'
import { createRectificationOpener } from './modules/cases/rectifications.js'
import { createApplicationRetention } from './modules/applications/retention.js'
import { createCounterService } from './modules/cases/counter.js'
import { createQueueService } from './modules/cases/queue.js'
import { createPrivacyService } from './modules/privacy/service.js'
import { createComplaintService } from './modules/complaints/service.js'
import { createAdminService } from './modules/admin/service.js'
import { createSecuritySettingsService } from './modules/security-settings/service.js'
import { createPolicyService } from './modules/policy/service.js'
import { createProxyTrust } from './lib/client-address.js'
import { createRegistryService, databaseConnector } from './modules/registries/service.js'
import { httpConnector } from './modules/registries/connectors.js'
import { createCertificateService } from './modules/certificates/service.js'
import { createRuleService } from './modules/rules/service.js'
import { createDecisionService } from './modules/rules/decisions.js'
import { createDashboardService } from './modules/dashboard/service.js'

/**
 * The composition root for domain services (MoJ template style): each service gets exactly the
 * deps and other services it needs. `type Services = ReturnType<typeof createServices>`.
 * Periodic jobs are registered here too, so `jobs:run` and the in-process worker see the same set.
 */
export function createServices(deps: Deps) {
  const { db, dialect, clock, crypto, mailer, sms, logger } = deps
  const audit = createAuditService({
    db,
    dialect,
    clock,
    logger,
    keys: auditKeys(deps.config),
    checkpointDir: deps.config.auditCheckpointDir,
  })
  if (deps.config.production && deps.config.auditSigningKeyGenerated)
    logger.warn('AUDIT_SIGNING_KEY is not set: audit checkpoints are signed with a key generated into DATA_DIR')
  const jobs = createJobService({ db, clock, logger, concurrency: deps.config.jobsConcurrency })
  const directory = createUserDirectory({ db })
  const consents = createConsentService({ db, clock })
  const notifications = createNotificationService({ db, clock, mailer, sms, logger, contactOf: directory.contactOf })
  const rateLimiter = createRateLimiter({ db, clock })
  const securitySettings = createSecuritySettingsService({ db, clock, audit })
  const securityPolicy = () => securitySettings.securityPolicy()
  const policy = createPolicyService({ db, clock, audit, notifications, jobs, directory, consents })
  const sessions = createSessionService({ db, clock, tokenKey: crypto.tokenKey, policy: securityPolicy })
  const staff = createStaffService({ db, clock, crypto, audit, notifications, sessions, rateLimiter, publicUrl: deps.config.publicUrl })
  const bank = createBankAccountService({ db, clock, crypto, audit, notifications, sessions })
  const identity = createIdentityService({
    db,
    clock,
    crypto,
    audit,
    notifications,
    rateLimiter,
    sessions,
    verifier: formatOnlyVerifier,
    consents,
    privacyPolicy: policy,
    policy: securityPolicy,
    publicUrl: deps.config.publicUrl,
    accountChanged: bank.accountChanged,
  })

  const operators = createOperatorService({ db, clock, audit, notifications, rateLimiter })
  const registryConnector = Object.keys(deps.config.registries).length
    ? httpConnector(deps.config.registries, databaseConnector(db, crypto))
    : databaseConnector(db, crypto)
  const registries = createRegistryService({ db, clock, crypto, audit, connector: registryConnector, logger })
  const rules = createRuleService()
  const certificates = createCertificateService({ db, clock, crypto, audit })

  const catalog = createCatalogService({ db, clock })
  const calendar = createCalendarService({ db, clock })
  const rectificationOpener = createRectificationOpener({ db, clock, calendar })
  const files = createFileStore()
  const applications = createApplicationService({
    db,
    clock,
    audit,
    notifications,
    catalog,
    identity,
    files,
    calendar,
    bank,
    encrypt: (plain) => crypto.encrypt(plain),
    onLowRating: (r) => rectificationOpener.forLowRating(r),
  })

  const materialReuse = createMaterialReuse({
    db,
    clock,
    audit,
    catalog,
    files,
    staffById: async (id) => {
      const s = await staff.byId(id)
      return s && { name: s.displayName, staffNo: s.staffNo }
    },
  })

  /** Services whose approval issues an electronic certificate (电子证照), and what it is called. */
  const CERTIFIED: Record<string, string> = { 'talent-registration': '人才认定证书' }
  const cases = createCaseService({
    db,
    clock,
    audit,
    notifications,
    applications,
    catalog,
    identity,
    calendar,
    staff,
    // Inside the approving transaction: an approved talent registration issues its certificate.
    onApproved: async (trx, ctx, ref) => {
      const app = await applications.byRefIn(trx, ref)
      const type = app && CERTIFIED[app.serviceCode]
      if (!app || !type || !app.applicantUserId) return
      const user = await identity.userByIdIn(trx, app.applicantUserId)
      const answers = JSON.parse(app.data) as Record<string, string>
      await certificates.issue(trx, ctx, {
        applicationRef: ref,
        userId: app.applicantUserId,
        holderName: user?.realName ?? '',
        type,
        category: answers.talent_category ?? '人才认定',
      })
    },
    // Inside the revoking transaction: the certificate is revoked and the sample records why.
    onRevoked: async (trx, ctx, ref, reason) => {
      await certificates.revoke(trx, ctx, ref, reason)
      await decisions.markRevoked(trx, ref, ctx.actorType === 'staff' && ctx.actorId ? Number(ctx.actorId) : null, reason)
    },
    // The statistics ask the rules module, which owns rule_evaluations, for the instant approvals.
    instantStats: (range) => decisions.stats(range),
  })
  const decisions = createDecisionService({
    db,
    clock,
    audit,
    rules,
    samplingRate: deps.config.samplingRate,
    firstSamples: deps.config.samplingFirst,
    approve: (trx, ctx, ref, reason, limitDays) => cases.instantApprove(trx, ctx, ref, reason, limitDays),
  })
  const queue = createQueueService({ db, clock, audit, applications, identity, calendar, staff })
  const counter = createCounterService({ clock, audit, applications, identity, hmac: (p, v) => crypto.hmac(p, v) })
  const complaints = createComplaintService({
    db,
    clock,
    audit,
    identity,
    applications,
    calendar,
    notifications,
    rateLimiter,
    keyedHash: (v) => crypto.hmac('caller-check', v),
  })
  const privacy = createPrivacyService({
    db,
    clock,
    crypto,
    logger,
    sms,
    audit,
    notifications,
    applications,
    catalog,
    identity,
    bank,
    calendar,
    sessions,
    jobs,
    files,
    rateLimiter,
    directory,
    retention: createApplicationRetention({ db }),
    complaints,
    registries,
    certificates,
    auditRetentionDays: deps.config.auditRetentionDays,
  })
  const dashboard = createDashboardService({ applications, notifications, certificates, catalog })
  const admin = createAdminService({ db, clock, audit, notifications, sessions, staff, directory })

  jobs.every('outbox', 5_000, (_now, signal) => notifications.deliverDue(50, signal))
  // Rows are sealed right after each write on the writing node; this catches any a crash left behind.
  jobs.every('audit-seal', 10_000, () => audit.seal())
  jobs.every('audit-checkpoint', 10 * 60_000, () => audit.checkpointIfMoved())
  jobs.every('retention', 24 * 3_600_000, (now) => privacy.purge(now))
  jobs.every('deadlines', 24 * 3_600_000, () => cases.deadlineAlerts())
  jobs.every('complaint-due', 24 * 3_600_000, async () => {
    await complaints.dueAlerts()
  })

  return {
    deps,
    /** TRUST_PROXY: whose X-Forwarded-For / X-Request-Id is believed (src/middleware/client.ts). */
    proxyTrust: createProxyTrust(deps.config.trustProxy),
    audit,
    jobs,
    notifications,
    rateLimiter,
    securitySettings,
    policy,
    consents,
    sessions,
    staff,
    identity,
    bank,
    operators,
    catalog,
    applications,
    materialReuse,
    calendar,
    cases,
    queue,
    counter,
    privacy,
    complaints,
    admin,
    registries,
    rules,
    certificates,
    decisions,
    dashboard,
  }
}

export type Services = ReturnType<typeof createServices>
