import { t } from '../../lib/i18n/index.js'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import { AppError } from '../../lib/errors.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import * as repo from './repository.js'

/** Values secadmin may tune (this module stores them; identity applies them). */
export interface SecurityPolicy {
  lockoutThreshold: number
  citizenIdleMinutes: number
  staffIdleMinutes: number
  passwordMinLength: number
}
export const DEFAULT_POLICY: SecurityPolicy = { lockoutThreshold: 5, citizenIdleMinutes: 30, staffIdleMinutes: 15, passwordMinLength: 8 }

import { SETTINGS } from './settings.js'
export { SETTINGS }

/**
 * Security settings (lockout threshold, idle timeouts, password length): a small module below
 * identity, so sessions and sign-in read them without depending on the admin console.
 */
export function createSecuritySettingsService(deps: { db: Kysely<Database>; clock: Clock; audit: AuditService }) {
  const { db, clock, audit } = deps
  const now = () => toTimestamp(clock.now())
  let settingsCache: { at: number; value: SecurityPolicy } | null = null

  async function settings() {
    const stored = Object.fromEntries((await repo.settings(db)).map((r) => [r.key, Number(r.value)]))
    return Object.fromEntries(Object.entries(SETTINGS).map(([k, d]) => [k, stored[k] ?? d.def]))
  }

  return {
    settings,
    /** The settings as identity applies them; cached 5 s of clock time per node, dropped on change. */
    async securityPolicy(): Promise<SecurityPolicy> {
      const t = clock.now().getTime()
      if (!settingsCache || t - settingsCache.at > 5_000 || t < settingsCache.at) {
        const v = await settings()
        settingsCache = {
          at: t,
          value: {
            lockoutThreshold: v.lockout_threshold,
            citizenIdleMinutes: v.citizen_idle_minutes,
            staffIdleMinutes: v.staff_idle_minutes,
            passwordMinLength: v.password_min_length,
          },
        }
      }
      return settingsCache.value
    },
    async setSettings(ctx: AuditContext, actorId: number, values: Record<string, string>) {
      const errors: Record<string, string> = {}
      for (const [k, d] of Object.entries(SETTINGS)) {
        const n = Number(values[k])
        if (!Number.isInteger(n) || n < d.min || n > d.max)
          errors[k] = t('{label}须在 {min}–{max} 之间', { label: t(d.label), min: d.min, max: d.max })
      }
      if (Object.keys(errors).length) throw new AppError('invalid', '提交的信息有误，请按提示修改', errors)
      await db.transaction().execute(async (trx) => {
        for (const k of Object.keys(SETTINGS)) await repo.setSetting(trx, k, String(Number(values[k])), actorId, now())
        await audit.record(trx, ctx, {
          action: 'admin.settings_changed',
          subjectType: 'system',
          detail: Object.fromEntries(Object.keys(SETTINGS).map((k) => [k, Number(values[k])])),
        })
      })
      settingsCache = null // once committed: a retried or rolled-back change must not be read meanwhile
    },
  }
}
export type SecuritySettingsService = ReturnType<typeof createSecuritySettingsService>
