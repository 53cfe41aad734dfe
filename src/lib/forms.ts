import type { Context } from 'hono'
import { AppError, belongsOnForm } from './errors.js'
import { safeRedirectPath } from './safe-path.js'
import { t } from './i18n/index.js'

/**
 * The parsed form (urlencoded or multipart), for every reader of a request body: a body that cannot
 * be parsed (multipart without a boundary, a truncated part, a broken encoding) is the client's
 * fault and answers 400 with the friendly page — never a 500 with a stack trace. Hono caches the
 * result, so the CSRF check and the route parse once.
 */
export async function parsedBody(c: Context): Promise<Record<string, string | File | (string | File)[]>> {
  try {
    const type = c.req.header('content-type')?.split(';')[0].trim().toLowerCase()
    if (type !== 'application/x-www-form-urlencoded') return await c.req.parseBody({ all: true })
    let form = urlencoded.get(c.req.raw)
    if (!form) urlencoded.set(c.req.raw, (form = c.req.text().then(parseUrlencoded)))
    return await form
  } catch {
    throw new AppError('bad_request', t('提交的内容格式不正确，请返回上一页重新填写后提交'))
  }
}

/**
 * An urlencoded form, read as text and split by URLSearchParams: the same fields as hono's parseBody({ all: true })
 * (a repeated or `[]` name gives an array, no prototype), without the web Response and FormData it builds to get
 * there (issue 21: a fifth of the cost of reading a submission's body). Multipart still goes through hono.
 */
const urlencoded = new WeakMap<Request, Promise<Record<string, string | string[]>>>()
export function parseUrlencoded(text: string): Record<string, string | string[]> {
  const form = Object.create(null) as Record<string, string | string[]>
  for (const [key, value] of new URLSearchParams(text)) {
    const had = form[key]
    if (had === undefined) form[key] = key.endsWith('[]') ? [value] : value
    else if (Array.isArray(had)) had.push(value)
    else form[key] = [had, value]
  }
  return form
}

/** Form body as plain strings (first value of each field); files are left to the route. */
export async function formBody(c: Context): Promise<Record<string, string>> {
  const body = await parsedBody(c)
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(body)) {
    const first = Array.isArray(v) ? v[0] : v
    if (typeof first === 'string') out[k] = first
  }
  return out
}

/** All values of a repeated field (checkbox lists). */
export async function formList(c: Context, name: string): Promise<string[]> {
  const body = await parsedBody(c)
  const v = body[name]
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string')
}

/** What a refused form re-renders with: the input as kept, the messages per field, and the summary. */
export interface FormFailure {
  values: Record<string, string>
  errors: Record<string, string>
  message: string
}

/**
 * The one form action: read the form, call the service, and answer 303 to `done`'s path (or `done`'s
 * own response); when the service refuses the input, set the error's status (422, 409, 429, …) and
 * re-render through `again` with the input kept and the messages next to the fields. Which errors are
 * the form's and which go to the error page is decided once, by `belongsOnForm` (src/lib/errors.ts).
 * docs/decisions/0240-one-form-action.md.
 *
 *   route.post('/x', (c) => formAction(c, {
 *     run: (f) => svc.save(f.name ?? ''),
 *     done: () => '/x?done=1',
 *     again: (failure) => page(c, failure),
 *   }))
 */
export async function formAction<R>(
  c: Context,
  action: {
    /** The input kept on a re-render and handed to `run` (default: the form's fields as sent). */
    values?: (form: Record<string, string>) => Record<string, string>
    run: (values: Record<string, string>, form: Record<string, string>) => Promise<R> | R
    /** A path answers 303 See Other; a Response is sent as it is. */
    done: (result: R) => string | Response | Promise<string | Response>
    again: (failure: FormFailure) => Response | Promise<Response>
  },
): Promise<Response> {
  const form = await formBody(c)
  const values = action.values ? action.values(form) : form
  let result: R
  try {
    result = await action.run(values, form)
  } catch (e) {
    if (!belongsOnForm(e)) throw e
    c.status(e.status as 422)
    return action.again({ values, errors: e.fields, message: e.message })
  }
  const next = await action.done(result)
  return typeof next === 'string' ? c.redirect(next, 303) : next
}

/**
 * A user-facing error from a service (4xx) to show on the form; anything else is rethrown. For the
 * handlers not yet on `formAction` (src/modules/cases, being rewritten); new code uses formAction.
 */
export function formError(e: unknown): AppError {
  if (e instanceof AppError && e.status < 500 && e.code !== 'csrf') return e
  throw e
}

/** Refuse over-long input instead of truncating it. */
export function tooLong(values: Record<string, string>, limits: Record<string, number>): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const [k, max] of Object.entries(limits)) if ((values[k] ?? '').length > max) errors[k] = t('内容过长，最多{max}个字符', { max })
  return errors
}

/** Only same-site relative paths are followed after login (the one check: src/lib/safe-path.ts). */
export const safeNext = (next: string | undefined, fallback: string): string => safeRedirectPath(next, fallback)

/** A numeric id from the URL; anything else is a page that does not exist (404), never a 500. */
export function idParam(v: string | undefined): number {
  const n = Number(v)
  if (!v || !/^\d{1,12}$/.test(v) || !Number.isSafeInteger(n)) throw new AppError('not_found', t('未找到'))
  return n
}
