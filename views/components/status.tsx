import type { Child } from 'hono/jsx'

/** Notice panels and status badges shared by every module. */
export function Notice({
  kind = 'info',
  title,
  children,
}: {
  kind?: 'info' | 'success' | 'warning' | 'error'
  title?: string
  children?: Child
}) {
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' || kind === 'warning' ? 'alert' : 'status'}>
      {title ? <h2 class="notice-title">{title}</h2> : null}
      {children}
    </div>
  )
}

export function Badge({
  tone = 'neutral',
  children,
}: {
  tone?: 'neutral' | 'blue' | 'green' | 'yellow' | 'red' | 'grey'
  children: Child
}) {
  return <span class={`tag tag-${tone}`}>{children}</span>
}

/** A masked personal number: never renders the clear value. */
export function Masked({ value }: { value: Child }) {
  return (
    <span class="masked" data-qa="masked">
      {value ?? '—'}
    </span>
  )
}

/**
 * Stored text shown as entered (a name, a department, a reason): never translated, and marked
 * `lang="zh-CN"` when it is Chinese, so an English page announces it correctly to screen readers (and
 * the English-page test knows it is data, not an untranslated label).
 */
export function UserData({ children, class: cls }: { children: string | null | undefined; class?: string }) {
  const v = children ?? ''
  return (
    <span class={cls} lang={/[\u3400-\u9fff]/.test(v) ? 'zh-CN' : undefined}>
      {v}
    </span>
  )
}
