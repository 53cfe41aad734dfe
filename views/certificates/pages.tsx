import { t } from '../../src/lib/i18n/index.js'
import { Form, TextField } from '../components/form.js'
import { Badge, Notice } from '../components/status.js'
import { formatCst } from '../../src/lib/time.js'
import type { FieldErrors, FormValues } from '../components/form.js'

export interface CertificateView {
  number: string
  status: 'valid' | 'revoked' | 'expired'
  type: string
  category: string
  holder: string
  issuer: string
  issued_at: string
  expires_at: string
  revoked_at: string | null
}

const STATUS_TEXT = { valid: '有效', revoked: '已撤销', expired: '已过期' } as const
const STATUS_TONE = { valid: 'green', revoked: 'red', expired: 'grey' } as const

export function CertificateStatus({ status }: { status: CertificateView['status'] }) {
  return (
    <span data-qa="certificate-status" data-status={status}>
      <Badge tone={STATUS_TONE[status]}>{t(STATUS_TEXT[status])}</Badge>
    </span>
  )
}

function Facts({ c, holder }: { c: CertificateView; holder: string }) {
  return (
    <dl class="summary">
      <div>
        <dt>{t('证照状态')}</dt>
        <dd>
          <CertificateStatus status={c.status} />
          {c.status === 'revoked' && c.revoked_at ? t('（撤销于 {revoked_at}）', { revoked_at: formatCst(c.revoked_at) }) : ''}
        </dd>
      </div>
      <div>
        <dt>{t('证照名称')}</dt>
        <dd data-qa="certificate-type">{t(c.type)}</dd>
      </div>
      <div>
        <dt>{t('认定类别')}</dt>
        <dd>{c.category}</dd>
      </div>
      <div>
        <dt>{t('持证人')}</dt>
        <dd data-qa="certificate-holder">{holder}</dd>
      </div>
      <div>
        <dt>{t('证照编号')}</dt>
        <dd>{c.number}</dd>
      </div>
      <div>
        <dt>{t('有效期')}</dt>
        <dd>{t('{x} 至 {x2}', { x: formatCst(c.issued_at).slice(0, 10), x2: formatCst(c.expires_at).slice(0, 10) })}</dd>
      </div>
      <div>
        <dt>{t('发证机关')}</dt>
        <dd>{t(c.issuer)}</dd>
      </div>
    </dl>
  )
}

/** Public verification (no login): what the QR code opens. The name is masked; the ID number never appears. */
export function VerifyPage({ c, sharedWith, holderFull }: { c: CertificateView; sharedWith?: string; holderFull?: string }) {
  return (
    <section class="narrow">
      <h1>{t('电子证照核验')}</h1>
      {c.status === 'valid' ? (
        <Notice kind="success" title={t('证照有效')}>
          {t('该证照由{issuer}签发，签名核验通过。', { issuer: t(c.issuer) })}
        </Notice>
      ) : c.status === 'revoked' ? (
        <Notice kind="error" title={t('证照已撤销')}>
          {t('该证照已被发证机关撤销，不再具有证明效力。')}
        </Notice>
      ) : (
        <Notice kind="warning" title={t('证照已过期')}>
          {t('该证照已超过有效期，不再具有证明效力。')}
        </Notice>
      )}
      {sharedWith ? <p class="muted">{t('持证人分享给：{sharedWith}', { sharedWith })}</p> : null}
      <Facts c={c} holder={holderFull ?? c.holder} />
      <p class="muted">{t('本次核验已记录，持证人可以看到核验时间。如有疑问请致电 12333。')}</p>
    </section>
  )
}

export interface HolderCertificate extends CertificateView {
  token: string
  applicationRef: string
  revokeReason: string | null
  verifications: { at: string; channel: 'page' | 'api' | 'share'; sharedWith: string | null; ip: string | null; agent: string | null }[]
  shares: { id: number; label: string; expiresAt: string; active: boolean }[]
}

const CHANNEL = { page: '扫码/网页核验', api: '接口核验', share: '分享链接' } as const

