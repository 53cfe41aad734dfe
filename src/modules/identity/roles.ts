import { t } from '../../lib/i18n/index.js'
/** Staff roles (DESIGN.md §8, 三权分立). */
export const STAFF_ROLES = ['clerk', 'reviewer', 'supervisor', 'complaints', 'sysadmin', 'secadmin', 'auditor'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]
/** These roles need a TOTP second factor at login. */
export const TOTP_ROLES: readonly StaffRole[] = ['sysadmin', 'secadmin', 'auditor']
export const ROLE_LABELS: Record<StaffRole, string> = {
  clerk: '受理/窗口',
  reviewer: '审核',
  supervisor: '科室负责人',
  complaints: '热线坐席',
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditor: '审计员',
}
export const isStaffRole = (r: string): r is StaffRole => (STAFF_ROLES as readonly string[]).includes(r)
/**
 * 三员分立: each admin role is held alone — never two of sysadmin / secadmin / auditor, and never an
 * admin role with a case or phone-desk role (sysadmin must see no personal data; an auditor must not
 * audit their own case work; secadmin must not grant themself business through a second account).
 * Returns the message when `roles` together break the rule, else null.
 */
const ADMIN_ROLES: readonly StaffRole[] = ['sysadmin', 'secadmin', 'auditor']
export function roleConflict(roles: readonly string[]): string | null {
  const admin = roles.filter((r) => ADMIN_ROLES.includes(r as StaffRole))
  if (admin.length === 0 || roles.length === 1) return null
  const label = (r: string) => ROLE_LABELS[r as StaffRole] ?? r
  const other = roles.find((r) => r !== admin[0])!
  return t('{a}须单独担任，不能同时担任{b}（三员分立）', { a: t(label(admin[0])), b: t(label(other)) })
}
