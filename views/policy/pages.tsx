import { t } from '../../src/lib/i18n/index.js'
import { formatCst } from '../../src/lib/time.js'
import { Badge, Notice } from '../components/status.js'
import { CsrfField as CsrfInput } from '../components/form.js'

/** The privacy policy: the public page, the accept-the-new-version page and the declined page. */

/** A stored policy text as shown: `lang` of the text (a Chinese fallback on an English page is marked zh-CN). */
type Lang = 'zh-CN' | 'en'
const zhLang = (lang: Lang) => (lang === 'zh-CN' ? 'zh-CN' : undefined)

/**
 * Which text the reader is looking at: on an English page, a translation (the Chinese is binding) or
 * the Chinese because no English was published with this version (decision 0255). Nothing in Chinese.
 */
export function PolicyLanguageNote({ lang, fallback }: { lang: Lang; fallback: boolean }) {
  if (fallback)
    return (
      <p class="muted" data-qa="policy-no-english">
        {t('（本版本未发布英文版，以下为中文原文。）')}
      </p>
    )
  if (lang === 'en')
    return (
      <p class="muted" data-qa="policy-translation">
        {t('英文译本仅供参考，以中文版本为准。')}
      </p>
    )
  return null
}

export function PolicyPage({
  current,
  history,
  upcoming,
}: {
  current: { version: string; title: string; body: string; effectiveAt: string; lang: Lang; fallback: boolean } | null
  history: { version: string; summary: string; publishedAt: string; effectiveAt: string; material: number; lang: Lang }[]
  upcoming: { version: string; effectiveAt: string; summary: string; lang: Lang } | null
}) {
  return (
    <article data-qa="privacy-policy">
      <h1 lang={current ? zhLang(current.lang) : undefined}>{current?.title ?? t('隐私政策')}</h1>
      {upcoming ? (
        <Notice
          kind="warning"
          title={t('新版本 {version} 将于 {effectiveAt} 生效', { version: upcoming.version, effectiveAt: formatCst(upcoming.effectiveAt) })}
        >
          <span lang={zhLang(upcoming.lang)}>{upcoming.summary}</span>
        </Notice>
      ) : null}
      {current ? (
        <p class="muted">
          {t('当前版本 {version}，{effectiveAt} 起生效', { version: current.version, effectiveAt: formatCst(current.effectiveAt) })}
        </p>
      ) : null}
      {current ? <PolicyLanguageNote lang={current.lang} fallback={current.fallback} /> : null}
      <div class="pre policy-body" lang={current ? zhLang(current.lang) : undefined}>
        {current?.body}
      </div>
      <h2>{t('个人信息保护负责人')}</h2>
      <p>
        {t(
          '邮箱 privacy@talent.gov.example，电话 12333（工作日 9:00–17:00）。对我们的处理不满意的，您可以向网信部门、市场监管部门等监管机构投诉举报。',
        )}
      </p>
      <h2>{t('历史版本')}</h2>
      <div class="table-wrap">
        <table class="responsive" data-qa="policy-history">
          <thead>
            <tr>
              <th>{t('版本')}</th>
              <th>{t('发布日期')}</th>
              <th>{t('生效日期')}</th>
              <th>{t('变更摘要')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr>
                <td data-label={t('版本')}>
                  {h.version} {h.material ? <Badge tone="yellow">{t('重大变更')}</Badge> : null}
                </td>
                <td data-label={t('发布日期')}>{formatCst(h.publishedAt)}</td>
                <td data-label={t('生效日期')}>{formatCst(h.effectiveAt)}</td>
                <td data-label={t('变更摘要')} class="long" lang={zhLang(h.lang)}>
                  {h.summary}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  )
}

export function AcceptPolicyPage({
  version,
  summary,
  lang = 'zh-CN',
  effectiveAt,
}: {
  version: string
  summary: string
  lang?: Lang
  effectiveAt: string
}) {
  return (
    <section class="narrow" data-qa="accept-policy">
      <h1>{t('隐私政策已更新')}</h1>
      <p>{t('版本 {version} 已于 {effectiveAt} 生效，主要变化：', { version, effectiveAt: formatCst(effectiveAt) })}</p>
      <Notice>
        <span lang={zhLang(lang)}>{summary}</span>
      </Notice>
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
