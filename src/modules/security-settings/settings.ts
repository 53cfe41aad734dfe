/** Security policy values secadmin may set, with safe bounds. */
export const SETTINGS: Record<string, { label: string; min: number; max: number; def: number }> = {
  lockout_threshold: { label: '连续登录失败锁定次数', min: 3, max: 10, def: 5 },
  citizen_idle_minutes: { label: '群众会话空闲超时（分钟）', min: 5, max: 30, def: 30 },
  staff_idle_minutes: { label: '工作人员会话空闲超时（分钟）', min: 5, max: 15, def: 15 },
  password_min_length: { label: '密码最小长度', min: 8, max: 32, def: 8 },
}
