import type { AuditHeadTable, AuditLogTable } from '../modules/audit/table.js'
import type { JobSchedulesTable, JobsTable } from '../modules/jobs/table.js'
import type { MessagesTable, OutboxTable } from '../modules/notifications/table.js'
import type { RateLimitsTable } from '../modules/ratelimit/table.js'
import type { PolicyVersionsTable } from '../modules/policy/table.js'
import type { ConsentsTable, ClosureRequestsTable, CorrectionRequestsTable, DisclosuresTable } from '../modules/privacy/table.js'
import type {
  EnterpriseInvitationsTable,
  EnterpriseOperatorsTable,
  EnterprisesTable,
  SessionsTable,
  SmsCodesTable,
  StaffActivationsTable,
  LoginThrottleTable,
  StaffRolesTable,
  StaffTable,
  UsersTable,
} from '../modules/identity/table.js'
import type { ServicesTable } from '../modules/catalog/table.js'
import type {
  ApplicationEventsTable,
  ApplicationsTable,
  AttachmentBlobsTable,
  AttachmentsTable,
  MaterialReusesTable,
  DraftsTable,
  RatingsTable,
  SubsidyClaimMonthsTable,
} from '../modules/applications/table.js'
import type { CalendarDaysTable } from '../modules/calendar/table.js'
import type { ComplaintsTable, ComplaintNotesTable } from '../modules/complaints/table.js'
import type { RectificationsTable, StaffAlertsTable } from '../modules/cases/table.js'
import type { IncidentsTable, AnnouncementsTable } from '../modules/admin/table.js'
import type { SettingsTable } from '../modules/security-settings/table.js'
import type {
  CertificateKeysTable,
  CertificateSharesTable,
  CertificatesTable,
  CertificateVerificationsTable,
} from '../modules/certificates/table.js'
import type { RuleEvaluationsTable } from '../modules/rules/table.js'
import type {
  RegistryAuthorisationsTable,
  RegistryDisputesTable,
  RegistryLookupsTable,
  RegistryRecordsTable,
} from '../modules/registries/table.js'

/** The whole schema, assembled from each module's table.ts. Keys are the SQL table names. */
export interface Database {
  auditLog: AuditLogTable
  auditHead: AuditHeadTable
  jobs: JobsTable
  jobSchedules: JobSchedulesTable
  outbox: OutboxTable
  messages: MessagesTable
  rateLimits: RateLimitsTable
  policyVersions: PolicyVersionsTable
  consents: ConsentsTable
  closureRequests: ClosureRequestsTable
  correctionRequests: CorrectionRequestsTable
  disclosures: DisclosuresTable
  users: UsersTable
  enterprises: EnterprisesTable
  enterpriseOperators: EnterpriseOperatorsTable
  enterpriseInvitations: EnterpriseInvitationsTable
  staff: StaffTable
  staffRoles: StaffRolesTable
  sessions: SessionsTable
  smsCodes: SmsCodesTable
  staffActivations: StaffActivationsTable
  loginThrottle: LoginThrottleTable
  services: ServicesTable
  applications: ApplicationsTable
  applicationEvents: ApplicationEventsTable
  attachments: AttachmentsTable
  materialReuses: MaterialReusesTable
  attachmentBlobs: AttachmentBlobsTable
  drafts: DraftsTable
  ratings: RatingsTable
  subsidyClaimMonths: SubsidyClaimMonthsTable
  calendarDays: CalendarDaysTable
  complaints: ComplaintsTable
  complaintNotes: ComplaintNotesTable
  incidents: IncidentsTable
  announcements: AnnouncementsTable
  settings: SettingsTable
  rectifications: RectificationsTable
  staffAlerts: StaffAlertsTable
  registryRecords: RegistryRecordsTable
  registryAuthorisations: RegistryAuthorisationsTable
  registryLookups: RegistryLookupsTable
  registryDisputes: RegistryDisputesTable
  ruleEvaluations: RuleEvaluationsTable
  certificateKeys: CertificateKeysTable
  certificates: CertificatesTable
  certificateVerifications: CertificateVerificationsTable
  certificateShares: CertificateSharesTable
}
