import { t } from '../../lib/i18n/index.js'

/** Staff are shown to each other by name and number. */
export const staffLabel = (s: { displayName: string | null; staffNo: string } | null | undefined) =>
  s ? (s.displayName ? `${s.displayName}（${s.staffNo}）` : s.staffNo) : t('其他工作人员')
