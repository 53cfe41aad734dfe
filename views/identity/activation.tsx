import { t } from '../../src/lib/i18n/index.js'
import { Form, TextField, ErrorSummary, SubmitButton, type FieldErrors } from '../components/form.js'
import { Notice } from '../components/status.js'
import { CodeField } from './auth.js'

export type ActivationView = {
  username: string
  displayName: string
  purpose: 'activate' | 'reset' | 'totp'
  roles: string[]
  /** Shown only here, to whoever holds the one-time link (the holder's own phone or mail). */
  totpSecret: string | null
  totpUri: string | null
}

const TITLES = { activate: '激活工作人员账号', reset: '重置密码', totp: '绑定动态口令' } as const

/** The holder's own page behind a one-time link: set the password, enrol the authenticator. */
export function StaffActivatePage(p: { a: ActivationView; token: string; errors?: FieldErrors; message?: string }) {
  const { a, errors = {} } = p
  return (
    <section class="narrow" data-qa="staff-activate">
      <h1>{t(TITLES[a.purpose])}</h1>
      <p>
        {a.displayName}
        {t('（用户名 ')}
        <strong>{a.username}</strong>
        {t('）')}
        {a.roles.length ? t('，角色：{roles}', { roles: a.roles.map((r) => t(r)).join(t('、')) }) : ''}
      </p>
      <p class="muted">{t('此链接只发给账号持有人本人，仅能使用一次。创建账号的管理员看不到您设置的密码和动态口令密钥。')}</p>
      <ErrorSummary errors={errors} message={p.message} />
      <Form action="/staff/activate" data-qa="staff-activate-form">
        <input type="hidden" name="token" value={p.token} />
        <TextField
          name="password"
          label={t('设置密码')}
          type="password"
          autocomplete="new-password"
          error={errors.password}
          hint={t('至少8位，含字母和数字')}
        />
        <TextField name="confirm" label={t('再次输入密码')} type="password" autocomplete="new-password" error={errors.confirm} />
        {a.totpSecret ? (
          <>
            <h2>{t('绑定动态口令')}</h2>
            <p>{t('您的角色登录时须填写动态口令。请在身份验证器（如手机上的验证器应用）中添加账号，输入以下密钥（基于时间，30秒）：')}</p>
            <p>
              <code data-qa="totp-secret">{a.totpSecret}</code>
            </p>
            <details>
              <summary>{t('验证器支持链接导入时使用')}</summary>
              <code data-qa="totp-uri">{a.totpUri}</code>
            </details>
            <CodeField name="totp" label={t('验证器显示的6位动态口令')} error={errors.totp} />
          </>
        ) : null}
        <SubmitButton>{t('确认')}</SubmitButton>
      </Form>
    </section>
  )
}

export function StaffActivationDonePage({ username }: { username: string }) {
  return (
    <section class="narrow" data-qa="staff-activated">
      <h1>{t('设置完成')}</h1>
      <Notice kind="success">
        账号 {username} 已可使用。请用新密码{t('（及动态口令）')}登录。
      </Notice>
      <p>
        <a class="button" href="/staff/login">
          {t('前往工作人员登录')}
        </a>
      </p>
    </section>
  )
}

export function StaffActivationInvalidPage() {
  return (
    <section class="narrow" data-qa="staff-activation-invalid">
      <h1>{t('链接无效或已过期')}</h1>
      <p>{t('激活、重置或绑定链接只能使用一次，72小时内有效。请联系系统管理员重新发送。')}</p>
    </section>
  )
}
