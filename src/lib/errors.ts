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

export const notFound = (what = '页面') => new AppError('not_found', t('未找到该{what}', { what: t(what) }))
export const forbidden = (msg = t('您没有权限执行此操作')) => new AppError('forbidden', msg)
export const conflict = (msg: string) => new AppError('conflict', msg)
export const invalid = (fields: Record<string, string>, msg = t('提交的信息有误，请按提示修改')) => new AppError('invalid', msg, fields)
