/** Ticket categories, priorities and callback answers (views list them, the service checks them). */
export const CATEGORIES = ['办件进度', '服务态度', '材料要求', '个人信息', '系统故障', '咨询建议', '其他'] as const
/** Working days to resolve, by category (configurable here; docs/interface.md). */
export const DUE_DAYS: Record<string, number> = { 办件进度: 3, 服务态度: 5, 材料要求: 3, 个人信息: 5, 系统故障: 2, 咨询建议: 1, 其他: 5 }
export const PRIORITIES = ['普通', '紧急']
export const SATISFACTION = ['满意', '基本满意', '不满意']
/** Caller identity checks (issue 16 item 5; docs/decisions/0165-caller-check-limits.md). */
export const CALLER_CHECKS_PER_TICKET = 3
export const CALLER_CHECKS_PER_PHONE = 5
export const CALLER_CHECK_WINDOW_MS = 24 * 3_600_000
