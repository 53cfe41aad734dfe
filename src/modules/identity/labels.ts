/**
 * Identity's plain constants that views use as well as services (docs/architecture.md: views import
 * only plain module files). No imports.
 */

/** 开户银行: the banks a payee account may be held at (checked by account.ts and bank.ts, offered by the views). */
export const BANKS = [
  '中国工商银行',
  '中国农业银行',
  '中国银行',
  '中国建设银行',
  '交通银行',
  '中国邮政储蓄银行',
  '招商银行',
  '中信银行',
  '中国光大银行',
  '华夏银行',
  '中国民生银行',
  '广发银行',
  '平安银行',
  '兴业银行',
  '上海浦东发展银行',
  '农村商业银行',
  '其他银行',
] as const
