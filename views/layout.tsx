import type { Child } from 'hono/jsx'
import { useRequestContext } from 'hono/jsx-renderer'
import type { Context } from 'hono'
import type { AppEnv } from '../src/middleware/env.js'
import { maskPhone } from '../src/lib/crypto.js'
import { CsrfField } from './components/form.js'
import { CookieBanner } from './privacy/pages.js'
import { PolicyNotice } from './policy/notice.js'
import { getCookie } from 'hono/cookie'
import { COOKIE } from '../src/lib/cookie-names.js'
import { t } from '../src/lib/i18n/index.js'

export const PORTAL_NAME = '人才一站式网上办事大厅'
export const HOTLINE = '12333'

export interface LayoutProps {
  title?: string
  /** 'citizen' (default) or 'staff' chooses the navigation. */
  area?: 'citizen' | 'staff'
}

function CitizenNav({ c }: { c: Context<AppEnv> }) {
  const p = c.get('principal')
  return (
    <nav class="nav" aria-label={t('主导航')}>
      <a href="/">{t('首页')}</a>
      <a href="/services">{t('办事服务')}</a>
      {p?.kind === 'citizen' ? (
        <>
          <a href="/applications">{t('我的办件')}</a>
          <a href="/me">{t('个人中心')}</a>
          <a href="/me/messages" data-qa="nav-messages">
            {t('消息')}
            {c.get('unread') > 0 ? (
              <span class="badge" aria-label={t('{n}条未读', { n: c.get('unread') })}>
                {c.get('unread')}
              </span>
            ) : null}
          </a>
          <form method="post" action="/logout" class="inline">
            <CsrfField />
            <button type="submit" class="link-button">
              {t('退出（{who}）', { who: maskPhone(p.user.phone ?? '') })}
            </button>
          </form>
        </>
      ) : (
        <>
          <a href="/login">{t('登录')}</a>
          <a href="/register">{t('注册')}</a>
        </>
      )}
    </nav>
  )
}

function StaffNav({ c }: { c: Context<AppEnv> }) {
  const p = c.get('principal')
  if (p?.kind !== 'staff')
    return (
      <nav class="nav" aria-label={t('主导航')}>
        <a href="/staff/login">{t('工作人员登录')}</a>
      </nav>
    )
  const has = (...r: string[]) => r.some((x) => p.roles.includes(x))
  return (
    <nav class="nav" aria-label={t('主导航')}>
      <a href="/staff">{t('工作台')}</a>
      {has('clerk', 'reviewer', 'supervisor') ? <a href="/staff/cases">{t('办件队列')}</a> : null}
      {has('clerk', 'supervisor') ? <a href="/staff/counter">{t('窗口办理')}</a> : null}
      {has('complaints', 'supervisor') ? <a href="/admin/complaints">{t('来电工单')}</a> : null}
      {has('sysadmin', 'secadmin') ? <a href="/admin">{t('系统管理')}</a> : null}
      {has('auditor') ? <a href="/admin/audit">{t('审计日志')}</a> : null}
      <form method="post" action="/staff/logout" class="inline">
        <CsrfField />
        <button type="submit" class="link-button">
          {t('退出（{who}）', { who: p.staff.staffNo })}
        </button>
      </form>
    </nav>
  )
}

/**
 * 中文 / English: plain links (`?lang=`) to the same page, so the switch works without JS and keeps the
 * query; each name is written in its own language (and marked so) for those who cannot read the other.
 */
function LanguageSwitch({ c }: { c: Context<AppEnv> }) {
  const url = new URL(c.req.url)
  const href = (lang: string) => {
    const q = new URLSearchParams(url.search)
    q.set('lang', lang)
    return `${url.pathname}?${q.toString()}`
  }
  const en = c.get('locale') === 'en'
  return (
    <nav class="lang-switch" aria-label={t('语言')} data-qa="lang-switch">
      <a href={href('zh-CN')} lang="zh-CN" hreflang="zh-CN" aria-current={en ? undefined : 'true'}>
        中文
      </a>
      {' / '}
      <a href={href('en')} lang="en" hreflang="en" aria-current={en ? 'true' : undefined}>
        English
      </a>
    </nav>
  )
}

export function Layout({ children, title, area }: LayoutProps & { children?: Child }) {
  const c = useRequestContext<AppEnv>()
  const care = c.get('careMode')
  const path = new URL(c.req.url).pathname
  const staffArea = area === 'staff' || path.startsWith('/staff') || path.startsWith('/admin')
  return (
    <html lang={c.get('locale')} class={care ? 'care' : undefined}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta
          name="htmx-config"
          content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"historyCacheSize":0,"attributesToSettle":["class","width","height"]}'
        />
        <title>{title ? `${title} - ${t(PORTAL_NAME)}` : t(PORTAL_NAME)}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/vendor/htmx.min.js" defer></script>
      </head>
      <body
        class={[care ? 'care' : '', staffArea ? 'staff-area' : ''].filter(Boolean).join(' ')}
        hx-headers={JSON.stringify({ 'X-CSRF-Token': c.get('csrfToken') })}
      >
        <a class="skip-link" href="#main">
          {t('跳到主要内容')}
        </a>
        <header class={staffArea ? 'site-header staff' : 'site-header'}>
          <div class="wrap header-row">
            <a class="brand" href={staffArea ? '/staff' : '/'}>
              <span class="emblem" aria-hidden="true">
                {t('人')}
              </span>
              <span>
                {t(PORTAL_NAME)}
                {staffArea ? <small class="area">{t('工作人员端')}</small> : null}
              </span>
            </a>
            <LanguageSwitch c={c} />
            <form method="post" action="/prefs/care-mode" class="care-toggle">
              <CsrfField />
              <button type="submit" data-qa="care-toggle" aria-pressed={care ? 'true' : 'false'}>
                {care ? t('退出关怀模式') : t('关怀模式')}
              </button>
            </form>
          </div>
          <div class="wrap">{staffArea ? <StaffNav c={c} /> : <CitizenNav c={c} />}</div>
        </header>
        {!staffArea ? <PolicyNotice notice={c.get('policyNotice') ?? null} /> : null}
        <main id="main" class="wrap" tabindex={-1}>
          {children}
        </main>
        {!staffArea && !getCookie(c, COOKIE.cookieChoice) && !path.startsWith('/cookies') ? <CookieBanner /> : null}
        {staffArea ? (
          // Staff pages: full width, no public footer or cookie links; only what staff need to remember.
          <footer class="site-footer staff-footer">
            <div class="wrap">
              <p class="muted">{t('工作人员端 · 查看和处理办件均记入审计日志，申请人可查看谁访问了其数据')}</p>
            </div>
          </footer>
        ) : (
          <footer class="site-footer">
            <div class="wrap">
              <p>
                <a href="/privacy-policy">{t('隐私政策')}</a> · <a href="/cookies">{t('Cookie 设置')}</a> ·{' '}
                <a href="/accessibility">{t('无障碍说明')}</a> · <a href="/staff/login">{t('工作人员入口')}</a>
              </p>
              <p>
                {t('服务热线')} <strong>{HOTLINE}</strong>
                {t('（工作日 9:00–17:00）· 个人信息保护负责人：{email}', { email: 'privacy@talent.gov.example' })}
              </p>
              <p class="muted">{t('主办单位：市人力资源和社会保障局 人才服务中心')}</p>
            </div>
          </footer>
        )}
      </body>
    </html>
  )
}
