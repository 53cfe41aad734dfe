import { addDays } from '../../lib/time.js'

/**
 * Official 2026 public holidays and make-up working days (国务院办公厅关于2026年部分节假日安排的通知).
 * Transcribed by hand — see docs/decisions/0030-holiday-calendar.md; supervisors can correct any day
 * at /staff/calendar and the change takes effect for new deadlines at once.
 */
export const HOLIDAYS_2026: { day: string; kind: 'holiday' | 'workday'; name: string }[] = [
  ...range('2026-01-01', '2026-01-03', '元旦'),
  { day: '2026-01-04', kind: 'workday', name: '元旦调休上班' },
  { day: '2026-02-14', kind: 'workday', name: '春节调休上班' },
  ...range('2026-02-15', '2026-02-23', '春节'),
  { day: '2026-02-28', kind: 'workday', name: '春节调休上班' },
  ...range('2026-04-04', '2026-04-06', '清明节'),
  ...range('2026-05-01', '2026-05-05', '劳动节'),
  { day: '2026-05-09', kind: 'workday', name: '劳动节调休上班' },
  ...range('2026-06-19', '2026-06-21', '端午节'),
  { day: '2026-09-20', kind: 'workday', name: '国庆节调休上班' },
  ...range('2026-09-25', '2026-09-27', '中秋节'),
  ...range('2026-10-01', '2026-10-07', '国庆节'),
  { day: '2026-10-10', kind: 'workday', name: '国庆节调休上班' },
]

function range(from: string, to: string, name: string) {
  const out: { day: string; kind: 'holiday'; name: string }[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) out.push({ day: d, kind: 'holiday', name })
  return out
}
