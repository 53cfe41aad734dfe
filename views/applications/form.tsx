import { Steps, applySteps } from '../components/steps.js'
import { TxData } from '../components/tx.js'
import { t } from '../../src/lib/i18n/index.js'
import type { CatalogService } from '../../src/modules/catalog/types.js'
import type { FormField } from '../../src/modules/catalog/definitions.js'
import {
  Form,
  TextField,
  TextArea,
  SelectField,
  ErrorSummary,
  FileField,
  SubmitButton,
  type FieldErrors,
  type FormValues,
} from '../components/form.js'
import { Notice, Masked } from '../components/status.js'
import { EnterpriseChecksPanel, type EnterpriseChecksView } from '../registries/enterprise.js'
import { ReuseOffer, ReusedNote, type ReuseOfferView } from './reuse.js'
import { PrecheckPanel, PrefillPanel, ProvenanceField, type PrecheckView, type PrefillView } from './prefill.js'

export function FieldInput({ f, value, error, payee }: { f: FormField; value?: string; error?: string; payee?: string }) {
  const common = { name: f.name, label: f.label, value, error, hint: f.help, optional: !f.required }
  // Validate when the person leaves a field they changed ('blur changed'), never while they type: a date
  // input fires 'change' as soon as its segments form any valid date, and swapping the field then
  // swallowed the rest of the year being typed (found by the keyboard-only journey).
  const inline = {
    'hx-post': '/applications/validate',
    'hx-trigger': 'blur changed',
    'hx-target': `#field-${f.name}`,
    'hx-swap': 'outerHTML',
    'hx-include': 'closest form',
  }
  switch (f.type) {
    case 'select':
      return (
        <SelectField
          {...common}
          placeholder={t('请选择')}
          options={(f.options ?? []).map((o, i) => ({ value: o, label: f.optionLabels?.[i] ?? o }))}
          attrs={inline}
        />
      )
    case 'textarea':
    case 'employees':
      return <TextArea {...common} rows={f.type === 'employees' ? 6 : 4} attrs={inline} />
    case 'payee':
      return (
        <div class="field" id={`field-${f.name}`}>
          <span class="label">{f.label}</span>
          <p data-qa="payee">
            <Masked value={payee ?? '—'} />
          </p>
          {f.help ? <p class="hint">{f.help}</p> : null}
        </div>
      )
    case 'month':
      // Not <input type="month">: Chromium without a month picker shows "--------- ----", Safari and
      // Firefox a bare text box. One text field with the format said works alike everywhere.
      return (
        <TextField
          {...common}
          hint={f.help ?? t('格式：年-月，例如 2026-01')}
          inputmode="numeric"
          maxlength={7}
          attrs={{ ...inline, placeholder: 'YYYY-MM', pattern: '\\d{4}-\\d{2}' }}
        />
      )
    default:
      return (
        <TextField
          {...common}
          type={f.type === 'number' ? 'text' : f.type}
          inputmode={f.type === 'number' ? 'decimal' : undefined}
          maxlength={f.maxLength}
          attrs={inline}
        />
      )
  }
}

export interface Applicant {
  /** the person's name or the enterprise's, as stored (shown as entered) */
  name: string
  /** the enterprise's unified social credit code, when acting for one */
  uscc?: string
  enterprise: boolean
}
/** 申请主体: the person, or the enterprise they act for (with the way to switch). */
function ApplicantLine({ applicant }: { applicant?: Applicant }) {
  if (!applicant) return null
  return (
    <p class="applicant" data-qa="applicant">
      {t('申请主体：')}
      <strong>
        {applicant.enterprise ? (
          <TxData zh="{name}（统一社会信用代码 {uscc}）" data={{ name: applicant.name, uscc: applicant.uscc }} />
        ) : (
          <TxData zh="{realName}（本人）" data={{ realName: applicant.name }} />
        )}
      </strong>
      {applicant.enterprise ? (
        <>
          {' '}
          · <a href="/me/enterprise">{t('切换办理身份')}</a>
        </>
      ) : null}
    </p>
  )
}

