import type { Deps } from './deps.js'
import { createAuditService } from './modules/audit/service.js'
import { createJobService } from './modules/jobs/service.js'
import { createNotificationService } from './modules/notifications/service.js'
import { createRateLimiter } from './modules/ratelimit/service.js'
import { createSessionService } from './modules/identity/sessions.js'
import { createStaffService } from './modules/identity/staff.js'
import { createUserDirectory } from './modules/identity/directory.js'
import { createConsentService } from './modules/privacy/consents.js'
import { createIdentityService } from './modules/identity/service.js'
import { formatOnlyVerifier } from './modules/identity/verifier.js'
import { createCatalogService } from './modules/catalog/service.js'
import { createApplicationService } from './modules/applications/service.js'
import { createFileStore } from './modules/applications/storage.js'
import { createCalendarService } from './modules/calendar/service.js'
import { createCaseService } from './modules/cases/service.js'
import { createRectificationOpener } from './modules/cases/rectifications.js'
import { createApplicationRetention } from './modules/applications/retention.js'
import { createPrivacyService } from './modules/privacy/service.js'
import { createComplaintService } from './modules/complaints/service.js'
import { createAdminService } from './modules/admin/service.js'
import { createSecuritySettingsService } from './modules/security-settings/service.js'
import { createPolicyService } from './modules/policy/service.js'

/**
 * The composition root for domain services (MoJ template style): each service gets exactly the
 * deps and other services it needs. `type Services = ReturnType<typeof createServices>`.
 * Periodic jobs are registered here too, so `jobs:run` and the in-process worker see the same set.
 */
export function createServices(deps: Deps) {
  const { db, dialect, clock, crypto, mailer, sms, logger } = deps
  const audit = createAuditService({ db, dialect, clock })
  const jobs = createJobService({ db, clock, logger, concurrency: deps.config.jobsConcurrency })
  const directory = createUserDirectory({ db })
  const consents = createConsentService({ db, clock })
  const notifications = createNotificationService({ db, clock, mailer, sms, logger, contactOf: directory.contactOf })
  const rateLimiter = createRateLimiter({ db, clock })
  const securitySettings = createSecuritySettingsService({ db, clock, audit })
  const securityPolicy = () => securitySettings.securityPolicy()
  const policy = createPolicyService({ db, clock, audit, notifications, jobs, directory, consents })
  const sessions = createSessionService({ db, clock, tokenKey: crypto.tokenKey, policy: securityPolicy })
  const staff = createStaffService({ db, clock, crypto, audit })
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
  })

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
    onLowRating: (r) => rectificationOpener.forLowRating(r),
  })

  const cases = createCaseService({ db, clock, audit, notifications, applications, catalog, identity, calendar, staff })
  const complaints = createComplaintService({ db, clock, audit, identity, applications, calendar, notifications })
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
    calendar,
    sessions,
    jobs,
    files,
    rateLimiter,
    directory,
    retention: createApplicationRetention({ db }),
    complaints,
    auditRetentionDays: deps.config.auditRetentionDays,
  })
  const admin = createAdminService({ db, clock, audit, notifications, sessions, staff, directory })

  jobs.every('outbox', 5_000, () => notifications.deliverDue())
  jobs.every('retention', 24 * 3_600_000, (now) => privacy.purge(now))
  jobs.every('deadlines', 24 * 3_600_000, () => cases.deadlineAlerts())
  jobs.every('complaint-due', 24 * 3_600_000, async () => {
    await complaints.dueAlerts()
  })

  return {
    deps,
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
    catalog,
    applications,
    calendar,
    cases,
    privacy,
    complaints,
    admin,
  }
}

export type Services = ReturnType<typeof createServices>
