import { checkMonth, addMonths, monthsFrom, dateMessage } from '../../lib/dates.js'

/**
 * What a subsidy claim is worth and which period it covers, per service (issue 16 item 12;
 * docs/decisions/0162-payment-bounds.md, 0163-dates-and-claim-periods.md). Kept in code by service
 * code, not in the stored form JSON, so databases seeded before this rule existed get it too.
 */
export interface ClaimRule {
  /** The scheme's maximum for one claim (元): no payment above it, whatever was claimed. */
  max: number
  /** Claimed amount = Number(answers[amountField]) (or unitAmount) × units. */
  amountField?: string
  unitAmount?: number
  /** Units: Number(answers[unitsField]), or the number of non-empty lines of answers[linesField]. */
  unitsField?: string
  linesField?: string
  /** One claim per period: the months from answers[periodStartField] for answers[periodMonthsField] months. */
  periodStartField?: string
  periodMonthsField?: string
  /** How far back and ahead of the current month a claim period may start. */
  monthsBack?: number
  monthsAhead?: number
}

export const CLAIM_RULES: Record<string, ClaimRule> = {
  'housing-subsidy': {
    max: 36_000,
    amountField: 'monthly_amount',
    unitsField: 'period_months',
    periodStartField: 'period_start',
    periodMonthsField: 'period_months',
    monthsBack: 12,
    monthsAhead: 3,
  },
  'enterprise-talent-subsidy': { max: 500_000, unitAmount: 10_000, linesField: 'employees' },
}

/** The amount the answers claim (元, 2 decimals), or null when the rule cannot compute it. */
export function claimedAmount(rule: ClaimRule, answers: Record<string, string>): number | null {
  const per = rule.amountField ? Number(answers[rule.amountField]) : (rule.unitAmount ?? NaN)
  const units = rule.unitsField
    ? Number(answers[rule.unitsField])
    : rule.linesField
      ? (answers[rule.linesField] ?? '').split(/\r?\n/).filter((l) => l.trim()).length
      : 1
  if (!Number.isFinite(per) || !Number.isFinite(units) || per <= 0 || units <= 0) return null
  return Math.min(Math.round(per * units * 100) / 100, rule.max)
}

/** The months a claim covers (empty when the service has no claim periods). */
export function claimMonths(rule: ClaimRule, answers: Record<string, string>): string[] {
  if (!rule.periodStartField || !rule.periodMonthsField) return []
  const start = answers[rule.periodStartField] ?? ''
  const n = Number(answers[rule.periodMonthsField])
  if (!Number.isInteger(n) || n < 1 || n > 24 || checkMonth(start)) return []
  return monthsFrom(start, n)
}

/** Field errors for the claim period against today's month (Chinese, next to the start field). */
export function claimPeriodErrors(rule: ClaimRule, answers: Record<string, string>, today: string, label = '申领起始月份') {
  const errors: Record<string, string> = {}
  if (!rule.periodStartField) return errors
  const month = today.slice(0, 7)
  const bounds = {
    min: rule.monthsBack !== undefined ? addMonths(month, -rule.monthsBack) : undefined,
    max: rule.monthsAhead !== undefined ? addMonths(month, rule.monthsAhead) : undefined,
  }
  const p = checkMonth(answers[rule.periodStartField] ?? '', bounds)
  if (p) errors[rule.periodStartField] = dateMessage(label, p, bounds, true)
  return errors
}
