import { t } from '../../src/lib/i18n/index.js'
import { formatCst } from '../../src/lib/time.js'
import { Form, TextField, Checkbox, ErrorSummary, SubmitButton, type FieldErrors, type FormValues } from '../components/form.js'
import { Notice } from '../components/status.js'

/** 对外提供登记: the security administrator's register of disclosures to third parties. */
export function DisclosuresAdminPage({
  list,
  values = {},
  errors = {},
  message,
  notice,
}: {
  list: {
    userId: number
    recipient: string
    dataCategories: string
    legalBasis: string
    disclosedAt: string
    notifyUser: number
    noNotifyBasis: string | null
  }[]
  values?: FormValues
  errors?: FieldErrors
  message?: string
  notice?: string
}) {
  return (
    <section>
      <h1>{t('对外提供登记')}</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary errors={errors} message={message} />
      <Form action="/admin/disclosures" class="panel" data-qa="disclosure-form">
        <TextField name="phone" label={t('用户手机号')} value={values.phone} error={errors.phone} />
        <TextField name="recipient" label={t('接收方')} value={values.recipient} error={errors.recipient} />
        <TextField name="data_categories" label={t('提供的数据类别')} value={values.data_categories} error={errors.data_categories} />
        <TextField name="legal_basis" label={t('法律依据')} value={values.legal_basis} error={errors.legal_basis} />
        <TextField
          name="disclosed_at"
          label={t('提供时间')}
          type="datetime-local"
          value={values.disclosed_at}
          error={errors.disclosed_at}
        />
        <Checkbox name="no_notify" label={t('依法不得告知用户（须写明依据，此选择记入审计日志）')} checked={values.no_notify === 'on'} />
        <TextField
          name="no_notify_basis"
          label={t('不告知的法律依据')}
          optional
          value={values.no_notify_basis}
          error={errors.no_notify_basis}
        />
        <SubmitButton>{t('登记')}</SubmitButton>
      </Form>
      <table>
        <thead>
          <tr>
            <th>{t('时间')}</th>
            <th>{t('用户')}</th>
            <th>{t('接收方')}</th>
            <th>{t('数据')}</th>
            <th>{t('依据')}</th>
            <th>{t('告知')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((d) => (
            <tr>
              <td>{formatCst(d.disclosedAt)}</td>
              <td>#{d.userId}</td>
              <td>{d.recipient}</td>
              <td>{d.dataCategories}</td>
              <td>{d.legalBasis}</td>
              <td>{d.notifyUser ? t('已告知') : t('不告知（{noNotifyBasis}）', { noNotifyBasis: d.noNotifyBasis ?? '' })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
