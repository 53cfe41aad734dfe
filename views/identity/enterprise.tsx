import { t } from '../../src/lib/i18n/index.js'
import { Form, TextField, ErrorSummary, SubmitButton, type FieldErrors, type FormValues } from '../components/form.js'
import { Notice, Masked, UserData } from '../components/status.js'
import { formatCst } from '../../src/lib/time.js'
import { maskPhone } from '../../src/lib/crypto.js'

type FormProps = { values?: FormValues; errors?: FieldErrors; message?: string }

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
      <h1>{t('企业认证')}</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary errors={errors} message={message} />
      {invitations.length ? (
        <>
          <h2>{t('待处理的经办人邀请')}</h2>
          {invitations.map((i) => (
            <div class="panel" data-qa="invitation">
              <p>
                {t(
                  '“{name}”（统一社会信用代码 {uscc}）邀请您成为企业经办人。接受后，该企业的其他经办人可以看到您的姓名，您可以以该企业身份办理业务；不认识该企业请拒绝。',
                  { name: i.name, uscc: i.uscc },
                )}
              </p>
              <p class="hint">{t('有效期至 {date}', { date: formatCst(i.expiresAt) })}</p>
              <div class="actions spaced">
                <Form action={`/me/enterprise/invitations/${i.id}/accept`}>
                  <button class="button" type="submit" data-qa="accept-invitation">
                    {t('接受邀请')}
                  </button>
                </Form>
                <Form action={`/me/enterprise/invitations/${i.id}/decline`}>
                  <button class="button secondary" type="submit" data-qa="decline-invitation">
                    {t('拒绝')}
                  </button>
                </Form>
              </div>
            </div>
          ))}
        </>
      ) : null}
      {enterprises.length ? (
        <>
          <h2>{t('我经办的企业')}</h2>
          {enterprises.map((e) => (
            <div class="panel" data-qa="enterprise">
              <h3>
                <UserData>{e.name}</UserData>
                {actingEnterpriseId === e.id ? (
                  <>
                    {' '}
                    <span class="tag" data-qa="acting-tag">
                      {t('当前办理身份')}
                    </span>
                  </>
                ) : null}
              </h3>
              <dl class="summary">
                <div>
                  <dt>{t('统一社会信用代码')}</dt>
                  <dd>{e.uscc}</dd>
                </div>
                <div>
                  <dt>{t('法定代表人')}</dt>
                  <dd>
                    <UserData>{e.legalRepName}</UserData>
                    {t('（')}
                    <Masked value={e.legalRepIdMasked} />
                    {t('）')}
                  </dd>
                </div>
                <div>
                  <dt>{t('经办人')}</dt>
                  <dd>
                    {e.operators.map((o, i) => (
                      <>
                        {i > 0 ? t('、') : ''}
                        <UserData>{o.realName}</UserData>
                        {t('（{phone}）', { phone: maskPhone(o.phone ?? '') })}
                      </>
                    ))}
                  </dd>
                </div>
              </dl>
              <div class="actions spaced">
                {actingEnterpriseId === e.id ? (
                  <Form action="/me/acting-as">
                    <input type="hidden" name="enterprise_id" value="" />
                    <button class="button secondary" type="submit">
                      {t('切换回个人身份')}
                    </button>
                  </Form>
                ) : (
                  <Form action="/me/acting-as">
                    <input type="hidden" name="enterprise_id" value={String(e.id)} />
                    <button class="button" type="submit" data-qa="act-as">
                      {t('以该企业身份办理')}
                    </button>
                  </Form>
                )}
              </div>
              <Form action={`/me/enterprise/${e.id}/operators`} class="inline-form">
                <TextField
                  name="operator_phone"
                  label={t('邀请经办人（对方已注册并实名认证的手机号）')}
                  type="tel"
                  value={values.operator_phone}
                  error={errors.operator_phone}
                  hint={t('对方在个人账号中接受邀请后才成为经办人，届时您可看到其姓名')}
                />
                <SubmitButton secondary>{t('发送邀请')}</SubmitButton>
              </Form>
              {e.operators.length > 1 ? (
                <Form action={`/me/enterprise/${e.id}/leave`} class="inline">
                  <button class="button secondary small" type="submit" data-qa="leave-enterprise">
                    {t('退出该企业')}
                  </button>
                </Form>
              ) : (
                <p class="hint">{t('您是该企业唯一的经办人，须先邀请其他经办人后才能退出。')}</p>
              )}
            </div>
          ))}
        </>
      ) : null}
      <h2>{t('认证新企业')}</h2>
      <p>{t('认证后您将成为该企业的经办人，可办理企业引才补贴等企业业务。')}</p>
      <Form action="/me/enterprise" data-qa="enterprise-form">
        <TextField
          name="company_name"
          label={t('企业名称')}
          maxlength={60}
          value={values.company_name}
          error={errors.company_name}
          hint={t('与营业执照一致')}
        />
        <TextField
          name="uscc"
          label={t('统一社会信用代码')}
          maxlength={30}
          value={values.uscc}
          error={errors.uscc}
          hint={t('18位，见营业执照')}
        />
        <TextField
          name="legal_rep_name"
          label={t('法定代表人姓名')}
          maxlength={30}
          value={values.legal_rep_name}
          error={errors.legal_rep_name}
        />
        <TextField
          name="legal_rep_id_number"
          label={t('法定代表人身份证号码')}
          maxlength={30}
          value={values.legal_rep_id_number}
          error={errors.legal_rep_id_number}
        />
        <SubmitButton>{t('提交企业认证')}</SubmitButton>
      </Form>
    </section>
  )
}
