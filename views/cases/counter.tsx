import type { CatalogService } from '../../src/modules/catalog/types.js'
import { COUNTER_CHECKS } from '../../src/modules/cases/labels.js'
import { Notice, Masked, UserData } from '../components/status.js'
import { t } from '../../src/lib/i18n/index.js'
import {
  Form,
  TextArea,
  TextField,
  SelectField,
  ErrorSummary,
  FileField,
  SubmitButton,
  type FieldErrors,
  type FormValues,
} from '../components/form.js'
import { StatusBadge } from '../applications/pages.js'
import { FieldInput } from '../applications/form.js'
import { BANKS } from '../../src/modules/identity/validators.js'

export function CounterPage(p: {
  notice?: string
  values?: FormValues
  errors?: FieldErrors
  message?: string
  found?: {
    /** The signed visit the look-up gave: what the apply links carry instead of a user id. */
    visit: string
    name: string | null
    phoneMasked: string | null
    status: string
    idNumberMasked: string | null
    applications: { ref: string; status: string; serviceCode: string }[]
  } | null
  searched?: boolean
  method?: string
}) {
  const { values = {}, errors = {} } = p
  return (
    <section>
      <h1>{t('窗口办理（帮办代办）')}</h1>
      {p.notice ? <Notice kind="success">{p.notice}</Notice> : null}
      <p>
        {t(
          '请先核验来办人身份证件，再按身份证号（或来办人提供的办件编号）查询。每次查询均记入审计日志（目的：窗口办理），并在当事人的访问记录中显示。',
        )}
      </p>
      <ErrorSummary errors={errors} message={p.message} />
      <Form action="/staff/counter/lookup" data-qa="counter-lookup">
        <SelectField
          name="verification_method"
          label={t('身份核验方式')}
          value={values.verification_method}
          error={errors.verification_method}
          placeholder={t('请选择')}
          options={COUNTER_CHECKS.map((x) => ({ value: x, label: t(x) }))}
        />
        <TextField name="id_number" label={t('身份证号码')} value={values.id_number} error={errors.id_number} maxlength={30} />
        <TextField
          name="ref"
          label={t('或：办件编号')}
          value={values.ref}
          error={errors.ref}
          maxlength={30}
          hint={t('来办人出示办件编号时可按编号查询')}
        />
        <SubmitButton>{t('查询')}</SubmitButton>
      </Form>
      {p.searched && !p.found ? (
        <div class="panel" data-qa="walk-in">
          <Notice kind="warning">
            {t('未找到该身份证号对应的账号。可为本人开通已实名的账号（凭已核验的证件），开通后用手机号和短信验证码登录。')}
          </Notice>
          <Form action="/staff/counter/register" data-qa="walk-in-form">
            <input type="hidden" name="verification_method" value={p.method ?? ''} />
            <TextField name="real_name" label={t('姓名')} value={values.real_name} error={errors.real_name} />
            <TextField name="id_number" label={t('身份证号码')} value={values.id_number} error={errors.id_number} />
            <TextField name="phone" label={t('手机号码（接收通知，必填）')} type="tel" value={values.phone} error={errors.phone} />
            <SelectField
              name="bank_name"
              label={t('开户银行')}
              value={values.bank_name}
              error={errors.bank_name}
              placeholder={t('请选择')}
              options={BANKS.map((b) => ({ value: b, label: t(b) }))}
            />
            <TextField name="bank_account" label={t('银行账号')} value={values.bank_account} error={errors.bank_account} />
            <SubmitButton>{t('开通账号')}</SubmitButton>
          </Form>
        </div>
      ) : null}
      {p.found ? (
        <div class="panel" data-qa="counter-found">
          <h2>
            <UserData>{p.found.name}</UserData>
          </h2>
          <dl class="summary">
            <div>
              <dt>{t('身份证号')}</dt>
              <dd>
                <Masked value={p.found.idNumberMasked} />
              </dd>
            </div>
            <div>
              <dt>{t('手机')}</dt>
              <dd>
                <Masked value={p.found.phoneMasked} />
              </dd>
            </div>
            <div>
              <dt>{t('账号状态')}</dt>
              <dd>{p.found.status === 'active' ? t('正常') : p.found.status === 'closing' ? t('注销办理中') : t('已注销')}</dd>
            </div>
          </dl>
          <h3>{t('办件')}</h3>
          <ul>
            {p.found.applications.map((a) => (
              <li>
                <a href={`/staff/cases/${a.ref}`}>{a.ref}</a> <StatusBadge status={a.status} />
              </li>
            ))}
          </ul>
          <h3>{t('帮办代办')}</h3>
          <ul data-qa="counter-apply-links">
            <li>
              <a href={`/staff/counter/apply?visit=${encodeURIComponent(p.found.visit)}&service=talent-registration`}>
                {t('代为申请：人才认定/登记')}
              </a>
            </li>
            <li>
              <a href={`/staff/counter/apply?visit=${encodeURIComponent(p.found.visit)}&service=housing-subsidy`}>
                {t('代为申请：人才安居补贴')}
              </a>
            </li>
          </ul>
          <h3>{t('受理注销账号')}</h3>
          <p class="hint">{t('当事人本人到场、证件已核验时，可代其提交注销申请。')}</p>
          <Form action="/staff/counter/closure" data-qa="counter-closure">
            <input type="hidden" name="verification_method" value={p.method ?? ''} />
            <TextField name="real_name" label={t('姓名（与证件核对）')} value={values.real_name} error={errors.real_name} />
            <TextField name="id_number" label={t('身份证号码')} value={values.id_number} error={errors.id_number} />
            <TextArea name="note" label={t('备注（核验情况、当事人意愿）')} value={values.note} error={errors.note} />
            <button type="submit" class="button danger">
              {t('受理注销申请')}
            </button>
          </Form>
        </div>
      ) : null}
    </section>
  )
}

export function CounterApplyPage(p: {
  s: CatalogService
  visit: string
  name: string
  method: string
  formToken: string
  values?: FormValues
  errors?: FieldErrors
  message?: string
}) {
  const { s, values = {}, errors = {} } = p
  return (
    <section>
      <h1>{t('帮办代办：{name}', { name: s.name })}</h1>
      <Notice>
        {t('申请人')} <UserData>{p.name}</UserData>{' '}
        {t('本人在窗口，身份核验方式：{method}。提交后以“窗口”渠道进入队列，系统短信通知申请人。', {
          method: p.method ? t(p.method) : t('未记录'),
        })}
      </Notice>
      <ErrorSummary errors={errors} message={p.message} />
      <Form action="/staff/counter/apply" enctype="multipart/form-data" data-qa="counter-apply-form">
        <input type="hidden" name="service" value={s.code} />
        <input type="hidden" name="form_token" value={p.formToken} />
        <input type="hidden" name="visit" value={p.visit} />
        {s.form.fields.map((f) => (
          <FieldInput f={f} value={values[f.name]} error={errors[f.name]} payee={t('申请人实名认证账户')} />
        ))}
        {s.form.materials.map((m) => (
          <FileField name={`file_${m.key}`} label={t('{label}（扫描件）', { label: m.label })} error={errors[`file_${m.key}`]} />
        ))}
        <SubmitButton>{t('代为提交')}</SubmitButton>
      </Form>
    </section>
  )
}
