import { createFactory } from 'hono/factory'
import type { Locale } from '../lib/i18n/index.js'
import type { Services } from '../services.js'
import type { AuditContext } from '../modules/audit/service.js'
import type { SessionPrincipal } from '../modules/identity/sessions.js'
import type { UserRow, StaffRow } from '../modules/identity/table.js'

/** The Hono context type, declared once (hono's createFactory<Env>()). */
export type AppEnv = {
  Variables: {
    requestId: string
    /** The client's address under the TRUST_PROXY rules (null when unknown, e.g. app.request in tests). */
    clientIp: string | null
    services: Services
    csrfToken: string
    principal: SessionPrincipal | null
    /** Set by requireCitizen. */
    citizen: UserRow
    /** Set by requireStaff. */
    staff: StaffRow
    staffRoles: string[]
    audit: AuditContext
    careMode: boolean
    /** The request's language (src/middleware/locale.ts). */
    locale: Locale
    /** Unread messages of the signed-in citizen: read it through unreadOf() (session.ts), which counts on first use. */
    unread: number
    /** A published material privacy-policy change not yet in force, for the layout's notice (policy/middleware.ts). */
    policyNotice: PolicyNoticeData | null
  }
}

/** The plain data of the site-wide policy notice (views/policy/notice.tsx). */
export interface PolicyNoticeData {
  version: string
  publishedAt: string
  effectiveAt: string
}

export const factory = createFactory<AppEnv>()
