import { t } from './i18n/index.js'

/** The one error type services throw; `onError` turns it into a page or a status. */
export type ErrorCode =
  | 'bad_request'
  | 'not_found'
  | 'forbidden'
  | 'unauthenticated'
  | 'conflict'
  | 'invalid'
  | 'rate_limited'
  | 'locked'
  | 'csrf'
  | 'unavailable'

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  conflict: 409,
  invalid: 422,
  rate_limited: 429,
  locked: 423,
  csrf: 403,
  unavailable: 503,
}

export class AppError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Field-level messages for 422, keyed by form field name. */
    readonly fields: Record<string, string> = {},
  ) {
    super(message)
    this.status = STATUS[code]
  }
}

/**
 * The one mapping from a service's error to a form's answer (src/lib/forms.ts formAction): these codes
 * are about what was asked and re-render the form, with the input kept and the messages next to the
 * fields, under the error's own status from the table above (422, 409, 403, 429, 423, 400; a refusal
 * such as "cannot reset your own account" or an eligibility rule is told on the form, 403). The rest —
 * a record that is not there (404), a bad CSRF token, any 5xx, anything not an AppError — is not the
 * form's business and goes to `onError` in src/app.tsx, the error page under the same status.
 */
const FORM_CODES: ReadonlySet<ErrorCode> = new Set([
  'invalid',
  'conflict',
  'forbidden',
  'unauthenticated',
  'rate_limited',
  'locked',
  'bad_request',
])
export const belongsOnForm = (e: unknown): e is AppError => e instanceof AppError && FORM_CODES.has(e.code)

export const notFound = (what = '页面') => new AppError('not_found', t('未找到该{what}', { what: t(what) }))
export const forbidden = (msg = t('您没有权限执行此操作')) => new AppError('forbidden', msg)
export const conflict = (msg: string) => new AppError('conflict', msg)
export const invalid = (fields: Record<string, string>, msg = t('提交的信息有误，请按提示修改')) => new AppError('invalid', msg, fields)
