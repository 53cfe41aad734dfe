import { Form, TextField, ErrorSummary, SubmitButton, type FieldErrors, type FormValues } from '../components/form.js'
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
        <TextField
          name="phone"
          label={t('注册手机号')}
          type="tel"
          inputmode="numeric"
          autocomplete="tel"
          maxlength={11}
          value={values.phone}
          error={errors.phone}
        />
        <p class="sms-row">
          <button
            type="submit"
            class="button secondary small"
            formaction="/auth/sms-code"
            formnovalidate
            name="purpose"
            value="reset"
            data-qa="send-code"
          >
            {t('获取短信验证码')}
          </button>
          <span class="hint">{t('验证码5分钟内有效，每60秒可获取一次')}</span>
        </p>
        <TextField
          name="sms_code"
          label={t('短信验证码')}
          inputmode="numeric"
          autocomplete="one-time-code"
          maxlength={6}
          error={errors.sms_code}
        />
        <TextField
          name="password"
          label={t('新密码')}
          type="password"
          autocomplete="new-password"
          error={errors.password}
          hint={t('至少8位，须同时包含字母和数字')}
        />
        <div class="actions">
          <SubmitButton>{t('重置密码')}</SubmitButton>
          <a href="/login">{t('想起密码了？去登录')}</a>
        </div>
      </Form>
    </section>
  )
}
