import { t } from '../../src/lib/i18n/index.js'
import { formatCst } from '../../src/lib/time.js'
import { Notice } from '../components/status.js'
import { CsrfField as CsrfInput } from '../components/form.js'

/** The privacy policy: the public page, the accept-the-new-version page and the declined page. */

export function PolicyPage({
  current,
  history,
  upcoming,
}: {
  current: { version: string; title: string; body: string; effectiveAt: string } | null
  history: { version: string; summary: string; publishedAt: string; effectiveAt: string; material: number }[]
  upcoming: { version: string; effectiveAt: string; summary: string } | null
}) {
  return (
    <article data-qa="privacy-policy">
      <h1>{current?.title ?? t('隐私政策')}</h1>
      {upcoming ? (
        <Notice
          kind="warning"
          title={t('新版本 {version} 将于 {effectiveAt} 生效', { version: upcoming.version, effectiveAt: formatCst(upcoming.effectiveAt) })}
        >
          {upcoming.summary}
        </Notice>
      ) : null}
      {current ? (
        <p class="muted">
          {t('当前版本 {version}，{effectiveAt} 起生效', { version: current.version, effectiveAt: formatCst(current.effectiveAt) })}
        </p>
      ) : null}
      <div class="pre policy-body">{current?.body}</div>
      <h2>{t('个人信息保护负责人')}</h2>
      <p>
        {t(
          '邮箱 privacy@talent.gov.example，电话 12333（工作日 9:00–17:00）。对我们的处理不满意的，您可以向网信部门、市场监管部门等监管机构投诉举报。',
        )}
      </p>
      <h2>{t('历史版本')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('版本')}</th>
            <th>{t('发布')}</th>
            <th>{t('生效')}</th>
            <th>{t('变更摘要')}</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr>
              <td>
                {h.version}
                {h.material ? t('（重大变更）') : ''}
              </td>
              <td>{formatCst(h.publishedAt)}</td>
              <td>{formatCst(h.effectiveAt)}</td>
              <td>{h.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  )
}

export function AcceptPolicyPage({ version, summary, effectiveAt }: { version: string; summary: string; effectiveAt: string }) {
  return (
    <section class="narrow" data-qa="accept-policy">
      <h1>{t('隐私政策已更新')}</h1>
      <p>{t('版本 {version} 已于 {effectiveAt} 生效，主要变化：', { version, effectiveAt: formatCst(effectiveAt) })}</p>
      <Notice>{summary}</Notice>
      <p>
        <a href="/privacy-policy">{t('阅读完整政策')}</a>
      </p>
      <form method="post" action="/privacy-policy/accept" class="actions">
        <CsrfInput />
        <input type="hidden" name="version" value={version} />
        <button class="button" type="submit" name="decision" value="accept" data-qa="accept">
          {t('同意并继续')}
        </button>
        <button class="button secondary" type="submit" name="decision" value="decline">
          {t('不同意')}
        </button>
      </form>
    </section>
  )
}

export function DeclinedPolicyPage() {
  return (
    <section class="narrow">
      <h1>{t('您未同意新的隐私政策')}</h1>
      <p>{t('我们不会在未经您同意的情况下按新政策处理您的信息。您仍然可以：')}</p>
      <ul>
        <li>
          <a href="/me/data/export">{t('导出您的数据')}</a>
        </li>
        <li>
          <a href="/me/closure">{t('注销账号')}</a>
        </li>
        <li>
          <a href="/privacy-policy/accept">{t('重新考虑并同意')}</a>
        </li>
      </ul>
    </section>
  )
}
