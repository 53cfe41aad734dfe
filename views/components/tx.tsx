import { t } from '../../src/lib/i18n/index.js'
import type { Child } from 'hono/jsx'
import { UserData } from './status.js'

type Part = Child

/**
 * `t(zh, vars)` where some values are markup: the translated template is split at its `{name}`
 * placeholders and each is filled with its value, so stored data inside a sentence can sit in
 * <UserData> (lang="zh-CN") while the sentence around it is in the reader's language.
 * `<Tx zh="{name}，您好" vars={{ name: <UserData>{name}</UserData> }} />`.
 */
export function Tx({ zh, vars }: { zh: string; vars: Record<string, Part> }) {
  const template = t(zh)
  const parts = template.split(/\{(\w+)\}/)
  return <>{parts.map((p, i) => (i % 2 === 1 ? (p in vars ? vars[p] : `{${p}}`) : p))}</>
}

/** Shorthand: a template whose every value is stored data (shown as entered, marked lang="zh-CN" when Chinese). */
export function TxData({ zh, data }: { zh: string; data: Record<string, string | null | undefined> }) {
  return <Tx zh={zh} vars={Object.fromEntries(Object.entries(data).map(([k, v]) => [k, <UserData>{v ?? ''}</UserData>]))} />
}
