import { t } from '../../src/lib/i18n/index.js'
import { Form, TextField, ErrorSummary, SubmitButton, type FieldErrors, type FormValues } from '../components/form.js'
import { Notice, Masked, Badge, UserData } from '../components/status.js'
import { formatCst } from '../../src/lib/time.js'
import { maskPhone } from '../../src/lib/crypto.js'
import { SmsCodeButton } from './auth.js'
import { describeUserAgent, displayIp } from '../../src/lib/user-agent.js'
import { BankFields } from './bank.js'

type FormProps = { values?: FormValues; errors?: FieldErrors; message?: string }

export interface AccountView {
  phone: string
  realName: string | null
  idNumberMasked: string | null
  bankName: string | null
  bankAccountMasked: string | null
  verifiedAt: string | null
  verificationMethod: string | null
  email: string | null
  emailVerified: boolean
  unmasked: { idNumber: string; bankAccount: string | null } | null
  steppedUp: boolean
  enterprises: { id: number; name: string; uscc: string }[]
  actingEnterpriseId: number | null
  devices: { id: string; current: boolean; createdAt: string; lastSeenAt: string; ip: string | null; userAgent: string | null }[]
}

export function AccountPage({ a, notice, values = {}, errors = {}, message }: { a: AccountView; notice?: string } & FormProps) {
  return (
    <section>
      <h1>{t('个人中心')}</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary errors={errors} message={message} />
      <h2>{t('实名信息')}</h2>
      {a.verifiedAt ? (
        <>
          <dl class="summary" data-qa="identity-summary">
            <div>
              <dt>{t('姓名')}</dt>
              <dd>
                <UserData>{a.realName}</UserData>
              </dd>
            </div>
            <div>
              <dt>{t('身份证号')}</dt>
              <dd data-qa="id-number">
                {a.unmasked ? <span class="unmasked">{a.unmasked.idNumber}</span> : <Masked value={a.idNumberMasked} />}
              </dd>
            </div>
            <div>
              <dt>{t('收款银行')}</dt>
              <dd>{a.bankName ? t(a.bankName) : null}</dd>
            </div>
            <div>
              <dt>{t('银行账号')}</dt>
              <dd data-qa="bank-account">
                {a.unmasked?.bankAccount ? <span class="unmasked">{a.unmasked.bankAccount}</span> : <Masked value={a.bankAccountMasked} />}
              </dd>
            </div>
            <div>
              <dt>{t('认证状态')}</dt>
              <dd>
                <Badge tone="green">{t('已实名认证')}</Badge> {formatCst(a.verifiedAt)}
                {t('（核验方式：{method}）', {
                  method: a.verificationMethod === 'format-checksum-only' ? t('号码格式与校验位核验') : (a.verificationMethod ?? ''),
                })}
              </dd>
            </div>
          </dl>
          {a.unmasked ? (
            <p class="hint">{t('完整号码仅在二次验证后10分钟内向您本人显示，本次查看已记录。')}</p>
          ) : (
            <Form action="/me/step-up" class="panel" data-qa="step-up-form">
              <h3>{t('查看完整号码 / 修改银行账户')}</h3>
              <p class="hint">{t('为保护您的信息，需要向 {phone} 发送验证码进行二次验证。', { phone: maskPhone(a.phone) })}</p>
              <input type="hidden" name="return_to" value="/me/account" />
              <input type="hidden" name="phone" value={a.phone} />
              <SmsCodeButton purpose="verify" />
              <TextField name="sms_code" label={t('短信验证码')} inputmode="numeric" maxlength={6} error={errors.sms_code} />
              <SubmitButton secondary>{t('验证')}</SubmitButton>
            </Form>
          )}
          {a.steppedUp ? (
            <Form action="/me/bank" class="panel" data-qa="bank-form">
              <h3>{t('修改收款银行账户')}</h3>
              <BankFields values={values} errors={errors} />
              <SubmitButton secondary>{t('保存银行账户')}</SubmitButton>
            </Form>
          ) : null}
          <p class="hint">
            {t('姓名和身份证号认证后不可自行修改；如有错误，请在')} <a href="/me/data">{t('个人数据中心')}</a> {t('提交更正申请。')}
          </p>
        </>
      ) : (
        <Notice kind="warning" title={t('尚未实名认证')}>
          <p>{t('办理人才认定、补贴申领等业务前，需要完成一次实名认证。')}</p>
          <p>
            <a class="button" href="/me/identity">
              {t('去实名认证')}
            </a>
          </p>
        </Notice>
      )}

      <h2>{t('企业')}</h2>
      {a.enterprises.length ? (
        <ul class="plain">
          {a.enterprises.map((e) => (
            <li>
              <UserData>{e.name}</UserData>
              {t('（{phone}）', { phone: e.uscc })}
              {a.actingEnterpriseId === e.id ? <Badge tone="blue">{t('当前以该企业身份办理')}</Badge> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('尚未认证企业。')}</p>
      )}
      <p>
        <a href="/me/enterprise">{t('企业认证与经办人管理')}</a>
      </p>

      <h2 id="phone">{t('更换手机号')}</h2>
      <Form action="/me/phone" class="panel" data-qa="phone-form">
        <TextField name="new_phone" label={t('新手机号')} type="tel" value={values.new_phone} error={errors.new_phone} maxlength={11} />
        <p class="sms-row">
          <button type="submit" class="button secondary small" formaction="/auth/sms-code" formnovalidate name="purpose" value="phone">
            {t('向新手机号发送验证码')}
          </button>
        </p>
        <TextField name="new_code" label={t('新手机号收到的验证码')} inputmode="numeric" maxlength={6} error={errors.new_code} />
        <input type="hidden" name="return_to" value="/me/account?phone=1" />
        <p class="sms-row">
          <button type="submit" class="button secondary small" formaction="/auth/sms-code" formnovalidate name="purpose" value="verify">
            {t('向原手机号发送验证码')}
          </button>
        </p>
        <TextField name="old_code" label={t('原手机号收到的验证码')} inputmode="numeric" maxlength={6} error={errors.old_code} />
        <SubmitButton secondary>{t('更换手机号')}</SubmitButton>
      </Form>

      <h2>{t('联系邮箱')}</h2>
      <p>
        {a.email ? (
          <>
            {a.email} {a.emailVerified ? <Badge tone="green">{t('已验证')}</Badge> : <Badge tone="yellow">{t('待验证')}</Badge>}
          </>
        ) : (
          t('未设置（选填，用于接收通知邮件）')
        )}
      </p>
      <Form action="/me/email" class="panel" data-qa="email-form">
        <TextField name="email" label={t('邮箱')} type="email" optional value={values.email} error={errors.email} maxlength={254} />
        <SubmitButton secondary>{t('发送验证邮件')}</SubmitButton>
      </Form>

      <h2>{t('修改密码')}</h2>
      <Form action="/me/password" class="panel" data-qa="password-form">
        <TextField name="old_password" label={t('原密码')} type="password" autocomplete="current-password" error={errors.old_password} />
        <TextField
          name="new_password"
          label={t('新密码')}
          type="password"
          autocomplete="new-password"
          error={errors.new_password}
          hint={t('至少8位，须同时包含字母和数字；修改后其他设备将退出登录')}
        />
        <SubmitButton secondary>{t('修改密码')}</SubmitButton>
      </Form>

      <h2 id="devices">{t('登录设备')}</h2>
      <div class="table-wrap">
        <table data-qa="devices" class="responsive">
          <thead>
            <tr>
              <th>{t('登录时间')}</th>
              <th>{t('最近活动')}</th>
              <th>IP</th>
              <th>{t('设备')}</th>
              <th>
                <span class="visually-hidden">{t('操作')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {a.devices.map((d) => (
              <tr>
                <td data-label={t('登录时间')}>{formatCst(d.createdAt)}</td>
                <td data-label={t('最近活动')}>{formatCst(d.lastSeenAt)}</td>
                <td data-label="IP">{displayIp(d.ip)}</td>
                <td data-label={t('设备')} title={(d.userAgent ?? '').slice(0, 200)}>
                  {describeUserAgent(d.userAgent, t('其他')) ?? '—'}
                </td>
                <td class="cell-actions">
                  {d.current ? (
                    <Badge tone="green">{t('本设备')}</Badge>
                  ) : (
                    <Form action={`/me/sessions/${d.id}/revoke`}>
                      <button type="submit" class="button secondary small">
                        {t('退出该设备')}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href="/me/data">{t('个人数据中心（查阅、导出、更正、授权管理、访问记录、注销账号）')}</a>
      </p>
    </section>
  )
}

export function StepUpPage({
  phone,
  returnTo,
  errors = {},
  message,
  notice,
}: {
  phone: string
  returnTo: string
  errors?: FieldErrors
  message?: string
  notice?: string
}) {
  return (
    <section class="narrow">
      <h1>{t('二次验证')}</h1>
      <p>{t('该操作涉及您的敏感个人信息，需要向 {phone} 发送短信验证码确认是您本人。验证后10分钟内有效。', { phone: maskPhone(phone) })}</p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary errors={errors} message={message} />
      <Form action="/me/step-up" data-qa="step-up-form">
        <input type="hidden" name="return_to" value={returnTo} />
        <SmsCodeButton purpose="verify" />
        <TextField name="sms_code" label={t('短信验证码')} inputmode="numeric" maxlength={6} error={errors.sms_code} />
        <SubmitButton>{t('验证')}</SubmitButton>
      </Form>
    </section>
  )
}
