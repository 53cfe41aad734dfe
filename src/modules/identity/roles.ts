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
