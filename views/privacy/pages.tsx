/** The privacy pages, one file per page (each under the 400-line rule); this module re-exports them. */
export { DataCenterPage, AccessLogPage, ExportSummaryPage } from './data-center.js'
export { ConsentsPage, CookieBanner, CookiesPage } from './consents.js'
export { ClosurePage, ClosureStatusPage } from './closure.js'
export { DisclosuresAdminPage } from './disclosures.js'
