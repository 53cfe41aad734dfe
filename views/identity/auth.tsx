import { t } from '../../src/lib/i18n/index.js'
import { Form, TextField, Checkbox, ErrorSummary, SubmitButton, type FieldErrors, type FormValues } from '../components/form.js'
import { Notice } from '../components/status.js'

type FormProps = { values?: FormValues; errors?: FieldErrors; message?: string; notice?: string }

export function SmsCodeButton({ purpose }: { purpose: string }) {
  return (
    <p class="sms-row">
      <button
        type="submit"
        class="button secondary small"
        formaction="/auth/sms-code"
        formnovalidate
        name="purpose"
        value={purpose}
        data-qa="send-code"
      >
        {t('获取短信验证码')}
      </button>
      <span class="hint">{t('验证码5分钟内有效，每60秒可获取一次')}</span>
    </p>
  )
}

/** A 6-digit one-time code (SMS or authenticator): the phone's keypad and its code suggestion. Never filled back in. */
export function CodeField(p: { name: string; label: string; error?: string; hint?: string }) {
  return (
    <TextField name={p.name} label={p.label} inputmode="numeric" autocomplete="one-time-code" maxlength={6} error={p.error} hint={p.hint} />
  )
}

/**
 * Phone, the button that sends the code, the code and a new password: registration and the password
 * reset ask the same three things (the code and the password are never filled back in).
 */
export function PhoneCodeFields(p: {
  purpose: 'register' | 'reset'
  values: FormValues
  errors: FieldErrors
  phoneLabel: string
  phoneHint?: string
  passwordLabel: string
}) {
  return (
    <>
      <TextField
        name="phone"
        label={p.phoneLabel}
        type="tel"
        inputmode="numeric"
        autocomplete="tel"
        maxlength={11}
        value={p.values.phone}
        error={p.errors.phone}
        hint={p.phoneHint}
      />
      <SmsCodeButton purpose={p.purpose} />
      <CodeField name="sms_code" label={t('短信验证码')} error={p.errors.sms_code} />
      <TextField
        name="password"
        label={p.passwordLabel}
        type="password"
        autocomplete="new-password"
        error={p.errors.password}
        hint={t('至少8位，须同时包含字母和数字')}
      />
    </>
  )
}

export function RegisterPage({ values = {}, errors = {}, message, notice, policySummary }: FormProps & { policySummary: string }) {
  return (
    <section class="narrow">
      <h1>{t('注册账号')}</h1>
      <ErrorSummary errors={errors} message={message} />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <Form action="/register" data-qa="register-form">
        <input type="hidden" name="return_to" value="/register" />
        <PhoneCodeFields
          purpose="register"
          values={values}
          errors={errors}
          phoneLabel={t('手机号码')}
          phoneHint={t('用于登录和接收办件通知')}
          passwordLabel={t('设置密码')}
        />
        <div class="panel policy-summary">
          <h2>{t('隐私政策摘要')}</h2>
          <p lang={/[\u3400-\u9fff]/.test(policySummary) ? 'zh-CN' : undefined}>{policySummary}</p>
          <p>
            <a href="/privacy-policy" target="_blank" rel="noopener">
              {t('阅读《用户服务协议》和《隐私政策》全文')}
            </a>
          </p>
        </div>
        <Checkbox
          name="agree_policy"
          label={t('我已阅读并同意《用户服务协议》和《隐私政策》')}
          checked={values.agree_policy === 'on'}
          error={errors.agree_policy}
        />
        <div class="actions">
          <SubmitButton>{t('注册')}</SubmitButton>
          <a href="/login">{t('已有账号？登录')}</a>
        </div>
      </Form>
    </section>
  )
}

export function LoginPage({ values = {}, errors = {}, message, notice, next }: FormProps & { next?: string }) {
  return (
    <section class="narrow">
      <h1>{t('登录')}</h1>
      <ErrorSummary errors={errors} message={message} />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <Form action={next ? `/login?next=${encodeURIComponent(next)}` : '/login'} data-qa="login-form">
        <input type="hidden" name="return_to" value={next ? `/login?next=${encodeURIComponent(next)}` : '/login'} />
        <TextField
          name="phone"
          label={t('手机号码')}
          type="tel"
          inputmode="numeric"
          autocomplete="tel"
          maxlength={11}
          value={values.phone}
          error={errors.phone}
        />
        <TextField
          name="password"
          label={t('密码')}
          type="password"
          autocomplete="current-password"
          error={errors.password}
          hint={t('使用短信验证码登录时可不填密码')}
        />
        <details class="panel" open={!!values.sms || !!errors.sms_code}>
          <summary>{t('使用短信验证码登录')}</summary>
          <SmsCodeButton purpose="login" />
          <CodeField name="sms_code" label={t('短信验证码')} error={errors.sms_code} />
        </details>
        <div class="actions">
          <SubmitButton>{t('登录')}</SubmitButton>
          <a href="/password/reset" data-qa="forgot-password">
            {t('忘记密码？')}
          </a>
          <a href="/register">{t('没有账号？注册')}</a>
        </div>
      </Form>
    </section>
  )
}

export function MessagePage({
  title,
  message,
  back,
  status,
}: {
  title: string
  message: string
  back: string
  status?: 'error' | 'success'
}) {
  return (
    <section class="narrow">
      <h1>{title}</h1>
      <Notice kind={status ?? 'error'}>
        <p data-qa="message">{message}</p>
      </Notice>
      <p>
        <a href={back} class="button secondary">
          {t('返回')}
        </a>
      </p>
    </section>
  )
}

export function StaffLoginPage({ values = {}, errors = {}, message, next }: FormProps & { next?: string }) {
  return (
    <section class="narrow">
      <h1>{t('工作人员登录')}</h1>
      <p class="muted">{t('仅限人才服务中心工作人员。所有操作均记录审计日志。')}</p>
      <ErrorSummary errors={errors} message={message} />
      <Form action={next ? `/staff/login?next=${encodeURIComponent(next)}` : '/staff/login'} data-qa="staff-login-form">
        <TextField name="username" label={t('用户名')} autocomplete="username" value={values.username} error={errors.username} />
        <TextField name="password" label={t('密码')} type="password" autocomplete="current-password" error={errors.password} />
        <CodeField
          name="totp"
          label={t('动态口令')}
          error={errors.totp}
          hint={t('系统管理员、安全管理员、审计员须填写身份验证器中的6位动态口令')}
        />
        <SubmitButton>{t('登录')}</SubmitButton>
      </Form>
    </section>
  )
}

export function StaffPasswordPage({ forced, errors = {}, message }: { forced: boolean; errors?: FieldErrors; message?: string }) {
  return (
    <section class="narrow">
      <h1>{t('修改密码')}</h1>
      {forced ? <Notice kind="warning">{t('管理员已重置您的密码，请先设置新密码。')}</Notice> : null}
      <ErrorSummary errors={errors} message={message} />
      <Form action="/staff/password" data-qa="staff-password-form">
        <TextField name="old_password" label={t('当前密码（临时密码）')} type="password" error={errors.old_password} />
        <TextField name="new_password" label={t('新密码')} type="password" error={errors.new_password} hint={t('至少8位，含字母和数字')} />
        <SubmitButton>{t('保存')}</SubmitButton>
      </Form>
    </section>
  )
}
