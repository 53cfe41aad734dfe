import { useRequestContext } from 'hono/jsx-renderer'
import type { AppEnv } from '../../src/middleware/env.js'
import { t } from '../../src/lib/i18n/index.js'
import { Icon } from '../components/icons.js'
import { CsrfField } from '../components/form.js'
export interface HomeService {
  code: string
  name: string
  category: string
  summary: string
}

export const CATEGORIES = [
  { key: '人才认定', icon: '认', desc: '高层次人才、青年人才认定与登记' },
  { key: '人才补贴', icon: '补', desc: '安居补贴、生活补贴、引才补贴申领' },
  { key: '企业服务', icon: '企', desc: '企业引才、用工与人才项目' },
  { key: '政策咨询', icon: '询', desc: '人才政策查询与解读' },
]

/** The prominent 长辈版 / 关怀模式 entry (适老化): one large button, a plain form post (works without JS). */
function CareEntry() {
  const c = useRequestContext<AppEnv>()
  const care = c.get('careMode')
  return (
    <div class="care-entry" data-qa="care-entry">
      <div>
        <strong>
          <Icon name="care" /> {care ? t('您正在使用长辈版（关怀模式）') : t('长辈版 · 关怀模式')}
        </strong>
        <p class="muted">{care ? t('字号更大、对比更强、按钮更大。') : t('大字号、高对比、大按钮，看得清、点得准。')}</p>
      </div>
      <form method="post" action="/prefs/care-mode">
        <CsrfField />
        <input type="hidden" name="return_to" value="/" />
        <button type="submit" class="button">
          {care ? t('返回标准版') : t('切换到长辈版')}
        </button>
      </form>
    </div>
  )
}

export function HomePage({ services, announcements }: { services: HomeService[]; announcements: { title: string; body: string }[] }) {
  return (
    <>
      {announcements.map((a) => (
        <div class="announcement" role="status" data-qa="announcement">
          <strong>{a.title}</strong> {a.body}
        </div>
      ))}
      <section class="hero" data-qa="hero">
        <h1>{t('人才一站式网上办事大厅')}</h1>
        <p class="lead">{t('一次认证、一网通办。人才认定、补贴申领、企业引才，足不出户办理，进度随时可查。')}</p>
        <form method="get" action="/services" class="search" role="search">
          <label for="q" class="visually-hidden">
            {t('搜索办事服务')}
          </label>
          <input id="q" name="q" type="search" placeholder={t('搜索服务，如：人才认定、安居补贴')} />
          <button type="submit" class="button">
            {t('搜索')}
          </button>
        </form>
      </section>
      <CareEntry />
      <section aria-labelledby="cat-title">
        <h2 id="cat-title">{t('服务分类')}</h2>
        <ul class="cards categories">
          {CATEGORIES.map((cat) => (
            <li class="card">
              <a href={`/services?category=${encodeURIComponent(cat.key)}`}>
                <span class="icon" aria-hidden="true">
                  <Icon name={cat.key} />
                </span>
                <strong>{t(cat.key)}</strong>
                <span class="muted">{t(cat.desc)}</span>
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="hot-title">
        <h2 id="hot-title">{t('热门服务')}</h2>
        {services.length === 0 ? (
          <p class="muted">{t('暂无在线服务。')}</p>
        ) : (
          <ul class="cards services">
            {services.map((s) => (
              <li class="card">
                <a href={`/services/${s.code}`} data-qa={`service-${s.code}`}>
                  <strong>{s.name}</strong>
                  <span class="tag tag-blue">{s.category}</span>
                  <span class="muted">{s.summary}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="steps" aria-labelledby="how-title">
        <h2 id="how-title">{t('办事流程')}</h2>
        <ol>
          <li>
            <strong>{t('注册登录')}</strong> {t('手机号 + 短信验证码')}
          </li>
          <li>
            <strong>{t('实名认证')}</strong> {t('一次认证，全程通用')}
          </li>
          <li>
            <strong>{t('在线申请')}</strong> {t('填写表单、上传材料')}
          </li>
          <li>
            <strong>{t('进度查询')}</strong> {t('短信、站内信实时通知')}
          </li>
        </ol>
      </section>
    </>
  )
}
