import { currentLocale, type Locale } from './index.js'

/**
 * Text stored in Chinese with an optional English beside it (a JSON column `en` of the same fields;
 * decision 0255): what a page shows in the current language. `lang` is the language of `text`, so a
 * page can mark a Chinese fallback `lang="zh-CN"`; `fallback` is true when English was wanted and
 * none is stored (the page says "English version not published").
 */
export interface StoredText<T> {
  text: T
  lang: Locale
  fallback: boolean
}

export function storedText<T extends object>(zh: T, en: string | null | undefined): StoredText<T> {
  if (currentLocale() !== 'en') return { text: zh, lang: 'zh-CN', fallback: false }
  if (!en) return { text: zh, lang: 'zh-CN', fallback: true }
  return { text: { ...zh, ...(JSON.parse(en) as Partial<T>) }, lang: 'en', fallback: false }
}
