import { t } from '../../lib/i18n/index.js'
import type { FormDefinition, FormField } from '../catalog/definitions.js'
import { addDays, addMonths, checkDate, checkMonth, dateMessage } from '../../lib/dates.js'
import { fieldText } from '../catalog/localise.js'

/** Bounds a form's dates and months take unless the field says otherwise (docs/decisions/0163). */
function dateBounds(f: Pick<FormField, 'notFuture'>, today: string) {
  return { min: '1950-01-01', max: f.notFuture ? today : addDays(today, 10 * 365) }
}
function monthBounds(today: string) {
  const month = today.slice(0, 7)
  return { min: addMonths(month, -120), max: addMonths(month, 12) }
}

/** Validates answers against a service's declarative form. Messages per field, in the request's language. */
export function validateAnswers(
  form: FormDefinition,
  raw: Record<string, string>,
  today: string,
): { answers: Record<string, string>; errors: Record<string, string> } {
  const answers: Record<string, string> = {}
  const errors: Record<string, string> = {}
  for (const f of form.fields) {
    if (f.type === 'payee') continue
    const v = (raw[f.name] ?? '').replace(/\u3000/g, ' ').trim()
    answers[f.name] = v
    const e = validateField(f, v, today)
    if (e) errors[f.name] = e
  }
  return { answers, errors }
}

export function validateField(f: FormField, v: string, today: string): string | null {
  const { label, patternMessage } = fieldText(f)
  // A choice is chosen, not written: selects, dates and months say 请选择 (issue 20).
  if (!v && f.required && (f.type === 'select' || f.type === 'date' || f.type === 'month')) return t('请选择{label}', { label })
  if (!v) return f.required ? t('请填写{label}', { label }) : null
  if (v.length > (f.type === 'textarea' || f.type === 'employees' ? 4000 : (f.maxLength ?? 200)))
    return t('{label}过长，最多{max}个字符', { label, max: f.maxLength ?? (f.type === 'employees' ? 4000 : 200) })
  switch (f.type) {
    case 'select':
      if (!f.options?.includes(v)) return t('请从列表中选择{label}', { label })
      break
    case 'date': {
      const b = dateBounds(f, today)
      const p = checkDate(v, b)
      if (p === 'too_late' && f.notFuture) return t('{label}不能晚于今天', { label })
      if (p) return dateMessage(label, p, b)
      break
    }
    case 'month': {
      const b = monthBounds(today)
      const p = checkMonth(v, b)
      if (p) return dateMessage(label, p, b, true)
      break
    }
    case 'number': {
      if (!/^\d+(\.\d{1,2})?$/.test(v)) return t('{label}应为数字', { label })
      const n = Number(v)
      if (f.min !== undefined && n < f.min) return t('{label}不能小于{min}', { label, min: f.min })
      if (f.max !== undefined && n > f.max) return t('{label}不能超过{max}（政策上限）', { label, max: f.max })
      break
    }
    case 'employees': {
      const lines = v
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
      if (lines.length > 50) return t('每次最多申报50人')
      for (const [i, line] of lines.entries()) {
        const parts = line.split(/[,，]/).map((p) => p.trim())
        if (parts.length !== 3 || !parts[0] || !/^\d{3}[\dXx]$/.test(parts[1]) || !/^\d{4}-\d{2}-\d{2}$/.test(parts[2]))
          return t('第{n}行格式不正确，应为：姓名,身份证号后4位,入职日期（如 张三,123X,2026-03-01）', { n: i + 1 })
        const p = checkDate(parts[2], { min: '1950-01-01', max: today })
        if (p === 'too_late') return t('第{n}行入职日期不能晚于今天', { n: i + 1 })
        if (p) return t('第{n}行{message}', { n: i + 1, message: dateMessage(t('入职日期'), p, { min: '1950-01-01' }) })
      }
      break
    }
  }
  if (f.pattern && !new RegExp(f.pattern).test(v)) return patternMessage ?? t('{label}格式不正确', { label })
  return null
}
