import type { Generated, Selectable } from 'kysely'

export interface UsersTable {
  id: Generated<number>
  phone: string | null
  passwordHash: string | null
  status: 'active' | 'closing' | 'closed'
  failedLogins: Generated<number>
  lockedUntil: string | null
  email: string | null
  emailVerifiedAt: string | null
  realName: string | null
  idNumberEnc: string | null
  idNumberBidx: string | null
  idNumberMasked: string | null
  birthDate: string | null
  sex: string | null
  bankName: string | null
  bankAccountEnc: string | null
  bankAccountMasked: string | null
  verifiedAt: string | null
  verificationMethod: string | null
  createdAt: string
  updatedAt: string
  closedAt: string | null
  guardianName: Generated<string | null>
  guardianRelation: Generated<string | null>
  guardianPhone: Generated<string | null>
  /** zh-CN | en: the language of the SMS and mail sent to this person (decision 0220). */
  locale: Generated<string>
}
export interface EnterprisesTable {
  id: Generated<number>
  name: string
  uscc: string
  legalRepName: string
  legalRepIdEnc: string
  legalRepIdBidx: string
  legalRepIdMasked: string
  verifiedAt: string | null
  verificationMethod: string | null
  createdAt: string
}
export interface EnterpriseOperatorsTable {
  enterpriseId: number
  userId: number
  addedBy: number | null
  createdAt: string
}
export interface EnterpriseInvitationsTable {
  id: Generated<number>
  enterpriseId: number
  inviteeUserId: number
  invitedBy: number
  status: 'pending' | 'accepted' | 'declined' | 'expired'
  createdAt: string
  expiresAt: string
  decidedAt: string | null
}
export interface StaffTable {
  id: Generated<number>
  username: string
  passwordHash: string
  displayName: string
  staffNo: string
  department: string
  totpSecretEnc: string | null
  status: 'pending' | 'active' | 'disabled'
  mustChangePassword: Generated<number>
  failedLogins: Generated<number>
  lockedUntil: string | null
  createdAt: string
  /** The holder's own contact: activation and reset links go here, never to the creator. */
  phone: Generated<string | null>
  email: Generated<string | null>
  /** The last TOTP time step accepted (each code works once). */
  totpLastStep: Generated<number | null>
}
export interface StaffRolesTable {
  staffId: number
  role: string
  grantedBy: number | null
  createdAt: string
}
export interface SessionsTable {
  id: string
  subjectType: 'citizen' | 'staff'
  subjectId: number
  createdAt: string
  lastSeenAt: string
  expiresAt: string
  revokedAt: string | null
  stepUpUntil: string | null
  actingEnterpriseId: number | null
  ip: string | null
  userAgent: string | null
  /** How the session was signed in: 'password' | 'password+totp' (staff); null for citizens. */
  factors: Generated<string | null>
}
export interface SmsCodesTable {
  id: Generated<number>
  phone: string
  purpose: string
  codeHash: string
  attempts: Generated<number>
  createdAt: string
  expiresAt: string
  consumedAt: string | null
  ip: string | null
}
export interface StaffActivationsTable {
  id: Generated<number>
  staffId: number
  tokenHash: string
  purpose: 'activate' | 'reset' | 'totp'
  channel: 'sms' | 'mail'
  totpSecretEnc: string | null
  createdBy: number | null
  createdAt: string
  expiresAt: string
  usedAt: string | null
}
/** Login failures and locks keyed by the identifier as typed (a phone or username, registered or not). */
export interface LoginThrottleTable {
  key: string
  failures: number
  lockedUntil: string | null
  updatedAt: string
}
export type UserRow = Selectable<UsersTable>
export type StaffRow = Selectable<StaffTable>
export type SessionRow = Selectable<SessionsTable>
export type EnterpriseRow = Selectable<EnterprisesTable>
