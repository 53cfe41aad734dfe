import { AppError } from '../../lib/errors.js'
import { tooLong } from '../../lib/forms.js'
import { validatePassword, validatePhone, validateSmsCode } from './validators.js'

/**
 * Identity's forms answer a conflict named at a field — a phone number registered meanwhile, an ID
 * number or a 统一社会信用代码 already verified — as a refusal of the input, 422, not 409: registration
 * must not tell who is registered by its status (non-enumeration, decision 0153), and the real-name and
 * enterprise forms have always answered so (decision 0241). A conflict with no field (already verified)
 * keeps its 409. Used in a formAction's `run`: `catch (e) { throw conflictAtField(e) }`.
 */
export function conflictAtField(e: unknown): unknown {
  if (e instanceof AppError && e.code === 'conflict' && Object.keys(e.fields).length) return new AppError('invalid', e.message, e.fields)
  return e
}

/**
 * The checks the registration and password-reset forms make before the service: the phone, the SMS
 * code and the new password, and nothing over-long. Thrown as the service would (formAction's `run`).
 */
export function checkPhoneCodePassword(f: Record<string, string>, phone: string, code: string, extra: Record<string, string> = {}) {
  const errors: Record<string, string> = { ...tooLong(f, { phone: 20, sms_code: 10, password: 64 }) }
  const pe = validatePhone(phone)
  if (pe) errors.phone = pe
  const ce = validateSmsCode(code)
  if (ce) errors.sms_code = ce
  const pwe = validatePassword(f.password ?? '')
  if (pwe) errors.password = pwe
  Object.assign(errors, extra)
  if (Object.keys(errors).length) throw new AppError('invalid', '', errors)
}