/** 我的证照: each certificate, its QR code and PDF, share links, and who verified it when. */
export function MyCertificatesPage({
  certs,
  publicUrl,
  newShare,
  errors = {},
  values = {},
  errorFor,
}: {
  certs: HolderCertificate[]
  publicUrl: string
  newShare?: { number: string; url: string }
  errors?: FieldErrors
  values?: FormValues
  errorFor?: string
}) {
  return (
    <section>
      <h1>{t('我的电子证照')}</h1>
      {newShare ? (
        <Notice kind="success" title={t('分享链接已生成')}>
          <p>
            {t('请复制下面的链接发送给对方，链接只显示这一次：')}
            <br />
            <code data-qa="share-url">{newShare.url}</code>
          </p>
        </Notice>
      ) : null}
      {certs.length === 0 ? (
        <p data-qa="no-certificates">
          {t('您还没有电子证照。人才认定/登记办结后，证照会自动发放到这里。')}
          <a href="/services/talent-registration">{t('了解人才认定')}</a>
        </p>
      ) : null}
      {certs.map((c) => (
        <article class="panel" data-qa="certificate" id={`c-${c.number}`}>
          <h2>
            {t(c.type)} <CertificateStatus status={c.status} />
          </h2>
          {c.status === 'revoked' && c.revokeReason ? (
            <Notice kind="error">{t('撤销原因：{revokeReason}', { revokeReason: c.revokeReason })}</Notice>
          ) : null}
          <div class="cert-layout">
            <img
              class="qr"
              src={`/verify/${c.token}/qr.svg`}
              alt={t('证照核验二维码，扫码打开 {publicUrl}/verify/…', { publicUrl })}
              width="160"
              height="160"
            />
            <div>
              <Facts c={c} holder={c.holder} />
              <p>
                <a class="button" href={`/me/certificates/${c.number}/pdf`} data-qa="certificate-pdf">
                  {t('下载PDF证照')}
                </a>{' '}
                <a href={`/verify/${c.token}`} data-qa="verify-link">
                  {t('打开核验页面')}
                </a>{' '}
                <a href={`/applications/${c.applicationRef}`}>{t('查看办件')}</a>
              </p>
            </div>
          </div>
          <h3>{t('分享给他人核验')}</h3>
          <Form action={`/me/certificates/${c.number}/shares`}>
            <TextField
              name="label"
              label={t('分享给谁')}
              hint={t('例如“某某公司人事部”；对方打开链接可看到您的完整姓名')}
              value={errorFor === c.number ? values.label : undefined}
              error={errorFor === c.number ? errors.label : undefined}
            />
            <TextField
              name="days"
              label={t('有效天数')}
              inputmode="numeric"
              hint={t('1至30天，到期后链接失效')}
              value={errorFor === c.number ? values.days : '7'}
              error={errorFor === c.number ? errors.days : undefined}
            />
            <button type="submit" class="button secondary">
              {t('生成分享链接')}
            </button>
          </Form>
          {c.shares.length ? (
            <ul data-qa="shares">
              {c.shares.map((s) => (
                <li>
                  {t('{label}：', { label: s.label })}
                  {s.active ? t('有效至 {expiresAt}', { expiresAt: formatCst(s.expiresAt) }) : t('已失效')}
                  {s.active ? (
                    <Form action={`/me/certificates/${c.number}/shares/${s.id}/revoke`} class="inline">
                      <button type="submit" class="link-button">
                        {t('停止分享')}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          <h3>{t('谁核验了我的证照')}</h3>
          {c.verifications.length === 0 ? (
            <p class="muted" data-qa="no-verifications">
              {t('还没有人核验过这张证照。')}
            </p>
          ) : (
            <div class="table-wrap">
              <table data-qa="verifications">
                <thead>
                  <tr>
                    <th>{t('时间')}</th>
                    <th>{t('方式')}</th>
                    <th>{t('来源')}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.verifications.map((v) => (
                    <tr>
                      <td>{formatCst(v.at)}</td>
                      <td>
                        {t(CHANNEL[v.channel])}
                        {v.sharedWith ? t('（{sharedWith}）', { sharedWith: v.sharedWith }) : ''}
                      </td>
                      <td>{[v.agent, v.ip].filter(Boolean).join(t('，')) || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </article>
      ))}
    </section>
  )
}
