import { currentLocale } from '../../lib/i18n/index.js'
import type { FormField } from './definitions.js'
import type { CatalogService } from './types.js'

/**
 * The service as the current request reads it: in English when the language is `en` and the service
 * has stored English (services.en), else unchanged. Only texts change: codes, field names, option
 * values, limits and rules stay as they are, so what a form submits and what is stored are the same in
 * both languages (decision 0220). The catalog service answers with this (every caller, page or mail,
 * gets the reader's language); text written into rows takes `canonical(s)`. Run inside another
 * language (`runInLocale`), it re-localises from the canonical service.
 */
export function localised(s: CatalogService): CatalogService {
  const src = canonical(s)
  const en = src.en
  if (!en || currentLocale() !== 'en') return src
  return {
    ...src,
    source: src,
    name: en.name,
    category: en.category,
    guide: en.guide,
    form: {
      fields: src.form.fields.map((f): FormField => {
        const e = f.en ?? en.fields[f.name]
        if (!e) return f
        return {
          ...f,
          label: e.label,
          help: e.help ?? f.help,
          patternMessage: e.patternMessage ?? f.patternMessage,
          optionLabels: e.options && f.options && e.options.length === f.options.length ? e.options : f.optionLabels,
        }
      }),
      materials: src.form.materials.map((m) => ({ ...m, ...(en.materials[m.key] ?? {}) })),
    },
  }
}

/** The label to show for a stored option value of a field (the English label on an English page). */
export function optionLabel(field: FormField, value: string): string {
  const i = field.options?.indexOf(value) ?? -1
  return i >= 0 && field.optionLabels?.[i] ? field.optionLabels[i] : value
}

/** The field's label and pattern message in the current language (validation messages name the field so). */
export function fieldText(f: FormField): { label: string; patternMessage?: string } {
  if (currentLocale() !== 'en' || !f.en) return { label: f.label, patternMessage: f.patternMessage }
  return { label: f.en.label, patternMessage: f.en.patternMessage ?? f.patternMessage }
}

/** The service with its Chinese (source) texts, for what is stored: case notes, audit purposes, event details. */
export function canonical(s: CatalogService): CatalogService {
  return s.source ?? s
}
