import { t } from '../../src/lib/i18n/index.js'
import { Form, TextField, SelectField, ErrorSummary, SubmitButton, type FieldErrors, type FormValues } from '../components/form.js'
import { Notice } from '../components/status.js'
import { BankFields } from './bank.js'

type FormProps = { values?: FormValues; errors?: FieldErrors; message?: string }

export function IdentityPage({ values = {}, errors = {}, message, reason }: FormProps & { reason?: string }) {
  return (
    <section class="narrow">
      <h1>{t('实名认证')}</h1>
      {reason ? <Notice kind="info">{reason}</Notice> : null}
      <p>
        {t(
          '一次认证，全程通用。我们只收集办理业务所必需的信息：身份证号用于核验身份，银行账号用于发放补贴。信息加密保存，页面上脱敏显示。',
        )}
      </p>
      <ErrorSummary errors={errors} message={message} />
      <Form action="/me/identity" data-qa="identity-form">
        <TextField
          name="real_name"
          label={t('姓名')}
          autocomplete="name"
          maxlength={30}
          value={values.real_name}
          error={errors.real_name}
          hint={t('与身份证一致；少数民族姓名可用“·”')}
        />
        <TextField
          name="id_number"
          label={t('身份证号码')}
          maxlength={30}
          value={values.id_number}
          error={errors.id_number}
          hint={t('18位，最后一位可以是X')}
        />
        <BankFields values={values} errors={errors} />
        <details class="panel" open={!!(values.guardian_name || errors.guardian_name)}>
          <summary>{t('未满18周岁：填写监护人信息')}</summary>
          <p class="hint">{t('16–17周岁的申请人须记录监护人同意。未满16周岁请由监护人到服务窗口办理。')}</p>
          <TextField name="guardian_name" label={t('监护人姓名')} value={values.guardian_name} error={errors.guardian_name} />
          <SelectField
            name="guardian_relation"
            label={t('与监护人关系')}
            value={values.guardian_relation}
            error={errors.guardian_relation}
            placeholder={t('请选择')}
            options={['父亲', '母亲', '其他法定监护人'].map((x) => ({ value: x, label: t(x) }))}
          />
          <TextField
            name="guardian_phone"
            label={t('监护人手机号')}
            type="tel"
            value={values.guardian_phone}
            error={errors.guardian_phone}
          />
        </details>
        <SubmitButton>{t('提交认证')}</SubmitButton>
      </Form>
    </section>
  )
}
