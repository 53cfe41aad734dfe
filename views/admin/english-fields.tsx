import { t } from '../../src/lib/i18n/index.js'
import { TextField, TextArea, type FieldErrors, type FormValues } from '../components/form.js'

/**
 * The optional English of a privacy-policy version or a security notice (decision 0255): published
 * with the Chinese, shown to readers of the English site; the Chinese stays the binding text. The
 * fields are in a closed <details> unless something was typed in them or one is in error.
 */
function EnglishBlock({ open, children }: { open: boolean; children: unknown }) {
  return (
    <details class="panel" open={open} data-qa="english-fields">
      <summary>{t('英文版（选填）')}</summary>
      <p class="hint">{t('填写后，英文页面显示英文版，并注明以中文版本为准；不填写则英文页面显示中文原文。')}</p>
      {children}
    </details>
  )
}

const touched = (values: FormValues, errors: FieldErrors, names: string[]) => names.some((n) => !!values[n]?.trim() || !!errors[n])

export const POLICY_EN_FIELDS = ['title_en', 'summary_en', 'body_en']

export function PolicyEnglishFields({ values, errors }: { values: FormValues; errors: FieldErrors }) {
  return (
    <EnglishBlock open={touched(values, errors, POLICY_EN_FIELDS)}>
      <TextField name="title_en" label={t('英文标题')} value={values.title_en} error={errors.title_en} optional />
      <TextArea name="summary_en" label={t('英文变更摘要')} value={values.summary_en} error={errors.summary_en} optional />
      <TextArea name="body_en" label={t('英文全文')} rows={8} value={values.body_en} error={errors.body_en} optional />
    </EnglishBlock>
  )
}

/** The incident fields a reader sees, by form name: `en_` and the Chinese field's name. */
export const INCIDENT_EN_FIELDS = [
  'en_title',
  'en_what_happened',
  'en_data_categories',
  'en_impact',
  'en_measures',
  'en_advice',
  'en_remedies',
]

export function IncidentEnglishFields({ values, errors }: { values: FormValues; errors: FieldErrors }) {
  const field = (name: string, label: string, long = true) =>
    long ? (
      <TextArea name={name} label={label} value={values[name]} error={errors[name]} optional />
    ) : (
      <TextField name={name} label={label} value={values[name]} error={errors[name]} optional />
    )
  return (
    <EnglishBlock open={touched(values, errors, INCIDENT_EN_FIELDS)}>
      {field('en_title', t('英文标题'), false)}
      {field('en_what_happened', t('发生了什么（英文）'))}
      {field('en_data_categories', t('涉及的数据类别（英文）'), false)}
      {field('en_impact', t('可能的影响（英文）'))}
      {field('en_measures', t('已采取的措施（英文）'))}
      {field('en_advice', t('用户可采取的防范措施（英文）'))}
      {field('en_remedies', t('补救措施（英文）'))}
    </EnglishBlock>
  )
}
