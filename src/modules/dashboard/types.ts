/** What 我的 (the personal dashboard) shows: plain data, read through each owning module's service. */
export interface DashboardData {
  verified: boolean
  realName: string | null
  hasEnterprise: boolean
  supplements: { ref: string; service: string; deadline: string | null }[]
  open: { ref: string; service: string; status: string }[]
  drafts: { service: string; serviceCode: string; updatedAt: string }[]
  unread: { id: number; title: string; link: string | null; createdAt: string; lang: 'zh-CN' | 'en' }[]
  unreadCount: number
  certificates: { number: string; type: string; status: string; expiresAt: string | null }[]
  services: { code: string; name: string; category: string; summary: string; enterprise: boolean }[]
}
