/** Security settings secadmin may set (key → integer value as text). */
export interface SettingsTable {
  key: string
  value: string
  updatedBy: number | null
  updatedAt: string
}
