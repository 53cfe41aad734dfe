import type { FormDefinition, FormField } from '../catalog/definitions.js'
import { parseDateOnly } from '../../lib/time.js'

/** Validates answers against a service's declarative form. Messages in Chinese, per field. */
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
  if (!v) return f.required ? `请填写${f.label}` : null
  if (v.length > (f.type === 'textarea' || f.type === 'employees' ? 4000 : (f.maxLength ?? 200)))
    return `${f.label}过长，最多${f.maxLength ?? (f.type === 'employees' ? 4000 : 200)}个字符`
  switch (f.type) {
    case 'select':
      if (!f.options?.includes(v)) return `请从列表中选择${f.label}`
      break
    case 'date':
      if (!parseDateOnly(v)) return `${f.label}格式应为 年-月-日，如 2024-07-01`
      if (f.notFuture && v > today) return `${f.label}不能晚于今天`
      if (v < '1950-01-01') return `${f.label}不正确`
      break
    case 'month':
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) return `${f.label}格式应为 年-月，如 2026-01`
      break
    case 'number': {
      if (!/^\d+(\.\d{1,2})?$/.test(v)) return `${f.label}应为数字`
      const n = Number(v)
      if (f.min !== undefined && n < f.min) return `${f.label}不能小于${f.min}`
      if (f.max !== undefined && n > f.max) return `${f.label}不能超过${f.max}（政策上限）`
      break
    }
    case 'employees': {
      const lines = v
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
      if (lines.length > 50) return '每次最多申报50人'
      for (const [i, line] of lines.entries()) {
        const parts = line.split(/[,，]/).map((p) => p.trim())
        if (parts.length !== 3 || !parts[0] || !/^\d{3}[\dXx]$/.test(parts[1]) || !/^\d{4}-\d{2}-\d{2}$/.test(parts[2]))
          return `第${i + 1}行格式不正确，应为：姓名,身份证号后4位,入职日期（如 张三,123X,2026-03-01）`
        if (parts[2] > today) return `第${i + 1}行入职日期不能晚于今天`
      }
      break
    }
  }
  if (f.pattern && !new RegExp(f.pattern).test(v)) return f.patternMessage ?? `${f.label}格式不正确`
  return null
}
