import { t } from '../../src/lib/i18n/index.js'
import type { CatalogService } from '../../src/modules/catalog/types.js'
import { Badge, Notice } from '../components/status.js'

export function ServiceListPage({
  services,
  q,
  category,
  categories,
}: {
  services: CatalogService[]
  q: string
  category: string
  categories: string[]
}) {
  return (
    <section>
      <h1>{t('办事服务')}</h1>
      <form method="get" action="/services" class="search filters" role="search">
        <label for="sq" class="visually-hidden">
          {t('搜索服务')}
        </label>
        <input id="sq" name="q" type="search" value={q} placeholder={t('搜索服务名称')} />
        <label for="sc" class="visually-hidden">
          {t('分类')}
        </label>
        <select id="sc" name="category">
          <option value="">{t('全部分类')}</option>
          {categories.map((c) => (
            <option value={c} selected={c === category}>
              {t(c)}
            </option>
          ))}
        </select>
        <button class="button" type="submit">
          {t('搜索')}
        </button>
      </form>
      {services.length === 0 ? <p data-qa="no-services">{t('没有找到相关服务。可以换个关键词，或拨打12333咨询。')}</p> : null}
      <ul class="cards services">
        {services.map((s) => (
          <li class="card">
            <a href={`/services/${s.code}`} data-qa={`service-${s.code}`}>
              <strong>{s.name}</strong>
              <span>
                <Badge tone="blue">{s.category}</Badge>{' '}
                {s.status === 'online' ? <Badge tone="green">{t('可网上办理')}</Badge> : <Badge tone="grey">{t('暂停网办')}</Badge>}
              </span>
              <span class="muted">{s.guide.summary}</span>
              <span class="muted">
                {t('承诺时限 {n} 个工作日', { n: s.timeLimitDays })} · {s.applicantKind === 'enterprise' ? t('企业办理') : t('个人办理')} ·{' '}
                {t('免费')}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}

export function ServiceGuidePage({ s }: { s: CatalogService }) {
  return (
    <article data-qa="service-guide">
      <p class="muted">
        <a href="/services">{t('办事服务')}</a> › {s.category}
      </p>
      <h1>{s.name}</h1>
      <p class="lead">{s.guide.summary}</p>
      {s.status === 'online' ? (
        <p>
          <a class="button" href={`/applications/new?service=${s.code}`} data-qa="apply">
            {t('在线办理')}
          </a>
        </p>
      ) : (
        <Notice kind="warning">{t('该服务暂停网上办理，请到服务窗口办理或拨打12333咨询。')}</Notice>
      )}
      <h2>{t('办事指南')}</h2>
      <dl class="summary">
        <div>
          <dt>{t('办理对象')}</dt>
          <dd>{s.applicantKind === 'enterprise' ? t('已认证企业（由企业经办人办理）') : t('已实名认证的个人')}</dd>
        </div>
        <div>
          <dt>{t('承诺时限')}</dt>
          <dd>{t('{n} 个工作日（自受理之日起；补正材料期间暂停计时）', { n: s.timeLimitDays })}</dd>
        </div>
        <div>
          <dt>{t('收费标准')}</dt>
          <dd>{s.guide.fee}</dd>
        </div>
        <div>
          <dt>{t('办理渠道')}</dt>
          <dd>{s.guide.channels}</dd>
        </div>
        <div>
          <dt>{t('咨询电话')}</dt>
          <dd>{s.guide.phone}</dd>
        </div>
      </dl>
      <h3>{t('设立依据')}</h3>
      <ul>
        {s.guide.legalBasis.map((x) => (
          <li>{x}</li>
        ))}
      </ul>
      <h3>{t('申请条件')}</h3>
      <ul>
        {s.guide.conditions.map((x) => (
          <li>{x}</li>
        ))}
      </ul>
      <h3>{t('申请材料')}</h3>
      <table class="responsive" data-qa="guide-materials">
        <thead>
          <tr>
            <th>{t('材料')}</th>
            <th>{t('要求')}</th>
            <th>{t('必需')}</th>
          </tr>
        </thead>
        <tbody>
          {s.form.materials.map((m) => (
            <tr>
              <td data-label={t('材料')}>{m.label}</td>
              <td data-label={t('要求')}>{m.hint}</td>
              <td data-label={t('必需')}>{m.required ? t('是') : t('否')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('办理流程')}</h3>
      <ol>
        {s.guide.processSteps.map((x) => (
          <li>{x}</li>
        ))}
      </ol>
    </article>
  )
}
