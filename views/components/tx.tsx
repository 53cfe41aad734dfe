import { currentLocale, t } from '../../src/lib/i18n/index.js'
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

/**
 * Stored data as entered: marked lang="zh-CN" (<UserData>) on an English page; on a Chinese page, where
 * everything is Chinese, plain text (no extra markup, the page reads as before).
 */
export function Stored({ children }: { children: string | null | undefined }) {
  if (currentLocale() === 'zh-CN') return <>{children ?? ''}</>
  return <UserData>{children}</UserData>
}

/** Shorthand: a template whose every value is stored data (shown as entered, marked lang="zh-CN" when Chinese). */
export function TxData({ zh, data }: { zh: string; data: Record<string, string | null | undefined> }) {
  if (currentLocale() === 'zh-CN') return <>{t(zh, Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v ?? ''])))}</>
  return <Tx zh={zh} vars={Object.fromEntries(Object.entries(data).map(([k, v]) => [k, <UserData>{v ?? ''}</UserData>]))} />
}

/**
 * Notes the system writes into rows in Chinese (decision 0225: rows keep Chinese system text), read
 * back in the reader's language: each is recognised by its exact shape. Anything else is what a person
 * wrote, shown as entered.
 */
const SYSTEM_NOTES: [RegExp, string, string[]][] = [
  [
    /^秒批：全部(\d+)项条件经政务数据核验符合（规则版本 (.+)）$/,
    '秒批：全部{n}项条件经政务数据核验符合（规则版本 {version}）',
    ['n', 'version'],
  ],
  [/^秒批：自动受理$/, '秒批：自动受理', []],
  [/^符合条件，予以通过$/, '符合条件，予以通过', []],
  [/^补正材料齐全，予以受理$/, '补正材料齐全，予以受理', []],
  [/^已按要求补正$/, '已按要求补正', []],
  [/^补贴已发放 (.+) 元$/, '补贴已发放 {amount} 元', ['amount']],
]

/** A stored reason or note: a system note in the reader's language, else as entered (<UserData>). */
export function Note({ text }: { text: string | null | undefined }) {
  const s = text ?? ''
  for (const [re, zh, names] of SYSTEM_NOTES) {
    const m = re.exec(s)
    if (m) return <>{t(zh, Object.fromEntries(names.map((n, i) => [n, m[i + 1]])))}</>
  }
  return <Stored>{s}</Stored>
}
