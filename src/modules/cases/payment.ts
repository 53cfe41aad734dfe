import { beijingDate } from '../../lib/time.js'
import { t } from '../../lib/i18n/index.js'
import { checkDate, dateMessage } from '../../lib/dates.js'
import type { ApplicationRow } from '../applications/table.js'
import type { CatalogService } from '../catalog/service.js'
import { claimedAmount } from '../catalog/claims.js'

/** No subsidy payment is ever above this (元), whatever a service's rule says (docs/decisions/0162-payment-bounds.md). */
export const PAYMENT_CEILING = 1_000_000

/** What the reviewer may pay on a case: the amount claimed (capped by the scheme's maximum). */
export function payable(app: Pick<ApplicationRow, 'data'>, service: Pick<CatalogService, 'claim'> | null) {
  const rule = service?.claim ?? null
  const claimed = rule ? claimedAmount(rule, JSON.parse(app.data) as Record<string, string>) : null
  const max = Math.min(rule?.max ?? PAYMENT_CEILING, PAYMENT_CEILING)
  return { claimed, max, limit: claimed !== null ? Math.min(claimed, max) : max }
}

/**
 * Field errors for a payment: a positive amount in 元 with at most 2 decimals, not above what was
 * claimed nor the scheme's maximum; a real date between the submission and today; a voucher number.
 */
export function paymentErrors(
  input: { amount: string; date: string; voucher: string },
  app: Pick<ApplicationRow, 'data' | 'submittedAt' | 'createdAt'>,
  service: Pick<CatalogService, 'claim'> | null,
  today: string,
): Record<string, string> {
  const errors: Record<string, string> = {}
  const { claimed, max, limit } = payable(app, service)
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(input.amount) || Number(input.amount) <= 0) errors.amount = t('请填写发放金额（元，最多两位小数）')
  else if (Number(input.amount) > limit)
    errors.amount = claimed !== null && claimed <= max ? `发放金额不能超过申领金额 ${claimed} 元` : `发放金额不能超过政策上限 ${max} 元`
  const bounds = { min: beijingDate(app.submittedAt ?? app.createdAt), max: today }
  const p = checkDate(input.date, bounds)
  if (p === 'too_early') errors.date = `发放日期不能早于申请提交日 ${bounds.min}`
  else if (p === 'too_late') errors.date = t('发放日期不能晚于今天')
  else if (p) errors.date = dateMessage(t('发放日期'), p)
  if (!/^[A-Za-z0-9-]{4,40}$/.test(input.voucher)) errors.voucher = t('请填写凭证号（4–40位字母数字）')
  return errors
}
