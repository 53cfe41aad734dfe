import * as OTPAuth from 'otpauth'

export const TOTP_PERIOD_S = 30
const ISSUER = '人才一站式网上办事大厅'

export function totpFor(secretBase32: string, label = 'staff') {
  return new OTPAuth.TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_S,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  })
}

export const newTotpSecret = () => new OTPAuth.Secret({ size: 20 }).base32

/**
 * The time step a code belongs to, allowing one step of clock drift either way, or null when it
 * matches none. The caller must still claim the step (repository claimTotpStep) so a code works only once.
 */
export function totpStep(secretBase32: string, code: string, nowMs: number): number | null {
  if (!/^\d{6}$/.test(code)) return null
  const delta = totpFor(secretBase32).validate({ token: code, window: 1, timestamp: nowMs })
  return delta === null ? null : Math.floor(nowMs / 1000 / TOTP_PERIOD_S) + delta
}
