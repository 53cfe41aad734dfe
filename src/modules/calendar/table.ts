export interface CalendarDaysTable {
  day: string
  kind: 'holiday' | 'workday'
  name: string
  updatedBy: number | null
  updatedAt: string
}
