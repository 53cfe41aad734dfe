import { t } from '../../src/lib/i18n/index.js'
import { formatCst } from '../../src/lib/time.js'
import type { IncidentRow } from '../../src/modules/admin/table.js'

/** A notice as shown: its texts in the reader's language where published so (`lang`), else the Chinese. */
type Shown = IncidentRow & { lang: 'zh-CN' | 'en'; fallback: boolean }
const zhLang = (i: Shown) => (i.lang === 'zh-CN' ? 'zh-CN' : undefined)

/** Public security notices (安全公告): the list and one notice. */

export function NoticesPage({ list }: { list: Shown[] }) {
  return (
    <section>
      <h1>{t('安全公告')}</h1>
      {list.length === 0 ? (
        <p>{t('暂无公告。')}</p>
      ) : (
        <ul>
          {list.map((i) => (
            <li>
              <a href={`/notices/${i.id}`} lang={zhLang(i)}>
                {i.title}
              </a>{' '}
              {formatCst(i.publishedAt)}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export function NoticePage({ i }: { i: Shown }) {
  const lang = zhLang(i)
  return (
    <article data-qa="notice">
      <h1>
        {t('安全事件告知：')}
        <span lang={lang}>{i.title}</span>
      </h1>
      <p class="muted">{t('发布时间 {publishedAt}', { publishedAt: formatCst(i.publishedAt) })}</p>
      {i.fallback ? <p class="muted">{t('（本公告未发布英文版，以下为中文原文。）')}</p> : null}
      {i.lang === 'en' ? <p class="muted">{t('英文译本仅供参考，以中文版本为准。')}</p> : null}
      <dl class="summary">
        <div>
          <dt>{t('发生了什么')}</dt>
          <dd class="pre" lang={lang}>
            {i.whatHappened}
          </dd>
        </div>
        <div>
          <dt>{t('涉及的数据')}</dt>
          <dd lang={lang}>{i.dataCategories}</dd>
        </div>
        <div>
          <dt>{t('发生时间')}</dt>
          <dd>{formatCst(i.occurredAt)}</dd>
        </div>
        <div>
          <dt>{t('可能的影响')}</dt>
          <dd class="pre" lang={lang}>
            {i.impact}
          </dd>
        </div>
        <div>
          <dt>{t('我们已采取的措施')}</dt>
          <dd class="pre" lang={lang}>
            {i.measures}
          </dd>
        </div>
        <div>
          <dt>{t('您可以这样保护自己')}</dt>
          <dd class="pre" lang={lang}>
            {i.advice}
          </dd>
        </div>
        <div>
          <dt>{t('补救措施')}</dt>
          <dd class="pre" lang={lang}>
            {i.remedies}
          </dd>
        </div>
        <div>
          <dt>{t('联系我们')}</dt>
          <dd>{t('个人信息保护负责人 privacy@talent.gov.example，12333')}</dd>
        </div>
      </dl>
    </article>
  )
}
