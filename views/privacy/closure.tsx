import { t } from '../../src/lib/i18n/index.js'
import { formatCst } from '../../src/lib/time.js'
import { CLOSURE_REASONS } from '../../src/modules/privacy/catalog.js'
import { Form, TextField, SelectField, Checkbox, ErrorSummary, type FieldErrors, type FormValues } from '../components/form.js'
import { Notice } from '../components/status.js'
import { SmsCodeButton } from '../identity/auth.js'

/** Account closure: the request page and the status page (citizen and counter receipt). */
export function ClosurePage({
  phone,
  blockers,
  errors = {},
  values = {},
  message,
  notice,
}: {
  phone: string
  blockers: string[]
  errors?: FieldErrors
  values?: FormValues
  message?: string
  notice?: string
}) {
  return (
    <section class="narrow">
      <h1>{t('注销账号')}</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary errors={errors} message={message} />
      <h2>{t('注销后')}</h2>
      <ul>
        <li>{t('立即退出所有设备，账号不能再登录。')}</li>
        <li>
          {t(
            '7天冷静期后开始删除：手机号、邮箱、姓名、身份证号、银行账号、草稿、材料、站内消息、授权记录、登录记录。最迟15个工作日内完成，完成后短信通知您。',
          )}
        </li>
        <li>{t('法律要求保存的记录（已发放补贴的申请与发放记录）匿名化后保存10年，不再与您关联。')}</li>
        <li>{t('冷静期内如改变主意，可携带身份证到服务窗口撤销。注销完成后，同一手机号和身份证可重新注册。')}</li>
        <li>
          {t('建议先')} <a href="/me/data/export">{t('导出您的数据')}</a>
          {t('。')}
        </li>
      </ul>
      {blockers.length ? (
        <Notice kind="warning" title={t('暂时不能注销')}>
          <ul data-qa="closure-blockers">
            {blockers.map((b) => (
              <li>{b}</li>
            ))}
          </ul>
        </Notice>
      ) : (
        <Form action="/me/closure" data-qa="closure-form">
          <input type="hidden" name="return_to" value="/me/closure" />
          <SelectField
            name="reason"
            label={t('注销原因')}
            optional
            value={values.reason}
            options={CLOSURE_REASONS.map((r) => ({ value: r, label: t(r) }))}
            placeholder={t('不说明')}
          />
          <p>
            {t('为确认是您本人，请获取发送到 {x}****', { x: phone.slice(0, 3) })}
            {phone.slice(-4)} {t('的验证码。')}
          </p>
          <SmsCodeButton purpose="closure" />
          <TextField name="sms_code" label={t('短信验证码')} inputmode="numeric" maxlength={6} error={errors.sms_code} />
          <Checkbox name="confirm" label={t('我已了解注销的后果，确认注销账号')} checked={values.confirm === 'on'} error={errors.confirm} />
          <button type="submit" class="button danger" data-qa="submit">
            {t('确认注销')}
          </button>
        </Form>
      )}
    </section>
  )
}

export function ClosureStatusPage({
  c,
}: {
  c: {
    ref: string
    status: string
    channel: string
    requestedAt: string
    executeAfter: string
    dueDate: string
    completedAt: string | null
    cancelledAt: string | null
  }
}) {
  const label = c.status === 'requested' ? t('办理中') : c.status === 'completed' ? t('已完成') : t('已撤销')
  return (
    <section class="narrow" data-qa="closure-status">
      <h1>{t('账号注销')}</h1>
      <Notice kind="success" title={t('注销编号 {ref}', { ref: c.ref })}>
        <p>
          {t('状态：')}
          <strong data-qa="closure-state">{label}</strong>
        </p>
      </Notice>
      <dl class="summary">
        <div>
          <dt>{t('申请时间')}</dt>
          <dd>
            {t('{requestedAt}（', { requestedAt: formatCst(c.requestedAt) })}
            {c.channel === 'counter' ? t('窗口') : t('网上')}
            {t('）')}
          </dd>
        </div>
        <div>
          <dt>{t('冷静期至')}</dt>
          <dd>{formatCst(c.executeAfter)}</dd>
        </div>
        <div>
          <dt>{t('最迟完成日期')}</dt>
          <dd>{c.dueDate}</dd>
        </div>
        {c.completedAt ? (
          <div>
            <dt>{t('完成时间')}</dt>
            <dd>{formatCst(c.completedAt)}</dd>
          </div>
        ) : null}
      </dl>
      <p>{t('您已退出登录。请保存注销编号，可凭编号在本页面查询进度，或拨打12333。')}</p>
    </section>
  )
}