export function ApplicationFormPage({
  s,
  formToken,
  values = {},
  errors = {},
  message,
  attachments = [],
  payee,
  notice,
  applicant,
  prefill,
  precheck,
  reusable = [],
  reusedFrom = {},
  enterpriseChecks,
}: {
  s: CatalogService
  formToken: string
  values?: FormValues
  errors?: FieldErrors
  message?: string
  attachments?: { itemKey: string; filename: string }[]
  payee?: string
  notice?: string
  applicant?: Applicant
  prefill?: PrefillView | null
  precheck?: PrecheckView | null
  /** "Tell us once": staff-verified materials of earlier cases, offered instead of an upload. */
  reusable?: ReuseOfferView[]
  /** Material key → the case a reused material in the draft came from. */
  reusedFrom?: Record<string, string>
  /** The enterprise talent subsidy: registry status and the listed employees' social insurance. */
  enterpriseChecks?: EnterpriseChecksView
}) {
  return (
    <section>
      <p class="muted">
        <a href={`/services/${s.code}`}>{s.name}</a> {t('› 在线申请')}
      </p>
      <h1>{s.name}</h1>
      <Steps steps={applySteps()} current={0} label={t('申请步骤')} />
      <ApplicantLine applicant={applicant} />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary errors={errors} message={message} />
      {prefill ? <PrefillPanel prefill={prefill} serviceCode={s.code} /> : null}
      {enterpriseChecks ? <EnterpriseChecksPanel checks={enterpriseChecks} serviceCode={s.code} /> : null}
      {precheck ? <PrecheckPanel precheck={precheck} /> : null}
      <Form
        action="/applications"
        enctype="multipart/form-data"
        data-qa="application-form"
        hx-post="/applications/draft"
        hx-trigger="change delay:1s"
        hx-swap="none"
        hx-encoding="multipart/form-data"
      >
        <input type="hidden" name="service" value={s.code} />
        <input type="hidden" name="form_token" value={formToken} />
        {s.form.fields.map((f) =>
          prefill?.provenance[f.name] ? (
            <ProvenanceField f={f} value={values[f.name] ?? ''} p={prefill.provenance[f.name]} />
          ) : (
            <FieldInput f={f} value={values[f.name]} error={errors[f.name]} payee={payee} />
          ),
        )}
        <h2>{t('申请材料')}</h2>
        <p class="hint">{t('支持 PDF、JPG、PNG，单个文件不超过10MB。已上传的材料会随草稿保存。')}</p>
        {s.form.materials.map((m) => {
          const waived = prefill?.waived.find((w) => w.key === m.key)
          if (waived)
            return (
              <div class="field" id={`field-file_${m.key}`} data-qa={`waived-${m.key}`}>
                <span class="label">{m.label}</span>
                <p class="hint">{t('无需上传：已通过{by}核验（数据共享）。', { by: waived.by })}</p>
              </div>
            )
          const have = attachments.filter((a) => a.itemKey === m.key)
          const offer = reusable.find((o) => o.key === m.key)
          const uploaded = have.length ? (
            <>
              <p class="uploaded" data-qa={`uploaded-${m.key}`}>
                {t('已上传：{x}', { x: have.map((a) => a.filename).join(t('、')) })}
              </p>
              {reusedFrom[m.key] ? <ReusedNote fromRef={reusedFrom[m.key]} /> : null}
            </>
          ) : offer ? (
            <ReuseOffer offer={offer} />
          ) : null
          return (
            <FileField
              name={`file_${m.key}`}
              label={m.label}
              optional={!m.required}
              hint={m.hint}
              error={errors[`file_${m.key}`]}
              uploaded={uploaded}
            />
          )
        })}
        <div class="actions">
          <SubmitButton name="step" value="check">
            {t('下一步：核对信息')}
          </SubmitButton>
          <button type="submit" class="button secondary" formaction="/applications/draft" name="step" value="save" data-qa="save-draft">
            {t('保存草稿')}
          </button>
        </div>
      </Form>
    </section>
  )
}

export function CheckAnswersPage({
  s,
  formToken,
  values,
  attachments,
  payee,
  payeeConfirm,
  missing = [],
  applicant,
}: {
  s: CatalogService
  formToken: string
  values: Record<string, string>
  attachments: { itemKey: string; filename: string }[]
  payee?: string
  /** Fingerprint of the payee shown here; submit refuses if the account changed since. */
  payeeConfirm?: string
  missing?: string[]
  applicant?: Applicant
}) {
  return (
    <section data-qa="check-answers">
      <h1>{t('核对您的申请信息')}</h1>
      <Steps steps={applySteps()} current={1} label={t('申请步骤')} />
      <p>{t('请确认以下信息准确无误。提交后可在“我的办件”中查看进度。')}</p>
      <ApplicantLine applicant={applicant} />
      {missing.length ? (
        <Notice kind="warning" title={t('尚缺材料')}>
          <p data-qa="missing-materials">
            {t('{materials}尚未上传。您可以先提交（容缺受理），工作人员将一次性告知需要补充的全部材料；也可以', {
              materials: missing.join(t('、')),
            })}{' '}
            <a href={`/applications/new?service=${s.code}`}>{t('返回上传')}</a>
            {t('。')}
          </p>
        </Notice>
      ) : null}
      <dl class="summary">
        {s.form.fields.map((f) => (
          <div>
            <dt>{f.label}</dt>
            <dd class="pre" data-qa={f.type === 'payee' ? 'payee-confirm' : undefined}>
              {f.type === 'payee' ? payee : values[f.name] || '—'}
            </dd>
          </div>
        ))}
        {s.form.materials.map((m) => (
          <div>
            <dt>{m.label}</dt>
            <dd>
              {attachments
                .filter((a) => a.itemKey === m.key)
                .map((a) => a.filename)
                .join(t('、')) || '—'}
            </dd>
          </div>
        ))}
      </dl>
      <Form action="/applications" data-qa="confirm-form">
        <input type="hidden" name="service" value={s.code} />
        <input type="hidden" name="form_token" value={formToken} />
        {payeeConfirm !== undefined ? <input type="hidden" name="payee_confirm" value={payeeConfirm} /> : null}
        {Object.entries(values).map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
        <div class="actions">
          <SubmitButton>{t('确认提交')}</SubmitButton>
          <a href={`/applications/new?service=${s.code}`}>{t('返回修改')}</a>
        </div>
      </Form>
    </section>
  )
}

export function NotEligiblePage({ s, reason, link, linkLabel }: { s: CatalogService; reason: string; link: string; linkLabel: string }) {
  return (
    <section class="narrow">
      <h1>{s.name}</h1>
      <Notice kind="warning" title={t('暂时不能在线申请')}>
        <p data-qa="not-eligible">{reason}</p>
      </Notice>
      <p>
        <a class="button" href={link}>
          {linkLabel}
        </a>{' '}
        <a href={`/services/${s.code}`}>{t('查看办事指南')}</a>
      </p>
    </section>
  )
}
