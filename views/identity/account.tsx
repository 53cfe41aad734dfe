import { Form, TextField, SelectField, ErrorSummary, SubmitButton, type FieldErrors, type FormValues } from '../components/form.js'
import { Notice, Masked, Badge } from '../components/status.js'
import { formatCst } from '../../src/lib/time.js'
import { maskPhone } from '../../src/lib/crypto.js'
import { SmsCodeButton } from './auth.js'
import { describeUserAgent, displayIp } from '../../src/lib/user-agent.js'
import { t } from '../../src/lib/i18n/index.js'

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
      <h1>个人中心</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary errors={errors} message={message} />
      <h2>实名信息</h2>
      {a.verifiedAt ? (
        <>
          <dl class="summary" data-qa="identity-summary">
            <div>
              <dt>姓名</dt>
              <dd>{a.realName}</dd>
            </div>
            <div>
              <dt>身份证号</dt>
              <dd data-qa="id-number">
                {a.unmasked ? <span class="unmasked">{a.unmasked.idNumber}</span> : <Masked value={a.idNumberMasked} />}
              </dd>
            </div>
            <div>
              <dt>收款银行</dt>
              <dd>{a.bankName}</dd>
            </div>
            <div>
              <dt>银行账号</dt>
              <dd data-qa="bank-account">
                {a.unmasked?.bankAccount ? <span class="unmasked">{a.unmasked.bankAccount}</span> : <Masked value={a.bankAccountMasked} />}
              </dd>
            </div>
            <div>
              <dt>认证状态</dt>
              <dd>
                <Badge tone="green">已实名认证</Badge> {formatCst(a.verifiedAt)}（核验方式：
                {a.verificationMethod === 'format-checksum-only' ? '号码格式与校验位核验' : a.verificationMethod}）
              </dd>
            </div>
          </dl>
          {a.unmasked ? (
            <p class="hint">完整号码仅在二次验证后10分钟内向您本人显示，本次查看已记录。</p>
          ) : (
            <Form action="/me/step-up" class="panel" data-qa="step-up-form">
              <h3>查看完整号码 / 修改银行账户</h3>
              <p class="hint">为保护您的信息，需要向 {maskPhone(a.phone)} 发送验证码进行二次验证。</p>
              <input type="hidden" name="return_to" value="/me/account" />
              <input type="hidden" name="phone" value={a.phone} />
              <SmsCodeButton purpose="verify" />
              <TextField name="sms_code" label="短信验证码" inputmode="numeric" maxlength={6} error={errors.sms_code} />
              <SubmitButton secondary>验证</SubmitButton>
            </Form>
          )}
          {a.steppedUp ? (
            <Form action="/me/bank" class="panel" data-qa="bank-form">
              <h3>修改收款银行账户</h3>
              <BankFields values={values} errors={errors} />
              <SubmitButton secondary>保存银行账户</SubmitButton>
            </Form>
          ) : null}
          <p class="hint">
            姓名和身份证号认证后不可自行修改；如有错误，请在 <a href="/me/data">个人数据中心</a> 提交更正申请。
          </p>
        </>
      ) : (
        <Notice kind="warning" title="尚未实名认证">
          <p>办理人才认定、补贴申领等业务前，需要完成一次实名认证。</p>
          <p>
            <a class="button" href="/me/identity">
              去实名认证
            </a>
          </p>
        </Notice>
      )}

      <h2>企业</h2>
      {a.enterprises.length ? (
        <ul class="plain">
          {a.enterprises.map((e) => (
            <li>
              {e.name}（{e.uscc}）{a.actingEnterpriseId === e.id ? <Badge tone="blue">当前以该企业身份办理</Badge> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">尚未认证企业。</p>
      )}
      <p>
        <a href="/me/enterprise">企业认证与经办人管理</a>
      </p>

      <h2 id="phone">更换手机号</h2>
      <Form action="/me/phone" class="panel" data-qa="phone-form">
        <TextField name="new_phone" label="新手机号" type="tel" value={values.new_phone} error={errors.new_phone} maxlength={11} />
        <p class="sms-row">
          <button type="submit" class="button secondary small" formaction="/auth/sms-code" formnovalidate name="purpose" value="phone">
            向新手机号发送验证码
          </button>
        </p>
        <TextField name="new_code" label="新手机号收到的验证码" inputmode="numeric" maxlength={6} error={errors.new_code} />
        <input type="hidden" name="return_to" value="/me/account?phone=1" />
        <p class="sms-row">
          <button type="submit" class="button secondary small" formaction="/auth/sms-code" formnovalidate name="purpose" value="verify">
            向原手机号发送验证码
          </button>
        </p>
        <TextField name="old_code" label="原手机号收到的验证码" inputmode="numeric" maxlength={6} error={errors.old_code} />
        <SubmitButton secondary>更换手机号</SubmitButton>
      </Form>

      <h2>联系邮箱</h2>
      <p>
        {a.email ? (
          <>
            {a.email} {a.emailVerified ? <Badge tone="green">已验证</Badge> : <Badge tone="yellow">待验证</Badge>}
          </>
        ) : (
          '未设置（选填，用于接收通知邮件）'
        )}
      </p>
      <Form action="/me/email" class="panel" data-qa="email-form">
        <TextField name="email" label="邮箱" type="email" optional value={values.email} error={errors.email} maxlength={254} />
        <SubmitButton secondary>发送验证邮件</SubmitButton>
      </Form>

      <h2>修改密码</h2>
      <Form action="/me/password" class="panel" data-qa="password-form">
        <TextField name="old_password" label="原密码" type="password" autocomplete="current-password" error={errors.old_password} />
        <TextField
          name="new_password"
          label="新密码"
          type="password"
          autocomplete="new-password"
          error={errors.new_password}
          hint="至少8位，须同时包含字母和数字；修改后其他设备将退出登录"
        />
        <SubmitButton secondary>修改密码</SubmitButton>
      </Form>

      <h2 id="devices">登录设备</h2>
      <div class="table-wrap">
        <table data-qa="devices" class="responsive">
          <thead>
            <tr>
              <th>登录时间</th>
              <th>最近活动</th>
              <th>IP</th>
              <th>设备</th>
              <th>
                <span class="visually-hidden">操作</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {a.devices.map((d) => (
              <tr>
                <td data-label="登录时间">{formatCst(d.createdAt)}</td>
                <td data-label="最近活动">{formatCst(d.lastSeenAt)}</td>
                <td data-label="IP">{displayIp(d.ip)}</td>
                <td data-label="设备" title={(d.userAgent ?? '').slice(0, 200)}>
                  {describeUserAgent(d.userAgent, t('其他')) ?? '—'}
                </td>
                <td class="cell-actions">
                  {d.current ? (
                    <Badge tone="green">本设备</Badge>
                  ) : (
                    <Form action={`/me/sessions/${d.id}/revoke`}>
                      <button type="submit" class="button secondary small">
                        退出该设备
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
        <a href="/me/data">个人数据中心（查阅、导出、更正、授权管理、访问记录、注销账号）</a>
      </p>
    </section>
  )
}

export const BANK_OPTIONS = [
  '中国工商银行',
  '中国农业银行',
  '中国银行',
  '中国建设银行',
  '交通银行',
  '中国邮政储蓄银行',
  '招商银行',
  '中信银行',
  '中国光大银行',
  '华夏银行',
  '中国民生银行',
  '广发银行',
  '平安银行',
  '兴业银行',
  '上海浦东发展银行',
  '农村商业银行',
  '其他银行',
]

function BankFields({ values, errors }: { values: FormValues; errors: FieldErrors }) {
  return (
    <>
      <SelectField
        name="bank_name"
        label="开户银行"
        value={values.bank_name}
        error={errors.bank_name}
        placeholder="请选择"
        options={BANK_OPTIONS.map((b) => ({ value: b, label: b }))}
      />
      <TextField
        name="bank_account"
        label="银行账号"
        inputmode="numeric"
        maxlength={30}
        value={values.bank_account}
        error={errors.bank_account}
        hint="本人名下的借记卡或存折账号，12至19位数字，用于发放补贴"
      />
    </>
  )
}

export function IdentityPage({ values = {}, errors = {}, message, reason }: FormProps & { reason?: string }) {
  return (
    <section class="narrow">
      <h1>实名认证</h1>
      {reason ? <Notice kind="info">{reason}</Notice> : null}
      <p>一次认证，全程通用。我们只收集办理业务所必需的信息：身份证号用于核验身份，银行账号用于发放补贴。信息加密保存，页面上脱敏显示。</p>
      <ErrorSummary errors={errors} message={message} />
      <Form action="/me/identity" data-qa="identity-form">
        <TextField
          name="real_name"
          label="姓名"
          autocomplete="name"
          maxlength={30}
          value={values.real_name}
          error={errors.real_name}
          hint="与身份证一致；少数民族姓名可用“·”"
        />
        <TextField
          name="id_number"
          label="身份证号码"
          maxlength={30}
          value={values.id_number}
          error={errors.id_number}
          hint="18位，最后一位可以是X"
        />
        <BankFields values={values} errors={errors} />
        <details class="panel" open={!!(values.guardian_name || errors.guardian_name)}>
          <summary>未满18周岁：填写监护人信息</summary>
          <p class="hint">16–17周岁的申请人须记录监护人同意。未满16周岁请由监护人到服务窗口办理。</p>
          <TextField name="guardian_name" label="监护人姓名" value={values.guardian_name} error={errors.guardian_name} />
          <SelectField
            name="guardian_relation"
            label="与监护人关系"
            value={values.guardian_relation}
            error={errors.guardian_relation}
            placeholder="请选择"
            options={['父亲', '母亲', '其他法定监护人'].map((x) => ({ value: x, label: x }))}
          />
          <TextField name="guardian_phone" label="监护人手机号" type="tel" value={values.guardian_phone} error={errors.guardian_phone} />
        </details>
        <SubmitButton>提交认证</SubmitButton>
      </Form>
    </section>
  )
}

export function EnterprisePage({
  values = {},
  errors = {},
  message,
  enterprises,
  invitations = [],
  actingEnterpriseId,
  notice,
}: FormProps & {
  /** Invitations waiting for me: the enterprise only (issue 16 item 8). */
  invitations?: { id: number; name: string; uscc: string; expiresAt: string }[]
  enterprises: {
    id: number
    name: string
    uscc: string
    legalRepName: string
    legalRepIdMasked: string
    operators: { realName: string | null; phone: string | null }[]
  }[]
  actingEnterpriseId: number | null
  notice?: string
}) {
  return (
    <section>
      <h1>企业认证</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary errors={errors} message={message} />
      {invitations.length ? (
        <>
          <h2>待处理的经办人邀请</h2>
          {invitations.map((i) => (
            <div class="panel" data-qa="invitation">
              <p>
                “{i.name}”（统一社会信用代码 {i.uscc}
                ）邀请您成为企业经办人。接受后，该企业的其他经办人可以看到您的姓名，您可以以该企业身份办理业务；不认识该企业请拒绝。
              </p>
              <p class="hint">有效期至 {formatCst(i.expiresAt)}</p>
              <div class="actions spaced">
                <Form action={`/me/enterprise/invitations/${i.id}/accept`}>
                  <button class="button" type="submit" data-qa="accept-invitation">
                    接受邀请
                  </button>
                </Form>
                <Form action={`/me/enterprise/invitations/${i.id}/decline`}>
                  <button class="button secondary" type="submit" data-qa="decline-invitation">
                    拒绝
                  </button>
                </Form>
              </div>
            </div>
          ))}
        </>
      ) : null}
      {enterprises.length ? (
        <>
          <h2>我经办的企业</h2>
          {enterprises.map((e) => (
            <div class="panel" data-qa="enterprise">
              <h3>
                {e.name}
                {actingEnterpriseId === e.id ? (
                  <>
                    {' '}
                    <span class="tag" data-qa="acting-tag">
                      当前办理身份
                    </span>
                  </>
                ) : null}
              </h3>
              <dl class="summary">
                <div>
                  <dt>统一社会信用代码</dt>
                  <dd>{e.uscc}</dd>
                </div>
                <div>
                  <dt>法定代表人</dt>
                  <dd>
                    {e.legalRepName}（<Masked value={e.legalRepIdMasked} />）
                  </dd>
                </div>
                <div>
                  <dt>经办人</dt>
                  <dd>{e.operators.map((o) => `${o.realName ?? ''}（${maskPhone(o.phone ?? '')}）`).join('、')}</dd>
                </div>
              </dl>
              <div class="actions spaced">
                {actingEnterpriseId === e.id ? (
                  <Form action="/me/acting-as">
                    <input type="hidden" name="enterprise_id" value="" />
                    <button class="button secondary" type="submit">
                      切换回个人身份
                    </button>
                  </Form>
                ) : (
                  <Form action="/me/acting-as">
                    <input type="hidden" name="enterprise_id" value={String(e.id)} />
                    <button class="button" type="submit" data-qa="act-as">
                      以该企业身份办理
                    </button>
                  </Form>
                )}
              </div>
              <Form action={`/me/enterprise/${e.id}/operators`} class="inline-form">
                <TextField
                  name="operator_phone"
                  label="邀请经办人（对方已注册并实名认证的手机号）"
                  type="tel"
                  value={values.operator_phone}
                  error={errors.operator_phone}
                  hint="对方在个人账号中接受邀请后才成为经办人，届时您可看到其姓名"
                />
                <SubmitButton secondary>发送邀请</SubmitButton>
              </Form>
              {e.operators.length > 1 ? (
                <Form action={`/me/enterprise/${e.id}/leave`} class="inline">
                  <button class="button secondary small" type="submit" data-qa="leave-enterprise">
                    退出该企业
                  </button>
                </Form>
              ) : (
                <p class="hint">您是该企业唯一的经办人，须先邀请其他经办人后才能退出。</p>
              )}
            </div>
          ))}
        </>
      ) : null}
      <h2>认证新企业</h2>
      <p>认证后您将成为该企业的经办人，可办理企业引才补贴等企业业务。</p>
      <Form action="/me/enterprise" data-qa="enterprise-form">
        <TextField
          name="company_name"
          label="企业名称"
          maxlength={60}
          value={values.company_name}
          error={errors.company_name}
          hint="与营业执照一致"
        />
        <TextField name="uscc" label="统一社会信用代码" maxlength={30} value={values.uscc} error={errors.uscc} hint="18位，见营业执照" />
        <TextField
          name="legal_rep_name"
          label="法定代表人姓名"
          maxlength={30}
          value={values.legal_rep_name}
          error={errors.legal_rep_name}
        />
        <TextField
          name="legal_rep_id_number"
          label="法定代表人身份证号码"
          maxlength={30}
          value={values.legal_rep_id_number}
          error={errors.legal_rep_id_number}
        />
        <SubmitButton>提交企业认证</SubmitButton>
      </Form>
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
      <h1>二次验证</h1>
      <p>该操作涉及您的敏感个人信息，需要向 {maskPhone(phone)} 发送短信验证码确认是您本人。验证后10分钟内有效。</p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary errors={errors} message={message} />
      <Form action="/me/step-up" data-qa="step-up-form">
        <input type="hidden" name="return_to" value={returnTo} />
        <SmsCodeButton purpose="verify" />
        <TextField name="sms_code" label="短信验证码" inputmode="numeric" maxlength={6} error={errors.sms_code} />
        <SubmitButton>验证</SubmitButton>
      </Form>
    </section>
  )
}

export function StaffHomePage({
  name,
  staffNo,
  department,
  roles,
  links,
}: {
  name: string
  staffNo: string
  department: string
  roles: string[]
  links: { href: string; label: string; desc: string }[]
}) {
  return (
    <section>
      <h1>工作台</h1>
      <p>
        {name}（工号 {staffNo}，{department}）· 角色：{roles.join('、')}
      </p>
      <ul class="cards">
        {links.map((l) => (
          <li class="card">
            <a href={l.href}>
              <strong>{l.label}</strong>
              <span class="muted">{l.desc}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}
