import { t } from '../../src/lib/i18n/index.js'
import type { Child } from 'hono/jsx'
import { html } from 'hono/html'
import { useRequestContext } from 'hono/jsx-renderer'
import type { AppEnv } from '../../src/middleware/env.js'

/** Hidden CSRF token; every <form method="post"> must include it (Form does). */
export function CsrfField() {
  const c = useRequestContext<AppEnv>()
  return csrfInput(c.get('csrfToken'))
}

/** The same hidden field as markup, for the templates that write it several times a page (the layout). */
export function csrfInput(token: string) {
  return html`<input type="hidden" name="_csrf" value="${token}"/>`
}

export type FieldErrors = Record<string, string>
export type FormValues = Record<string, string | undefined>

export function Form(props: {
  action: string
  method?: 'post' | 'get'
  children?: Child
  enctype?: 'multipart/form-data' | 'application/x-www-form-urlencoded'
  id?: string
  class?: string
  [k: string]: unknown
}) {
  const { action, method = 'post', children, ...rest } = props
  return (
    <form action={action} method={method} novalidate {...rest}>
      {method === 'post' ? <CsrfField /> : null}
      {children}
    </form>
  )
}

/** GOV.UK-style error summary at the top of a form: links to each field. */
export function ErrorSummary({ errors, message }: { errors: FieldErrors; message?: string }) {
  const entries = Object.entries(errors)
  if (entries.length === 0 && !message) return null
  return (
    // autofocus: keyboard and screen-reader users land on the summary first (GOV.UK pattern, without script)
    <div class="error-summary" role="alert" tabindex={-1} autofocus data-qa="error-summary">
      <h2>{message ?? t('提交的信息有误，请按提示修改')}</h2>
      {entries.length > 0 ? (
        <ul>
          {entries.map(([k, v]) => (
            <li>
              <a href={`#f-${k}`}>{v}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

type FieldProps = {
  name: string
  label: string
  value?: string
  error?: string
  hint?: string
  type?: string
  required?: boolean
  optional?: boolean
  autocomplete?: string
  inputmode?: 'email' | 'search' | 'text' | 'none' | 'tel' | 'url' | 'numeric' | 'decimal'
  maxlength?: number
  attrs?: Record<string, string>
}

/**
 * The message next to a field that failed validation. Every inline error uses it, so a screen reader
 * always hears 错误： first and a control can point at it with aria-describedby.
 */
export function ErrorMessage(p: { id?: string; qa?: string; children: Child }) {
  return (
    <p class="error-message" id={p.id} data-qa={p.qa}>
      <span class="visually-hidden">{t('错误：')}</span>
      {p.children}
    </p>
  )
}

/** Label, hint and error message around one control; ids wire them up for screen readers. */
function FieldFrame(p: FieldProps & { children: Child }) {
  const id = `f-${p.name}`
  return (
    <div class={p.error ? 'field has-error' : 'field'} id={`field-${p.name}`}>
      <label for={id}>
        {p.label}
        {p.optional ? <span class="optional">{t('（选填，不影响办理）')}</span> : null}
      </label>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {p.error ? (
        <ErrorMessage id={`${id}-error`} qa={`error-${p.name}`}>
          {p.error}
        </ErrorMessage>
      ) : null}
      {p.children}
    </div>
  )
}

function controlAttrs(p: FieldProps) {
  const id = `f-${p.name}`
  const describedBy = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  return { id, name: p.name, 'aria-invalid': p.error ? ('true' as const) : undefined, 'aria-describedby': describedBy, ...(p.attrs ?? {}) }
}

export function TextField(p: FieldProps) {
  return (
    <FieldFrame {...p}>
      <input
        {...controlAttrs(p)}
        type={p.type ?? 'text'}
        value={p.type === 'password' ? '' : (p.value ?? '')}
        required={p.required}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        maxlength={p.maxlength}
      />
    </FieldFrame>
  )
}

/** Materials: PDF, JPG or PNG (the server checks the content, not this list). */
const UPLOAD_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png'

/** A file input framed like every other field, so the error summary's `#f-<name>` link lands on it. */
export function FileField(p: FieldProps & { uploaded?: Child }) {
  // static/enhance.js turns the wrapper into a picker in the page's language (the browser's own text
  // follows the browser's language), with a preview and a remove control; without it the input stays.
  return (
    <FieldFrame {...p}>
      {p.uploaded}
      <div
        class="file-picker"
        data-file-picker
        data-choose={t('选择文件')}
        data-change={t('重新选择')}
        data-none={t('未选择文件')}
        data-remove={t('移除')}
        data-preview={t('预览')}
      >
        <input type="file" {...controlAttrs(p)} accept={UPLOAD_ACCEPT} />
      </div>
      <p class="hint">{t('支持 PDF、JPG、PNG 格式')}</p>
    </FieldFrame>
  )
}

/**
 * Radios or checkboxes under one legend, wired like a field: the fieldset has the id `f-<name>` the
 * error summary links to, and its error is announced (ErrorMessage) and described (aria-describedby).
 */
export function Fieldset(p: { name: string; legend: Child; error?: string; children: Child }) {
  const id = `f-${p.name}`
  return (
    <fieldset class={p.error ? 'field has-error' : 'field'} id={id} aria-describedby={p.error ? `${id}-error` : undefined}>
      <legend>{p.legend}</legend>
      {p.error ? (
        <ErrorMessage id={`${id}-error`} qa={`error-${p.name}`}>
          {p.error}
        </ErrorMessage>
      ) : null}
      {p.children}
    </fieldset>
  )
}

export function TextArea(p: FieldProps & { rows?: number }) {
  return (
    <FieldFrame {...p}>
      <textarea {...controlAttrs(p)} rows={p.rows ?? 4} maxlength={p.maxlength}>
        {p.value ?? ''}
      </textarea>
    </FieldFrame>
  )
}

export function SelectField(p: FieldProps & { options: { value: string; label: string }[]; placeholder?: string }) {
  return (
    <FieldFrame {...p}>
      <select {...controlAttrs(p)}>
        {p.placeholder !== undefined ? <option value="">{p.placeholder}</option> : null}
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  )
}

export function Checkbox(p: { name: string; label: Child; checked?: boolean; error?: string; value?: string }) {
  const id = `f-${p.name}`
  return (
    <div class={p.error ? 'field checkbox has-error' : 'field checkbox'} id={`field-${p.name}`}>
      {p.error ? (
        <ErrorMessage id={`${id}-error`} qa={`error-${p.name}`}>
          {p.error}
        </ErrorMessage>
      ) : null}
      <input
        type="checkbox"
        id={id}
        name={p.name}
        value={p.value ?? 'on'}
        checked={p.checked}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={p.error ? `${id}-error` : undefined}
      />
      <label for={id}>{p.label}</label>
    </div>
  )
}

export function SubmitButton({
  children,
  name,
  value,
  secondary,
}: {
  children: Child
  name?: string
  value?: string
  secondary?: boolean
}) {
  return (
    <button type="submit" class={secondary ? 'button secondary' : 'button'} name={name} value={value} data-qa="submit">
      {children}
    </button>
  )
}
