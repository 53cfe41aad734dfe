import type { ApplicationService } from '../applications/service.js'
import type { NotificationService } from '../notifications/service.js'
import type { CertificateService } from '../certificates/service.js'
import type { CatalogServiceApi } from '../catalog/service.js'
import type { UserRow } from '../identity/table.js'
import type { DashboardData } from './types.js'

/**
 * The personal dashboard (/me): to-dos (supplements asked for, drafts, unread notices, certificates),
 * the next step, and the services this person can apply for. It owns no tables: every figure comes
 * from the module that owns it (decision 0230).
 */
export function createDashboardService(deps: {
  applications: ApplicationService
  notifications: NotificationService
  certificates: CertificateService
  catalog: CatalogServiceApi
}) {
  const { applications, notifications, certificates, catalog } = deps
  return {
    async overview(user: UserRow, enterpriseIds: number[]): Promise<DashboardData> {
      const all = await catalog.list()
      const name = new Map(all.map((s) => [s.code, s.name]))
      const apps = await applications.listForApplicant(user.id, enterpriseIds)
      const drafts = await applications.drafts(user.id)
      const messages = await notifications.messages(user.id)
      const unread = messages.filter((m) => !m.readAt)
      const certs = await certificates.ofHolder(user.id)
      const open = apps.filter((a) => a.status === 'submitted' || a.status === 'accepted')
      const supplements = apps.filter((a) => a.status === 'supplement')
      const deadlines = new Map<string, string | null>()
      for (const a of supplements) deadlines.set(a.ref, (await applications.detailForApplicant(user.id, a.ref)).app.deadlineDate)
      return {
        verified: !!user.verifiedAt,
        realName: user.realName,
        hasEnterprise: enterpriseIds.length > 0,
        supplements: supplements.map((a) => ({
          ref: a.ref,
          service: name.get(a.serviceCode) ?? a.serviceCode,
          deadline: deadlines.get(a.ref) ?? null,
        })),
        open: open.map((a) => ({ ref: a.ref, service: name.get(a.serviceCode) ?? a.serviceCode, status: a.status })),
        drafts: drafts.map((d) => ({
          service: name.get(d.serviceCode) ?? d.serviceCode,
          serviceCode: d.serviceCode,
          updatedAt: d.updatedAt,
        })),
        unread: unread.slice(0, 5).map((m) => ({ id: m.id, title: m.title, link: m.link, createdAt: m.createdAt, lang: m.lang })),
        unreadCount: unread.length,
        certificates: certs.map((c) => ({ number: c.number, type: c.type, status: c.status, expiresAt: c.expires_at })),
        services: all
          .filter((s) => s.status === 'online')
          .map((s) => ({
            code: s.code,
            name: s.name,
            category: s.category,
            summary: s.guide.summary,
            enterprise: s.applicantKind === 'enterprise',
          })),
      }
    },
  }
}

export type DashboardService = ReturnType<typeof createDashboardService>
