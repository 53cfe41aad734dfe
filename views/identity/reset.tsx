import { Form, ErrorSummary, SubmitButton, type FieldErrors, type FormValues } from '../components/form.js'
import { PhoneCodeFields } from './auth.js'
import { Notice } from '../components/status.js'
import { t } from '../../src/lib/i18n/index.js'

/** 忘记密码: phone → SMS code → new password (the rules of registration). */
export function ResetPasswordPage({
  values = {},
  errors = {},
  message,
  notice,
}: {
  values?: FormValues
  errors?: FieldErrors
  message?: string
  notice?: string
}) {
  return (
    <section class="narrow">
      <h1>{t('找回密码')}</h1>
      <p class="lead">{t('向注册手机号发送验证码，验证后设置新密码。设置成功后，所有已登录的设备都会退出登录。')}</p>
      <ErrorSummary errors={errors} message={message} />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <Form action="/password/reset" data-qa="reset-form">
        <input type="hidden" name="return_to" value="/password/reset" />
        <PhoneCodeFields purpose="reset" values={values} errors={errors} phoneLabel={t('注册手机号')} passwordLabel={t('新密码')} />
        <div class="actions">
          <SubmitButton>{t('重置密码')}</SubmitButton>
          <a href="/login">{t('想起密码了？去登录')}</a>
        </div>
      </Form>
    </section>
  )
}
